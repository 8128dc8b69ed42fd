import JianbaoSupport
#if canImport(Glibc)
import Glibc
#endif

/// Runs pandoc to turn a .docx into plain text, when pandoc is installed.
enum Pandoc {
    static func plainText(of source: String) throws(DiagnosticsError) -> String {
        guard let pandoc = executable() else {
            throw DiagnosticsError([.error(at: SourceLocation(file: source), "reading .docx needs pandoc, which is not installed",
                                          hint: "install it (`apt-get install pandoc`), or save the document as text (.txt) in Word or WPS and import that")])
        }
        var output = [UInt8]()
        let status = run(pandoc, ["pandoc", "--from=docx", "--to=plain", "--wrap=none", source], output: &output)
        guard status == 0, let text = String(validating: output, as: UTF8.self) else {
            throw DiagnosticsError([.error(at: SourceLocation(file: source), "pandoc could not read the file (exit status \(status))",
                                          hint: "open it in Word or WPS and save it again as .docx, or as text")])
        }
        return text
    }

    /// pandoc's path on PATH; nil when it is not there.
    static func executable() -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/pandoc"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Runs a program and collects its standard output; returns its exit status.
    private static func run(_ program: String, _ arguments: [String], output: inout [UInt8]) -> Int32 {
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { return -1 }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe[1], STDOUT_FILENO)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, program, &actions, nil, &argv, environ)
        close(pipe[1])
        guard spawned == 0 else { close(pipe[0]); return -1 }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(pipe[0], &buffer, buffer.count)
            if count <= 0 { break }
            output += buffer.prefix(count)
        }
        close(pipe[0])
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }
}
