/// The one seam through which the pipeline touches files, so that most tests run in memory.
///
/// Paths are plain strings joined with `/`. Implementations: `DiskFileSystem` for real use,
/// `MemoryFileSystem` for tests. Both have what incremental builds need (stamps that tell a file
/// changed, hard links, an atomic exchange), so incremental builds run in memory too.
public protocol FileSystem: Sendable {
    func kind(of path: String) -> FileKind?
    /// The names (not paths) of the entries in a folder, sorted.
    func contents(ofDirectory path: String) throws(FileSystemError) -> [String]
    func read(_ path: String) throws(FileSystemError) -> [UInt8]
    /// Reads a regular file of at most `limit` bytes; a larger one is an error, not read.
    func read(_ path: String, atMost limit: Int) throws(FileSystemError) -> [UInt8]
    /// Writes a file, creating missing parent folders.
    func write(_ bytes: [UInt8], to path: String) throws(FileSystemError)
    func createDirectory(_ path: String) throws(FileSystemError)
    /// Removes a file or a whole folder; no error when it does not exist.
    func remove(_ path: String) throws(FileSystemError)
    /// Renames in one step; the destination must not exist.
    func move(_ source: String, to destination: String) throws(FileSystemError)
    /// The size in bytes of a file (through symbolic links); nil when there is no such file.
    func size(of path: String) -> Int?
    /// The absolute path with every symbolic link, `.` and `..` resolved; nil when it does not resolve.
    func resolvedPath(_ path: String) -> String?

    // What incremental builds need.

    /// Size, modification time and identity of a file or folder (through links); nil when there is none.
    func stamp(of path: String) -> FileStamp?
    /// Every file below `root` (links followed), relative path → stamp, sorted by path. Names
    /// starting with `.` are included: the stamps say whether anything at all changed.
    func stamps(under root: String) -> [(path: String, stamp: FileStamp)]
    /// Makes `newPath` a second name (hard link) of the file at `existing`, creating missing parent
    /// folders: the file keeps its identity and modification time.
    func link(_ existing: String, as newPath: String) throws(FileSystemError)
    /// True when `path` is a file holding exactly `bytes`.
    func holds(_ bytes: [UInt8], at path: String) -> Bool
    /// Writes the chunks one after the other into one file, without joining them in memory first.
    func write(chunks: [ArraySlice<UInt8>], to path: String) throws(FileSystemError)
    /// Swaps two existing paths in one atomic step; false when this file system cannot (nothing was done).
    func exchange(_ first: String, _ second: String) -> Bool
}

/// A file's size, modification time (nanoseconds) and identity (inode): enough to tell that it changed.
public struct FileStamp: Sendable, Equatable {
    public var size: Int
    public var modified: Int
    public var inode: UInt64
    public var isDirectory: Bool

    public init(size: Int, modified: Int, inode: UInt64, isDirectory: Bool) {
        self.size = size
        self.modified = modified
        self.inode = inode
        self.isDirectory = isDirectory
    }

    /// `size modified inode`, the form the build's state and cache keep.
    public var text: String { "\(size) \(modified) \(inode)" }
}

public enum FileKind: Sendable, Equatable {
    case file
    case directory
    /// A symbolic link that does not resolve (dangling or a loop).
    case brokenLink
    /// A named pipe, socket or device (`/dev/zero`): never read, since reading one can block for
    /// ever or never end.
    case special
}

/// What went wrong touching a file, with the path it concerns.
public struct FileSystemError: Error, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        case notFound
        case notADirectory
        case alreadyExists
        case permissionDenied
        /// Symbolic links that lead back to themselves, or a folder link back to a folder that holds
        /// it (then `to` is where the link leads).
        case linkLoop(to: String?)
        case other(String)
    }

    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// The path and what is wrong with it.
    public var message: String { "\(path): \(problem)" }

    /// A file larger than a read allows.
    public static func tooLarge(_ path: String, size: Int, limit: Int) -> FileSystemError {
        FileSystemError(path: path, reason: .other("the file is larger than \(limit) bytes (\(size)), more than jianbao reads"))
    }

    /// What is wrong, without the path.
    public var problem: String {
        switch reason {
        case .notFound: return "no such file or folder"
        case .notADirectory: return "not a folder"
        case .alreadyExists: return "already exists"
        case .permissionDenied: return "permission denied"
        case .linkLoop(let folder?): return "a symbolic link loop: the link leads to \(folder), a folder that holds it, which would be read forever"
        case .linkLoop(nil): return "a symbolic link loop: the link leads, through other links, back to itself"
        case .other(let text): return text
        }
    }
}

extension FileSystem {
    /// Reads the whole file and refuses it when it is larger than `limit`: for file systems that
    /// hold only regular files of known size (in memory).
    public func read(_ path: String, atMost limit: Int) throws(FileSystemError) -> [UInt8] {
        if let size = size(of: path), size > limit { throw FileSystemError.tooLarge(path, size: size, limit: limit) }
        return try read(path)
    }

    public func exists(_ path: String) -> Bool { kind(of: path) != nil }
    public func isDirectory(_ path: String) -> Bool { kind(of: path) == .directory }

    public func write(_ text: String, to path: String) throws(FileSystemError) {
        try write(Array(text.utf8), to: path)
    }

    /// Every file below `root`, as paths relative to it, sorted; folders are walked recursively.
    ///
    /// Folder links are followed, but one that leads back to a folder on its own path (a loop, which
    /// would be walked forever) is an error.
    public func allFiles(under root: String) throws(FileSystemError) -> [String] {
        var result: [String] = []
        let rootIdentity = resolvedPath(root) ?? root
        var pending: [(relative: String, ancestors: [String])] = [("", [rootIdentity])]
        while let (relative, ancestors) = pending.popLast() {
            let folder = relative.isEmpty ? root : Path.join(root, relative)
            for name in try contents(ofDirectory: folder) {
                let child = relative.isEmpty ? name : relative + "/" + name
                let path = Path.join(root, child)
                switch kind(of: path) {
                case .directory:
                    let identity = resolvedPath(path) ?? path
                    if ancestors.contains(identity) {
                        let link = lastLink(on: child, under: root) ?? path
                        throw FileSystemError(path: link, reason: .linkLoop(to: resolvedPath(link) ?? identity))
                    }
                    pending.append((child, ancestors + [identity]))
                case .file, .brokenLink, .special: result.append(child)
                case nil: continue
                }
            }
        }
        return result.sorted()
    }

    /// The deepest folder on `relative` that is a symbolic link: where its resolved path is not
    /// its parent's resolved path and its name.
    private func lastLink(on relative: String, under root: String) -> String? {
        var path = root
        var found: String?
        for component in relative.split(separator: "/") {
            let parentResolved = resolvedPath(path)
            path = Path.join(path, String(component))
            if let parentResolved, resolvedPath(path) != Path.join(parentResolved, String(component)) { found = path }
        }
        return found
    }
}

/// Small helpers for `/`-separated paths.
public enum Path {
    public static func join(_ parts: String...) -> String { join(parts) }

    public static func join(_ parts: [String]) -> String {
        var result = ""
        for part in parts where !part.isEmpty {
            if result.isEmpty || result.hasSuffix("/") {
                result += part
            } else {
                result += "/" + (part.hasPrefix("/") ? String(part.dropFirst()) : part)
            }
        }
        return result
    }

    public static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    public static func lastComponent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The name without its last extension: `19.md` → `19`.
    public static func stem(_ path: String) -> String {
        let name = lastComponent(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    public static func fileExtension(_ path: String) -> String {
        let name = lastComponent(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...]).lowercased()
    }

    /// Resolves `.` and `..` in a relative path; nil when it climbs above its start.
    public static func normalizedRelative(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if parts.isEmpty { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }
}
