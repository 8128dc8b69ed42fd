import Foundation

/// Runs the command blocks of documentation pages as a reader would: in a temporary copy of the
/// example site (`Content/` and `Templates/`), with the built `jianbao` first on PATH, one page's
/// blocks in order in the same folder (a `fresh` directive starts a block from a new copy).
struct DocsRunner {
    /// What running one or more pages came to.
    struct Outcome: Sendable {
        var ran = 0
        var skipped: [String] = []
        var failures: [String] = []
    }

    var repoRoot = TestSupport.repoRoot
    var executable = TestSupport.executable
    /// Under CI=true a block whose `needs:` command fails is a failure, not a skip.
    var strict = ProcessInfo.processInfo.environment["CI"] == "true"
    /// The longest one command may take (a command that waits, such as `serve`, must be marked).
    var timeLimit = 300

    /// Runs blocking work on a new thread and waits for it without holding a thread of Swift's
    /// cooperative pool.
    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    /// The pages to check: README.md, every Markdown file under docs/, and the READMEs beside the
    /// templates and the benchmarks.
    static func pagePaths(in root: String) throws -> [String] {
        var paths = ["README.md", "Templates/README.md", "Benchmarks/README.md"]
        let docs = root + "/docs"
        for case let relative as String in FileManager.default.enumerator(atPath: docs) ?? NSEnumerator() where relative.hasSuffix(".md") {
            paths.append("docs/" + relative)
        }
        return paths.sorted()
    }

    static func loadPages(in root: String) throws -> [DocsPage] {
        try pagePaths(in: root).map { DocsPage(path: $0, text: try TestSupport.readText(root + "/" + $0)) }
    }

    func run(_ page: DocsPage) throws -> Outcome {
        var outcome = Outcome()
        var folder: String?
        defer { if let folder { try? FileManager.default.removeItem(atPath: folder) } }
        for block in page.blocks where block.isCommands {
            let place = "\(page.path):\(block.line)"
            if let reason = block.directives.compactMap({ if case .skip(let reason) = $0 { reason } else { nil } }).first {
                outcome.skipped.append("\(place): \(reason)")
                continue
            }
            if folder == nil || block.directives.contains(.fresh) {
                if let folder { try? FileManager.default.removeItem(atPath: folder) }
                folder = try makeSite()
            }
            guard let site = folder else { continue }
            var ready = true
            for directive in block.directives {
                switch directive {
                case .needs(let condition):
                    guard ready else { break }
                    let result = try shell(condition, in: site)
                    if result.status != 0 {
                        ready = false
                        if strict {
                            outcome.failures.append("\(place): `\(condition)` failed under CI=true: install what the block needs")
                        } else {
                            outcome.skipped.append("\(place): not here: `\(condition)` failed")
                        }
                    }
                case .setup(let command):
                    guard ready else { break }
                    let result = try shell(command, in: site)
                    if result.status != 0 {
                        ready = false
                        outcome.failures.append("\(place): setup `\(command)` exited \(result.status): \(result.standardError.suffix(400))")
                    }
                default: break
                }
            }
            guard ready else { continue }
            let expected: Int32 = block.directives.compactMap { if case .exit(let status) = $0 { status } else { nil } }.first ?? 0
            for command in DocsPage.commands(of: block) {
                let result = try shell(command.text, in: site)
                outcome.ran += 1
                let output = result.standardOutput + "\n" + result.standardError
                if result.status != expected {
                    outcome.failures.append("\(page.path):\(command.line): `\(command.text)` exited \(result.status), the page expects \(expected):\n\(output.suffix(1200))")
                }
                let missing = ShownOutput.missing(command.shownOutput, in: output)
                if !missing.isEmpty {
                    outcome.failures.append("\(page.path):\(command.line): `\(command.text)` did not print, as the page shows:\n  \(missing.joined(separator: "\n  "))\nit printed:\n\(output.suffix(1200))")
                }
            }
        }
        return outcome
    }

    /// A new temporary folder holding a copy of the example site.
    func makeSite() throws -> String {
        let folder = try TestSupport.makeTemporaryFolder("jianbao-docs")
        for part in ["Content", "Templates"] {
            try TestSupport.copyTree(repoRoot + "/" + part, to: folder + "/" + part)
        }
        return folder
    }

    /// One command line through bash (pipefail, no profile), with `jianbao` on PATH and a time limit.
    func shell(_ command: String, in folder: String) throws -> TestSupport.RunResult {
        let bin = URL(fileURLWithPath: executable).deletingLastPathComponent().path
        let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try TestSupport.run("/usr/bin/env", [
            "PATH=" + path, "JIANBAO_DOCS_REPO=" + repoRoot,
            "timeout", String(timeLimit), "bash", "--noprofile", "--norc", "-o", "pipefail", "-c", command,
        ], in: folder)
    }
}
