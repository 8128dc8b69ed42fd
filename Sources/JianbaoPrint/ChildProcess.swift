import CJianbaoSys
#if canImport(Glibc)
import Glibc
#endif

/// A program started with some of its file descriptors wired to pipes of ours.
///
/// Foundation's `Process` only wires standard input, output and error; Chromium's DevTools pipe
/// needs descriptors 3 and 4 as well, so this uses `posix_spawn` directly.
final class ChildProcess {
    /// What the child's descriptor is connected to.
    enum Wiring {
        /// The child reads from it; we write.
        case input
        /// The child writes to it; we read.
        case output
        case devNull
        case inherit
    }

    let pid: pid_t
    /// Our end of each piped descriptor, by the child's descriptor number.
    private(set) var ends: [Int32: Int32]

    /// Starts `executable` (an absolute path) with `arguments`; `wiring` maps the child's descriptors
    /// 0, 1, 2, 3 … to what they connect to. Throws with the system's reason when it cannot start.
    init(executable: String, arguments: [String], wiring: [Int32: Wiring]) throws(SpawnFailure) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var ours: [Int32: Int32] = [:]
        var theirs: [Int32] = []
        for (target, wire) in wiring.sorted(by: { $0.key < $1.key }) {
            switch wire {
            case .inherit:
                continue
            case .devNull:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case .input, .output:
                var fds: [Int32] = [0, 0]
                guard pipe(&fds) == 0 else { throw SpawnFailure(message: Self.errorText()) }
                // Move both ends above the numbers the child will use, so no dup2 clobbers another.
                let high = fds.map { fcntl($0, F_DUPFD_CLOEXEC, 64) }
                fds.forEach { close($0) }
                let (childEnd, ourEnd) = wire == .input ? (high[0], high[1]) : (high[1], high[0])
                posix_spawn_file_actions_adddup2(&actions, childEnd, target)
                ours[target] = ourEnd
                theirs.append(childEnd)
            }
        }
        // Nothing else of ours reaches the child: without this it inherits every descriptor not
        // marked close-on-exec (a test runner's pipes and sockets among them), and whoever waits
        // for such a pipe's end waits for the child too.
        _ = jianbao_spawn_close_from(&actions, max(3, (wiring.keys.max() ?? 2) + 1))
        var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, nil, &argv, environ)
        theirs.forEach { close($0) }
        guard status == 0 else {
            ours.values.forEach { close($0) }
            throw SpawnFailure(message: String(cString: strerror(status)))
        }
        pid = child
        ends = ours
    }

    struct SpawnFailure: Error {
        var message: String
    }

    static func errorText() -> String { String(cString: strerror(errno)) }

    /// Writes all of `bytes` to the child's descriptor `target`; false if the child has gone.
    func write(_ bytes: [UInt8], to target: Int32) -> Bool {
        guard let fd = ends[target] else { return false }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Closes our end of `target`: the child sees the end of its input.
    func closeEnd(_ target: Int32) {
        if let fd = ends.removeValue(forKey: target) { close(fd) }
    }

    /// Waits for the child to exit; its exit status, or 128 + the signal that ended it.
    @discardableResult
    func wait() -> Int32 {
        ends.values.forEach { close($0) }
        ends = [:]
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    func terminate() {
        kill(pid, SIGTERM)
    }
}

/// Reads a descriptor in chunks and hands out records that end in a delimiter (a newline, or the NUL
/// that ends each DevTools message), waiting at most `timeout` seconds for each.
struct RecordReader {
    let fd: Int32
    let delimiter: UInt8
    private var buffer: [UInt8] = []

    init(fd: Int32, delimiter: UInt8) {
        self.fd = fd
        self.delimiter = delimiter
    }

    enum Failure: Error {
        case closed
        case timedOut
    }

    mutating func next(timeout seconds: Int32) throws(Failure) -> [UInt8] {
        var searchFrom = 0
        while true {
            if let end = buffer[searchFrom...].firstIndex(of: delimiter) {
                let record = Array(buffer[..<end])
                buffer.removeSubrange(...end)
                return record
            }
            searchFrom = buffer.count
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, seconds * 1000)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 { throw .timedOut }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { throw .closed }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}

/// Finds a program: an absolute or relative path as given, else the first match on PATH.
enum ProgramLocator {
    static func find(_ name: String, path: String?) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
