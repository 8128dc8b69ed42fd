import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs `jianbao` as a child process with a deadline, and measures its peak memory.
///
/// Foundation's `Process` cannot stop a child that hangs. This spawns `/bin/sh` in a process group
/// of its own (killed as a whole at the deadline), which enters the folder, optionally caps the
/// address space (`ulimit -v`) and runs jianbao. Output goes to files, so a child that writes a lot
/// never blocks on a full pipe.
///
/// Peak memory: a child made by `posix_spawn` (vfork) or `fork` inherits its parent's high-water
/// mark of resident memory, and the test process is large, so to measure it jianbao is started by a
/// small Python process that reports its children's peak (`getrusage(RUSAGE_CHILDREN)`) to a file.
enum ChildRun {
    struct Result {
        /// The exit status (128 + the signal when killed) and what it printed.
        var run: TestSupport.RunResult
        /// The child was killed at the deadline.
        var timedOut: Bool
        /// Peak resident set size of the child, in bytes (0 unless measured).
        var peakBytes: Int
        var seconds: Double

        var status: Int32 { run.status }
        var standardError: String { run.standardError }
    }

    struct SpawnFailed: Error {
        var code: Int32
    }

    /// Runs `jianbao arguments…` in `folder`; kills it and its group (SIGKILL) after `timeout` seconds.
    /// - Parameter addressSpaceLimitKiB: `ulimit -v` for the child, so that a runaway read cannot
    ///   take the machine's memory before the deadline.
    /// - Parameter measureMemory: start jianbao through `python3`, which reports its peak memory
    ///   (`peakBytes` is 0 otherwise).
    static func jianbao(_ arguments: [String], in folder: String, timeout: Double,
                        addressSpaceLimitKiB: Int? = nil, measureMemory: Bool = false) throws -> Result {
        let outputFolder = try TestSupport.makeTemporaryFolder("jianbao-child")
        defer { try? FileManager.default.removeItem(atPath: outputFolder) }
        let outPath = outputFolder + "/out", errPath = outputFolder + "/err"
        let limit = addressSpaceLimitKiB.map { "ulimit -v \($0) || exit 96\n" } ?? ""
        let script = "cd \"$0\" || exit 97\n\(limit)exec \"$@\""
        let peakPath = outputFolder + "/peak"
        let measure = """
            import resource, subprocess, sys
            status = subprocess.call(sys.argv[2:])
            open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
            sys.exit(status if status >= 0 else 128 - status)
            """
        let command = measureMemory ? ["python3", "-c", measure, peakPath, TestSupport.executable] : [TestSupport.executable]
        let argv = ["/bin/sh", "-c", script, folder] + command + arguments

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let start = Date()
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { throw SpawnFailed(code: spawned) }

        var status: Int32 = 0
        var timedOut = false
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { throw SpawnFailed(code: errno) }
            if Date().timeIntervalSince(start) > timeout && !timedOut {
                timedOut = true
                kill(-pid, SIGKILL)
            }
            usleep(10_000)
        }
        let seconds = Date().timeIntervalSince(start)
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        let exited = status & 0x7F == 0
        let code = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let run = TestSupport.RunResult(status: code, standardOutput: (try? TestSupport.readText(outPath)) ?? "",
                                        standardError: (try? TestSupport.readText(errPath)) ?? "")
        return Result(run: run, timedOut: timedOut, peakBytes: ((try? TestSupport.readText(peakPath)).flatMap { Int($0) } ?? 0) * 1024,
                      seconds: seconds)
    }
}
