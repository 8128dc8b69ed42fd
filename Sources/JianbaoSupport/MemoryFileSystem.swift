import Synchronization

/// A file system held in memory, for tests: files are byte arrays keyed by path.
///
/// It has what incremental builds need, like the disk: every file and folder has an identity (an
/// inode number) and a modification time (a clock that ticks at every write), a hard link is a
/// second path to the same file (writing through either changes both), and two folders can be
/// exchanged in one step.
public final class MemoryFileSystem: FileSystem {
    private struct Contents {
        var bytes: [UInt8]
        var modified: Int
    }

    private struct Storage {
        /// File path → inode.
        var files: [String: UInt64] = [:]
        /// Inode → the file's bytes and modification time.
        var contents: [UInt64: Contents] = [:]
        /// Folder path → inode.
        var folders: [String: UInt64] = [:]
        var lastInode: UInt64 = 0
        var clock = 0

        mutating func newInode() -> UInt64 {
            lastInode += 1
            return lastInode
        }

        mutating func tick() -> Int {
            clock += 1
            return clock
        }

        mutating func addParents(of path: String) {
            var parent = Path.parent(path)
            while !parent.isEmpty && parent != "/" && folders[parent] == nil {
                folders[parent] = newInode()
                parent = Path.parent(parent)
            }
        }

        /// Every file and folder at `path` or below it, renamed to start with `destination`.
        mutating func rename(_ path: String, to destination: String) {
            let prefix = path + "/"
            func moved(_ key: String) -> String { destination + key.dropFirst(path.count) }
            for (key, inode) in files where key == path || key.hasPrefix(prefix) {
                files[key] = nil
                files[moved(key)] = inode
            }
            for (key, inode) in folders where key == path || key.hasPrefix(prefix) {
                folders[key] = nil
                folders[moved(key)] = inode
            }
        }
    }

    private let storage: Mutex<Storage>

    /// - Parameter files: path → text.
    public init(files: [String: String] = [:]) {
        var storage = Storage()
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let inode = storage.newInode()
            storage.files[path] = inode
            storage.contents[inode] = Contents(bytes: Array(text.utf8), modified: storage.tick())
            storage.addParents(of: path)
        }
        self.storage = Mutex(storage)
    }

    public func kind(of path: String) -> FileKind? {
        storage.withLock { storage in
            if storage.files[path] != nil { return .file }
            if storage.folders[path] != nil { return .directory }
            return nil
        }
    }

    public func contents(ofDirectory path: String) throws(FileSystemError) -> [String] {
        let names: [String]? = storage.withLock { storage in
            guard storage.folders[path] != nil else { return nil }
            let prefix = path + "/"
            var names: Set<String> = []
            for candidate in Array(storage.files.keys) + Array(storage.folders.keys) where candidate.hasPrefix(prefix) {
                if let first = candidate.dropFirst(prefix.count).split(separator: "/").first { names.insert(String(first)) }
            }
            return names.sorted()
        }
        guard let names else { throw FileSystemError(path: path, reason: .notFound) }
        return names
    }

    public func read(_ path: String) throws(FileSystemError) -> [UInt8] {
        let bytes = storage.withLock { storage in storage.files[path].flatMap { storage.contents[$0]?.bytes } }
        guard let bytes else { throw FileSystemError(path: path, reason: .notFound) }
        return bytes
    }

    /// Writes into the file at `path` when there is one (through all its links, as on disk), or
    /// makes a new file.
    public func write(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        let isFolder = storage.withLock { storage -> Bool in
            if storage.folders[path] != nil { return true }
            let inode = storage.files[path] ?? storage.newInode()
            storage.files[path] = inode
            storage.contents[inode] = Contents(bytes: bytes, modified: storage.tick())
            storage.addParents(of: path)
            return false
        }
        if isFolder { throw FileSystemError(path: path, reason: .alreadyExists) }
    }

    public func createDirectory(_ path: String) throws(FileSystemError) {
        storage.withLock { storage in
            if storage.folders[path] == nil { storage.folders[path] = storage.newInode() }
            storage.addParents(of: path)
        }
    }

    public func remove(_ path: String) throws(FileSystemError) {
        storage.withLock { storage in
            let prefix = path + "/"
            var removed: Set<UInt64> = []
            for (key, inode) in storage.files where key == path || key.hasPrefix(prefix) {
                storage.files[key] = nil
                removed.insert(inode)
            }
            // A file stays while another link names it.
            removed.subtract(storage.files.values)
            for inode in removed { storage.contents[inode] = nil }
            for key in storage.folders.keys where key == path || key.hasPrefix(prefix) { storage.folders[key] = nil }
        }
    }

    public func move(_ source: String, to destination: String) throws(FileSystemError) {
        let problem: FileSystemError? = storage.withLock { storage in
            guard storage.files[source] != nil || storage.folders[source] != nil else {
                return FileSystemError(path: source, reason: .notFound)
            }
            if storage.files[destination] != nil || storage.folders[destination] != nil {
                return FileSystemError(path: destination, reason: .alreadyExists)
            }
            storage.rename(source, to: destination)
            storage.addParents(of: destination)
            return nil
        }
        if let problem { throw problem }
    }

    public func size(of path: String) -> Int? {
        storage.withLock { storage in storage.files[path].flatMap { storage.contents[$0]?.bytes.count } }
    }

    /// Memory holds no symbolic links: a path that exists is its own resolved path.
    public func resolvedPath(_ path: String) -> String? {
        kind(of: path) == nil ? nil : (path.hasPrefix("/") ? path : "/" + path)
    }

    public func stamp(of path: String) -> FileStamp? {
        storage.withLock { storage in
            if let inode = storage.files[path], let contents = storage.contents[inode] {
                return FileStamp(size: contents.bytes.count, modified: contents.modified, inode: inode, isDirectory: false)
            }
            if let inode = storage.folders[path] { return FileStamp(size: 0, modified: 0, inode: inode, isDirectory: true) }
            return nil
        }
    }

    public func stamps(under root: String) -> [(path: String, stamp: FileStamp)] {
        storage.withLock { storage in
            let prefix = root + "/"
            return storage.files.compactMap { path, inode -> (path: String, stamp: FileStamp)? in
                guard path.hasPrefix(prefix), let contents = storage.contents[inode] else { return nil }
                return (String(path.dropFirst(prefix.count)),
                        FileStamp(size: contents.bytes.count, modified: contents.modified, inode: inode, isDirectory: false))
            }.sorted { $0.path < $1.path }
        }
    }

    public func link(_ existing: String, as newPath: String) throws(FileSystemError) {
        let problem: FileSystemError? = storage.withLock { storage in
            guard let inode = storage.files[existing] else { return FileSystemError(path: existing, reason: .notFound) }
            if storage.files[newPath] != nil || storage.folders[newPath] != nil {
                return FileSystemError(path: newPath, reason: .alreadyExists)
            }
            storage.files[newPath] = inode
            storage.addParents(of: newPath)
            return nil
        }
        if let problem { throw problem }
    }

    public func holds(_ bytes: [UInt8], at path: String) -> Bool {
        storage.withLock { storage in storage.files[path].flatMap { storage.contents[$0]?.bytes } == bytes }
    }

    public func write(chunks: [ArraySlice<UInt8>], to path: String) throws(FileSystemError) {
        try write(Array(chunks.joined()), to: path)
    }

    public func exchange(_ first: String, _ second: String) -> Bool {
        storage.withLock { storage in
            let present = [first, second].filter { storage.files[$0] != nil || storage.folders[$0] != nil }
            guard present.count == 2 else { return false }
            let aside = "\u{0}exchange"
            storage.rename(first, to: aside)
            storage.rename(second, to: first)
            storage.rename(aside, to: second)
            return true
        }
    }

    /// All files as text, for assertions.
    public var textFiles: [String: String] {
        storage.withLock { storage in
            var result: [String: String] = [:]
            for (path, inode) in storage.files {
                result[path] = String(decoding: storage.contents[inode]?.bytes ?? [], as: UTF8.self)
            }
            return result
        }
    }
}
