import CJianbaoSys
#if canImport(Glibc)
import Glibc
#endif

/// What incremental builds need from the disk: compare a file with new bytes, link a file that did
/// not change instead of rewriting it, cheap stamps (size, modification time) of whole trees, and
/// the atomic exchange of two folders.
extension DiskFileSystem {
    /// True when `path` is a regular file holding exactly `bytes`. Compares sizes first, so a changed
    /// page usually costs one `stat`.
    public func holds(_ bytes: [UInt8], at path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else { return false }
        guard let current = try? read(path) else { return false }
        return current == bytes
    }

    /// Makes `newPath` a second name (hard link) of the file at `existing`, creating missing parent
    /// folders: the file keeps its inode and modification time.
    /// Tries the link first and makes the folders only when it fails for want of them: ten thousand
    /// kept pages cost ten thousand `link` and `mkdir` calls, not five `stat`s each on top.
    public func link(_ existing: String, as newPath: String) throws(FileSystemError) {
        if Glibc.link(existing, newPath) == 0 { return }
        let parent = Path.parent(newPath)
        if errno == ENOENT, !parent.isEmpty {
            try makeFolders(parent)
            if Glibc.link(existing, newPath) == 0 { return }
        }
        throw FileSystemError(path: newPath, reason: .other(String(cString: strerror(errno))))
    }

    /// `mkdir -p`, starting with the deepest folder.
    func makeFolders(_ path: String) throws(FileSystemError) {
        if mkdir(path, 0o755) == 0 { return }
        switch errno {
        case EEXIST:
            if kind(of: path) == .directory { return }
            throw FileSystemError(path: path, reason: .notADirectory)
        case ENOENT:
            let parent = Path.parent(path)
            guard !parent.isEmpty, parent != "/" else { break }
            try makeFolders(parent)
            if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        default:
            break
        }
        throw FileSystemError(path: path, reason: .other(String(cString: strerror(errno))))
    }

    /// Writes the chunks one after the other into one file, through a 1 MiB buffer.
    public func write(chunks: [ArraySlice<UInt8>], to path: String) throws(FileSystemError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileSystemError(path: path, reason: .other(String(cString: strerror(errno)))) }
        defer { close(fd) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        func flush() throws(FileSystemError) {
            var offset = 0
            while offset < buffer.count {
                let written = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw FileSystemError(path: path, reason: .other(String(cString: strerror(errno))))
                }
                offset += written
            }
            buffer.removeAll(keepingCapacity: true)
        }
        for chunk in chunks {
            buffer.append(contentsOf: chunk)
            if buffer.count >= 1 << 20 { try flush() }
        }
        try flush()
    }

    public func stamp(of path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileStamp(info)
    }

    public func stamps(under root: String) -> [(path: String, stamp: FileStamp)] {
        var result: [(String, FileStamp)] = []
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : root + "/" + relative
            guard let names = try? contents(ofDirectory: folder) else { continue }
            for name in names {
                let child = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard stat(root + "/" + child, &info) == 0 else {
                    result.append((child, FileStamp(size: -1, modified: 0, inode: 0, isDirectory: false)))
                    continue
                }
                if (info.st_mode & S_IFMT) == S_IFDIR { pending.append(child) } else { result.append((child, FileStamp(info))) }
            }
        }
        return result.sorted { $0.0 < $1.0 }
    }

    /// Linux's renameat2 with RENAME_EXCHANGE; false where the file system cannot.
    public func exchange(_ first: String, _ second: String) -> Bool {
        jianbao_exchange_paths(first, second) == 0
    }
}

extension FileStamp {
    init(_ info: stat) {
        self.init(size: Int(info.st_size), modified: Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec),
                  inode: UInt64(info.st_ino), isDirectory: (info.st_mode & S_IFMT) == S_IFDIR)
    }
}
