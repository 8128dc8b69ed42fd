import CJianbaoSys
import JianbaoSupport
#if canImport(Glibc)
import Glibc
#endif

/// A converter import runs (pandoc, pdftotext, LibreOffice), run so that a hostile file cannot steer it.
///
/// - Every argument is written by import: file names are absolute paths (never read as options).
/// - The environment is replaced: a fresh HOME and XDG folders (so `~/.pandoc`, `~/.config` and the
///   like cannot apply), a plain PATH, no variables of the user's (`GHCRTS`, `LD_PRELOAD` …).
/// - Standard input is /dev/null; no other descriptor of ours reaches the child.
/// - The child runs in its own process group, which is killed at the time limit, when its output
///   passes the size limit, or when the user presses Ctrl-C.
struct ExternalTool: Sendable {
    let name: String
    /// The absolute path of the program.
    let path: String

    /// The program `name` on the user's PATH (the only thing taken from the user's environment).
    static func locate(_ name: String) -> ExternalTool? {
        let searchPath = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in searchPath.split(separator: ":") where folder.hasPrefix("/") {
            let candidate = "\(folder)/\(name)"
            if access(candidate, X_OK) == 0 { return ExternalTool(name: name, path: candidate) }
        }
        return nil
    }

    enum Failure: Error, Equatable {
        case couldNotStart(String)
        case timedOut(seconds: Int)
        case outputTooLarge(bytes: Int)
        /// It exited with a status other than 0 (or was killed by a signal: 128 + the signal).
        case failed(status: Int32, message: String)
    }

    /// Runs the program in `home` (a fresh folder that also serves as HOME and every XDG folder) and
    /// returns its standard output.
    func run(_ arguments: [String], home: String, seconds: Int, maximumOutput: Int) throws(Failure) -> [UInt8] {
        let variables = [
            "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=\(home)", "TMPDIR=\(home)", "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
            "XDG_DATA_HOME=\(home)/data", "XDG_CONFIG_HOME=\(home)/config", "XDG_CACHE_HOME=\(home)/cache",
            "XDG_RUNTIME_DIR=\(home)", "XDG_DATA_DIRS=/usr/local/share:/usr/share", "XDG_CONFIG_DIRS=/etc/xdg",
        ]
        var environment: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
        defer { environment.forEach { free($0) } }
        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }

        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { throw .couldNotStart(Self.errorText()) }
        guard pipe(&errPipe) == 0 else {
            outPipe.forEach { close($0) }
            throw .couldNotStart(Self.errorText())
        }
        // Our ends must not leak into other children; the child's ends are dup'ed onto 1 and 2.
        (outPipe + errPipe).forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        _ = jianbao_spawn_chdir(&actions, home)
        _ = jianbao_spawn_close_from(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        var child = pid_t()
        let spawned = posix_spawn(&child, path, &actions, &attributes, &argv, &environment)
        close(outPipe[1])
        close(errPipe[1])
        guard spawned == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw .couldNotStart(String(cString: strerror(spawned)))
        }
        jianbao_guard_child(child)
        defer { jianbao_guard_child(0) }

        var output: [UInt8] = [], errors: [UInt8] = []
        var failure: Failure?
        let deadline = Self.now() + Double(seconds)
        var open = [outPipe[0], errPipe[0]]
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while !open.isEmpty && failure == nil {
            let left = deadline - Self.now()
            if left <= 0 { failure = .timedOut(seconds: seconds); break }
            var polls = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&polls, nfds_t(polls.count), Int32(min(left, 1) * 1000) + 1)
            if ready < 0 && errno != EINTR { failure = .couldNotStart(Self.errorText()); break }
            for entry in polls where entry.revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if entry.fd == outPipe[0] {
                        output.append(contentsOf: buffer[..<count])
                        if output.count > maximumOutput { failure = .outputTooLarge(bytes: maximumOutput) }
                    } else if errors.count < 1 << 16 {
                        errors.append(contentsOf: buffer[..<count])
                    }
                } else if count == 0 || errno != EINTR && errno != EAGAIN {
                    close(entry.fd)
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
        if failure != nil { kill(-child, SIGKILL) }
        open.forEach { close($0) }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        // Whatever the child left running in its group (LibreOffice starts helpers) goes too.
        kill(-child, SIGKILL)
        if let failure { throw failure }
        let signal = status & 0x7f
        let exitStatus = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        guard exitStatus == 0 else {
            throw .failed(status: exitStatus, message: String(decoding: errors, as: UTF8.self).trimmingSpaces)
        }
        return output
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}

/// A folder of our own under the system's temporary folder, removed when the conversion is done.
struct ScratchFolder {
    let path: String

    init() throws(ExternalTool.Failure) {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
        var template = Array((base + "/jianbao-import-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw .couldNotStart("cannot make a temporary folder in \(base): \(ExternalTool.errorText())")
        }
        path = String(cString: made)
    }

    func remove() {
        try? DiskFileSystem().remove(path)
    }
}
