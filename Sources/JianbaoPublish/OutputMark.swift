import JianbaoSupport

/// The file at the root of every folder jianbao publishes, saying the folder is jianbao's to replace.
///
/// Publishing replaces the output folder as a whole, so `--output ~/Documents` would delete all
/// that is in it. A folder is therefore replaced only when it is missing, empty, or holds this mark
/// (or the caller knows otherwise that jianbao made it); anything else is refused, and `--force`
/// is the user's own decision.
public enum OutputMark {
    public static let fileName = ".jianbao-output"
    static let bytes = Array("""
        This folder was made by jianbao (简报). Every `jianbao build` into it replaces it as a whole:
        keep nothing of your own in here.

        """.utf8)
}

extension Publisher {
    /// What is at the output path, as far as replacing it goes.
    public enum OutputFolder: Sendable, Equatable {
        case missing
        case empty
        case marked
        /// A file, or a link that leads nowhere, where the folder should be.
        case notAFolder
        /// A folder jianbao did not make: the first few of its `count` entries, sorted.
        case unmarked(entries: [String], count: Int)

        public var isReplaceable: Bool {
            switch self {
            case .missing, .empty, .marked: return true
            case .notAFolder, .unmarked: return false
            }
        }
    }

    public func outputFolder() -> OutputFolder {
        switch fileSystem.kind(of: output) {
        case nil: return .missing
        case .file, .brokenLink, .special: return .notAFolder
        case .directory: break
        }
        let names = (try? fileSystem.contents(ofDirectory: output)) ?? []
        if names.isEmpty { return .empty }
        if fileSystem.kind(of: Path.join(output, OutputMark.fileName)) == .file { return .marked }
        return .unmarked(entries: Array(names.prefix(3)), count: names.count)
    }

    /// Throws unless the output folder may be replaced: it is missing, empty or marked, or
    /// `madeByAnOlderBuild` (asked only then) knows that jianbao made it before marks existed.
    public func checkReplaceable(madeByAnOlderBuild: () -> Bool) throws(PublishError) {
        let found = outputFolder()
        if found.isReplaceable || madeByAnOlderBuild() { return }
        let hint = "publishing replaces the output folder and everything in it: choose a new or empty folder with --output DIR, "
            + "or pass --force to replace this one"
        switch found {
        case .unmarked(let entries, let count):
            let names = entries.map(Self.printable).joined(separator: ", ") + (count > entries.count ? " and \(count - entries.count) more" : "")
            throw PublishError(path: output, message: "refusing to replace this folder: jianbao did not make it "
                               + "(it holds \(names), and no \(OutputMark.fileName) mark)", hint: hint)
        default:
            throw PublishError(path: output, message: "refusing to replace this path: it is not a folder", hint: hint)
        }
    }

    /// A name as the terminal may show it: control characters (escape sequences) become `?`.
    static func printable(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? "?" : $0 }))
    }
}
