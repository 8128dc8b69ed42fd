import JianbaoPublish
import JianbaoSupport

/// What the site in the output folder was built from: every file of the content and the templates
/// with its size and modification time, the jianbao executable, the options, and the output folder
/// itself. Kept in a small file beside the output (`.public.jianbao-state`, never inside it).
///
/// When a build finds the same description, nothing can have changed and it publishes nothing: a
/// no-op rebuild costs one `stat` a file. Any difference (a file edited, added, removed or touched,
/// a new jianbao, the output folder replaced) means a real build, which in turn rewrites only the
/// files whose bytes changed.
public struct BuildState: Equatable {
    let text: String

    /// Describes the inputs now. `options` are every option besides the content and templates
    /// folders that changes the output.
    public static func current(content: String, templates: String, options: [String], fileSystem: any FileSystem) -> BuildState {
        var lines = ["jianbao-state 1", "options \(([content, templates] + options).joined(separator: "\t"))"]
        let executable = DocumentCache.executableStamp()
        if !executable.isEmpty { lines.append("executable \(executable)") }
        for (name, root) in [("content", content), ("templates", templates)] {
            lines.append("\(name) \(root)")
            for (path, stamp) in fileSystem.stamps(under: root) {
                lines.append("\(path)\t\(stamp.text)")
            }
        }
        return BuildState(text: lines.joined(separator: "\n") + "\n")
    }

    /// The state with the output folder as it is now (the folder is a new one after each publish).
    func withOutput(_ output: String, fileSystem: any FileSystem) -> BuildState? {
        guard let stamp = fileSystem.stamp(of: output), stamp.isDirectory else { return nil }
        return BuildState(text: text + "output \(stamp.inode) \(stamp.modified)\n")
    }

    /// True when the state file beside the output describes exactly `self` and the output is still there.
    public func matchesSaved(publisher: Publisher) -> Bool {
        guard let saved = try? publisher.fileSystem.read(publisher.statePath),
              let now = withOutput(publisher.output, fileSystem: publisher.fileSystem) else { return false }
        return saved == Array(now.text.utf8)
    }

    /// Records `self` for the output just published. A failure only costs the next build its shortcut.
    public func save(publisher: Publisher) {
        guard let now = withOutput(publisher.output, fileSystem: publisher.fileSystem) else { return }
        try? publisher.fileSystem.write(now.text, to: publisher.statePath)
    }

    /// True when the state file beside the output names this very folder, as the build that wrote it
    /// left it (same inode, same modification time: nothing added at its top since, nor a new folder
    /// put in its place). That is how the output of a jianbao from before `OutputMark` is known.
    public static func madeOutput(of publisher: Publisher) -> Bool {
        let fileSystem = publisher.fileSystem
        guard let stamp = fileSystem.stamp(of: publisher.output), stamp.isDirectory,
              let saved = try? fileSystem.read(publisher.statePath) else { return false }
        let lastLine = saved.split(separator: UInt8(ascii: "\n")).last.map { String(decoding: $0, as: UTF8.self) }
        return lastLine == "output \(stamp.inode) \(stamp.modified)"
    }

    /// Forgets the saved state, before the output is replaced.
    public static func forget(publisher: Publisher) {
        try? publisher.fileSystem.remove(publisher.statePath)
    }
}
