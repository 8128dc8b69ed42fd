import JianbaoSupport

/// The new site while it is being written: a folder beside the output that any task may add files
/// to, swapped in as a whole by `commit()`.
///
/// A file whose bytes are the same as in the current output is not written again: the staging
/// folder gets a hard link to the current file, so after the swap it is the same file with the same
/// modification time (rsync and browsers' caches see nothing new). The swap itself stays one
/// atomic exchange: the output is always the complete old or the complete new site.
public struct StagingFolder: Sendable {
    public let publisher: Publisher

    /// What putting one file did.
    public enum Outcome: Sendable, Equatable {
        case written(bytes: Int)
        /// The output already held these bytes: linked, not written.
        case kept(bytes: Int)
    }

    /// Removes what a killed build left and makes the staging folder, holding only the output mark.
    public init(publisher: Publisher) throws(PublishError) {
        self.publisher = publisher
        let fileSystem = publisher.fileSystem
        if fileSystem.kind(of: publisher.output) == .file {
            throw PublishError(path: publisher.output, message: "the output path is a file, not a folder", hint: "remove it or choose another --output")
        }
        publisher.removeLeftovers()
        do {
            try fileSystem.createDirectory(publisher.stagingPath)
            _ = try put(OutputMark.bytes, at: OutputMark.fileName)
        } catch {
            throw PublishError(path: error.path, message: "could not write the new site: \(error.message)",
                               hint: "the output folder was left as it was; check the disk space and permissions")
        }
    }

    /// Puts `bytes` at `relative` (a path below the output root).
    public func put(_ bytes: [UInt8], at relative: String) throws(FileSystemError) -> Outcome {
        let target = Path.join(publisher.stagingPath, relative)
        let fileSystem = publisher.fileSystem
        let current = Path.join(publisher.output, relative)
        if fileSystem.holds(bytes, at: current), (try? fileSystem.link(current, as: target)) != nil {
            return .kept(bytes: bytes.count)
        }
        try fileSystem.write(bytes, to: target)
        return .written(bytes: bytes.count)
    }

    /// Links the current output's file at `relative` into the new site unchanged, without knowing its
    /// bytes; nil when there is no such file.
    public func keepCurrent(_ relative: String) -> Outcome? {
        let fileSystem = publisher.fileSystem
        let current = Path.join(publisher.output, relative)
        guard let stamp = fileSystem.stamp(of: current), !stamp.isDirectory,
              (try? fileSystem.link(current, as: Path.join(publisher.stagingPath, relative))) != nil else { return nil }
        return .kept(bytes: stamp.size)
    }

    /// Copies the file at `source` to `relative` below the output root.
    public func copy(from source: String, to relative: String) throws(FileSystemError) -> Outcome {
        try put(try publisher.fileSystem.read(source), at: relative)
    }

    /// Swaps the staging folder in for the output.
    public func commit() throws(PublishError) {
        try publisher.swapIn()
    }

    /// Removes the staging folder; the output stays as it was.
    public func abandon() {
        try? publisher.fileSystem.remove(publisher.stagingPath)
    }
}
