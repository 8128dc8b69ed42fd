import Synchronization

/// A file system held in memory, for tests: files are byte arrays keyed by path.
public final class MemoryFileSystem: FileSystem {
    private let state: Mutex<[String: [UInt8]]>
    private let folders: Mutex<Set<String>>

    /// - Parameter files: path → text.
    public init(files: [String: String] = [:]) {
        state = Mutex(files.mapValues { Array($0.utf8) })
        var dirs: Set<String> = []
        for path in files.keys { Self.addParents(of: path, to: &dirs) }
        folders = Mutex(dirs)
    }

    private static func addParents(of path: String, to dirs: inout Set<String>) {
        var parent = Path.parent(path)
        while !parent.isEmpty && parent != "/" {
            dirs.insert(parent)
            parent = Path.parent(parent)
        }
    }

    public func kind(of path: String) -> FileKind? {
        if state.withLock({ $0[path] != nil }) { return .file }
        if folders.withLock({ $0.contains(path) }) { return .directory }
        return nil
    }

    public func contents(ofDirectory path: String) throws(FileSystemError) -> [String] {
        guard kind(of: path) == .directory else { throw FileSystemError(path: path, reason: .notFound) }
        let prefix = path + "/"
        var names: Set<String> = []
        let paths = state.withLock { Array($0.keys) } + folders.withLock { Array($0) }
        for candidate in paths where candidate.hasPrefix(prefix) {
            let rest = candidate.dropFirst(prefix.count)
            if let first = rest.split(separator: "/").first { names.insert(String(first)) }
        }
        return names.sorted()
    }

    public func read(_ path: String) throws(FileSystemError) -> [UInt8] {
        guard let bytes = state.withLock({ $0[path] }) else { throw FileSystemError(path: path, reason: .notFound) }
        return bytes
    }

    public func write(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        if folders.withLock({ $0.contains(path) }) { throw FileSystemError(path: path, reason: .alreadyExists) }
        state.withLock { $0[path] = bytes }
        folders.withLock { Self.addParents(of: path, to: &$0) }
    }

    public func createDirectory(_ path: String) throws(FileSystemError) {
        folders.withLock {
            $0.insert(path)
            Self.addParents(of: path, to: &$0)
        }
    }

    public func remove(_ path: String) throws(FileSystemError) {
        let prefix = path + "/"
        state.withLock { files in
            files[path] = nil
            for key in files.keys where key.hasPrefix(prefix) { files[key] = nil }
        }
        folders.withLock { dirs in
            dirs.remove(path)
            dirs = dirs.filter { !$0.hasPrefix(prefix) }
        }
    }

    public func move(_ source: String, to destination: String) throws(FileSystemError) {
        guard let sourceKind = kind(of: source) else { throw FileSystemError(path: source, reason: .notFound) }
        if kind(of: destination) != nil { throw FileSystemError(path: destination, reason: .alreadyExists) }
        let prefix = source + "/"
        state.withLock { files in
            for (key, value) in files where key == source || key.hasPrefix(prefix) {
                files[key] = nil
                files[destination + key.dropFirst(source.count)] = value
            }
        }
        folders.withLock { dirs in
            let moved = dirs.filter { $0 == source || $0.hasPrefix(prefix) }
            dirs.subtract(moved)
            for dir in moved { dirs.insert(destination + dir.dropFirst(source.count)) }
            if sourceKind == .file { Self.addParents(of: destination, to: &dirs) }
        }
    }

    public func size(of path: String) -> Int? {
        state.withLock { $0[path]?.count }
    }

    /// Memory holds no links: a path that exists is its own resolved path.
    public func resolvedPath(_ path: String) -> String? {
        kind(of: path) == nil ? nil : (path.hasPrefix("/") ? path : "/" + path)
    }

    /// All files as text, for assertions.
    public var textFiles: [String: String] {
        state.withLock { $0.mapValues { String(decoding: $0, as: UTF8.self) } }
    }
}
