/// The one seam through which the pipeline touches files, so that most tests run in memory.
///
/// Paths are plain strings joined with `/`. Implementations: `DiskFileSystem` for real use,
/// `MemoryFileSystem` for tests.
public protocol FileSystem: Sendable {
    func kind(of path: String) -> FileKind?
    /// The names (not paths) of the entries in a folder, sorted.
    func contents(ofDirectory path: String) throws(FileSystemError) -> [String]
    func read(_ path: String) throws(FileSystemError) -> [UInt8]
    /// Writes a file, creating missing parent folders.
    func write(_ bytes: [UInt8], to path: String) throws(FileSystemError)
    func createDirectory(_ path: String) throws(FileSystemError)
    /// Removes a file or a whole folder; no error when it does not exist.
    func remove(_ path: String) throws(FileSystemError)
    /// Renames in one step; the destination must not exist.
    func move(_ source: String, to destination: String) throws(FileSystemError)
}

public enum FileKind: Sendable, Equatable {
    case file
    case directory
    /// A symbolic link that does not resolve (dangling or a loop).
    case brokenLink
}

/// What went wrong touching a file, with the path it concerns.
public struct FileSystemError: Error, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        case notFound
        case notADirectory
        case alreadyExists
        case permissionDenied
        case other(String)
    }

    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var message: String {
        switch reason {
        case .notFound: return "\(path): no such file or folder"
        case .notADirectory: return "\(path): not a folder"
        case .alreadyExists: return "\(path): already exists"
        case .permissionDenied: return "\(path): permission denied"
        case .other(let text): return "\(path): \(text)"
        }
    }
}

extension FileSystem {
    public func exists(_ path: String) -> Bool { kind(of: path) != nil }
    public func isDirectory(_ path: String) -> Bool { kind(of: path) == .directory }

    public func write(_ text: String, to path: String) throws(FileSystemError) {
        try write(Array(text.utf8), to: path)
    }

    /// Every file below `root`, as paths relative to it, sorted; folders are walked recursively.
    public func allFiles(under root: String) throws(FileSystemError) -> [String] {
        var result: [String] = []
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : Path.join(root, relative)
            for name in try contents(ofDirectory: folder) {
                let child = relative.isEmpty ? name : relative + "/" + name
                switch kind(of: Path.join(root, child)) {
                case .directory: pending.append(child)
                case .file, .brokenLink: result.append(child)
                case nil: continue
                }
            }
        }
        return result.sorted()
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
