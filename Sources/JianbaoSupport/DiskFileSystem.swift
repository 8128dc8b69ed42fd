import CJianbaoSys
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real disk, through POSIX calls.
///
/// Plain `open`/`write`/`close` rather than Foundation's writers, which `fsync` every file: the
/// publish step makes the result durable by renaming a finished folder instead.
public struct DiskFileSystem: FileSystem {
    public init() {}

    public func kind(of path: String) -> FileKind? {
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR: return .directory
            case S_IFREG: return .file
            default: return .special
            }
        }
        if lstat(path, &info) == 0 { return .brokenLink }
        return nil
    }

    public func contents(ofDirectory path: String) throws(FileSystemError) -> [String] {
        guard let dir = opendir(path) else { throw Self.error(path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// How much a read with no limit of its own reads at most: more than any file jianbao writes or
    /// reads (the document cache of 10,000 issues is 70 MB), less than a runaway read would take.
    public static let defaultReadLimit = 1 << 31

    public func read(_ path: String) throws(FileSystemError) -> [UInt8] {
        try read(path, atMost: Self.defaultReadLimit)
    }

    /// Reads a regular file, never more than `limit` bytes. Opened without blocking (a named pipe
    /// would wait for a writer for ever), then checked on the open descriptor: anything but a
    /// regular file (a pipe, a socket, `/dev/zero`, which never ends) is refused before a byte is read.
    public func read(_ path: String, atMost limit: Int) throws(FileSystemError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw Self.error(path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Self.error(path) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw FileSystemError(path: path, reason: .other("is a folder, not a file"))
        default: throw FileSystemError(path: path, reason: .other(Self.describeSpecial(info.st_mode)))
        }
        if Int(info.st_size) > limit { throw FileSystemError.tooLarge(path, size: Int(info.st_size), limit: limit) }
        // Read straight into an array of the file's size (one more byte to see the end): no zeroed
        // 64 KiB chunk per file, which cost more than the reading when checking 10,000 kept pages.
        // A file that grows while it is read (or that says it is empty, as /proc does) still stops
        // at the limit.
        var bytes: [UInt8] = []
        var capacity = Int(info.st_size) + 1
        while true {
            var failed = false
            let more = Self.readUpTo(fd, min(capacity, limit + 1) - bytes.count, failed: &failed)
            if failed { throw Self.error(path) }
            if more.isEmpty { break }
            if bytes.isEmpty { bytes = more } else { bytes += more }
            if bytes.count > limit { throw FileSystemError.tooLarge(path, size: bytes.count, limit: limit) }
            if bytes.count == capacity { capacity *= 2 }
        }
        return bytes
    }

    /// What a file that is neither a regular file nor a folder is, for messages.
    static func describeSpecial(_ mode: mode_t) -> String {
        let kind: String
        switch mode & S_IFMT {
        case S_IFIFO: kind = "a named pipe (FIFO)"
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        case S_IFSOCK: kind = "a socket"
        default: kind = "a special file"
        }
        return "\(kind), not a regular file: jianbao reads only regular files"
    }

    /// Up to `count` bytes from `fd` (fewer at the end of the file, none after it); EINTR is retried.
    private static func readUpTo(_ fd: Int32, _ count: Int, failed: inout Bool) -> [UInt8] {
        var result = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            repeat {
                result = Glibc.read(fd, buffer.baseAddress, count)
            } while result < 0 && errno == EINTR
            initialized = max(result, 0)
        }
        failed = result < 0
        return bytes
    }

    public func write(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        let parent = Path.parent(path)
        if !parent.isEmpty && kind(of: parent) == nil { try createDirectory(parent) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.error(path) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.error(path)
            }
            offset += written
        }
    }

    public func createDirectory(_ path: String) throws(FileSystemError) {
        if kind(of: path) == .directory { return }
        let parent = Path.parent(path)
        if !parent.isEmpty && parent != "/" && kind(of: parent) == nil { try createDirectory(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw Self.error(path) }
    }

    public func remove(_ path: String) throws(FileSystemError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for name in try contents(ofDirectory: path) {
                try remove(path + "/" + name)
            }
            if rmdir(path) != 0 && errno != ENOENT { throw Self.error(path) }
        } else if unlink(path) != 0 && errno != ENOENT {
            throw Self.error(path)
        }
    }

    /// In one step that fails when the destination exists (renameat2's RENAME_NOREPLACE): no moment
    /// where another program's file there could be replaced. A folder on a file system without it
    /// is looked for first, then renamed.
    public func move(_ source: String, to destination: String) throws(FileSystemError) {
        if jianbao_rename_noreplace(source, destination) == 0 { return }
        if errno == EEXIST { throw FileSystemError(path: destination, reason: .alreadyExists) }
        if kind(of: destination) != nil { throw FileSystemError(path: destination, reason: .alreadyExists) }
        if rename(source, destination) != 0 { throw Self.error(source) }
    }

    public func size(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR else { return nil }
        return Int(info.st_size)
    }

    public func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func error(_ path: String) -> FileSystemError {
        let code = errno
        switch code {
        case ENOENT: return FileSystemError(path: path, reason: .notFound)
        case ENOTDIR: return FileSystemError(path: path, reason: .notADirectory)
        case EEXIST: return FileSystemError(path: path, reason: .alreadyExists)
        case EACCES, EPERM: return FileSystemError(path: path, reason: .permissionDenied)
        case ELOOP: return FileSystemError(path: path, reason: .linkLoop(to: nil))
        default: return FileSystemError(path: path, reason: .other(String(cString: strerror(code))))
        }
    }
}
