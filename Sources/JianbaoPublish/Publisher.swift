import JianbaoSupport

/// Puts a finished site in place of the output folder without ever leaving it half-written.
///
/// Everything is written to a staging folder beside the output first; only when every file is
/// there does one atomic exchange swap the two folders, and the old site is removed after. A build
/// killed at any moment leaves the old site whole; the staging folder it left is removed by the
/// next build.
public struct Publisher: Sendable {
    public let fileSystem: any FileSystem
    /// The output folder, e.g. `public`.
    public let output: String

    public init(fileSystem: any FileSystem, output: String) {
        self.fileSystem = fileSystem
        self.output = Self.trimmedSlashes(output)
    }

    /// What publishing did.
    public struct Report: Sendable, Equatable {
        /// Files written anew.
        public var filesWritten: Int
        public var bytesWritten: Int
        /// Files whose bytes had not changed: linked from the old output, not rewritten.
        public var filesKept: Int = 0

        public init(filesWritten: Int = 0, bytesWritten: Int = 0, filesKept: Int = 0) {
            self.filesWritten = filesWritten
            self.bytesWritten = bytesWritten
            self.filesKept = filesKept
        }

        public mutating func add(_ outcome: StagingFolder.Outcome) {
            switch outcome {
            case .written(let bytes):
                filesWritten += 1
                bytesWritten += bytes
            case .kept:
                filesKept += 1
            }
        }
    }

    /// Prefix of the folders the publisher makes beside the output.
    var workPrefix: String { "." + Path.lastComponent(output) + ".jianbao-" }
    var stagingPath: String { sibling(workPrefix + "staging") }
    var oldPath: String { sibling(workPrefix + "old") }
    /// A small file beside the output describing the inputs of the site it holds (see `BuildState`).
    public var statePath: String { sibling(workPrefix + "state") }
    /// The documents of the site it holds, for incremental builds (see `DocumentCache`).
    public var cachePath: String { sibling(workPrefix + "cache") }

    private func sibling(_ name: String) -> String {
        let parent = Path.parent(output)
        return parent.isEmpty ? name : Path.join(parent, name)
    }

    /// Writes `files` and copies `copies` (source path → path below the output) into a new output folder.
    public func publish(files: [(path: String, bytes: [UInt8])], copies: [(source: String, destination: String)]) throws(PublishError) -> Report {
        let staging = try StagingFolder(publisher: self)
        var report = Report()
        do {
            for file in files { report.add(try staging.put(file.bytes, at: file.path)) }
            for copy in copies { report.add(try staging.copy(from: copy.source, to: copy.destination)) }
        } catch {
            staging.abandon()
            throw PublishError(path: error.path, message: "could not write the new site: \(error.message)",
                               hint: "the output folder was left as it was; check the disk space and permissions")
        }
        try staging.commit()
        return report
    }

    /// Removes staging and old folders a killed build left behind.
    public func removeLeftovers() {
        try? fileSystem.remove(stagingPath)
        try? fileSystem.remove(oldPath)
    }

    func swapIn() throws(PublishError) {
        guard fileSystem.exists(output) else {
            do {
                try fileSystem.move(stagingPath, to: output)
                return
            } catch {
                throw PublishError(path: output, message: "could not move the new site into place: \(error.message)", hint: nil)
            }
        }
        if fileSystem.exchange(stagingPath, output) {
            // The staging path now holds the old site.
            try? fileSystem.remove(stagingPath)
            return
        }
        // No atomic exchange on this file system: two renames.
        do {
            try fileSystem.move(output, to: oldPath)
            try fileSystem.move(stagingPath, to: output)
        } catch {
            throw PublishError(path: output, message: "could not swap the new site into place: \(error.message)",
                               hint: "the previous site may be at \(oldPath)")
        }
        try? fileSystem.remove(oldPath)
    }

    static func trimmedSlashes(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }
}

/// Publishing failed; the output folder is as it was.
public struct PublishError: Error, Sendable {
    public var path: String
    public var message: String
    public var hint: String?

    public init(path: String, message: String, hint: String?) {
        self.path = path
        self.message = message
        self.hint = hint
    }
}
