import Foundation
import JianbaoSupport
import Testing

/// `jianbao import` against hostile or oversized input (#11, items 4 and 9): file names never reach
/// an external tool as options, pandoc runs without the user's filters or defaults, and every input
/// is bounded in size and in time.
@Suite struct ImportSafetyTests {
    /// A file whose name pandoc would read as `-d d.docx` or `--defaults=d.docx`, next to a defaults
    /// file that names a Lua filter: the filter would create `PWNED` in the working folder.
    @Test(arguments: ["-dd.docx", "--defaults=d.docx"])
    func aFileNameIsNeverReadAsAPandocOption(_ name: String) throws {
        let site = try ImportCommandTests.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        try Self.makeWordFile(from: TestSupport.repoRoot + "/Tests/Fixtures/seeds/001.txt", at: site + "/real.docx")
        try FileManager.default.copyItem(atPath: site + "/real.docx", toPath: site + "/" + name)
        try "input-files:\n- real.docx\nfilters:\n- evil.lua\n".write(toFile: site + "/d.docx", atomically: false, encoding: .utf8)
        try "local f = io.open(\"PWNED\", \"w\")\nf:write(\"x\")\nf:close()\n".write(toFile: site + "/evil.lua", atomically: false, encoding: .utf8)

        let run = try Self.runJianbao(["import", "--series", "jianbao", "--", name], in: site, deadline: 60)
        #expect(!FileManager.default.fileExists(atPath: site + "/PWNED"), "pandoc ran the defaults file's Lua filter")
        // The file is a real Word file under an odd name: it is imported like any other.
        #expect(run.result?.status == 0, "\(run.result?.standardError ?? "timed out")")
        #expect(FileManager.default.fileExists(atPath: site + "/Content/jianbao/2024/19.md"))
    }

    /// A small .docx whose document.xml unpacks to 100 MB: refused from the zip's central directory,
    /// before pandoc starts, with one line that says why.
    @Test func aZipBombIsRefusedBeforePandocRuns() throws {
        let site = try ImportCommandTests.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        try Self.makeDocx(at: site + "/bomb.docx", documentBytes: 100 << 20, repeating: "<w:p><w:r><w:t>第一条 为加强管理，制定本办法。</w:t></w:r></w:p>")
        let size = try #require(DiskFileSystem().size(of: site + "/bomb.docx"))
        #expect(size < 1 << 20, "the fixture is small on disk: \(size) bytes")

        let run = try Self.runJianbao(["import", "bomb.docx", "--series", "wenjian"], in: site, deadline: 40)
        let result = try #require(run.result, "still running after 40 s")
        #expect(result.status == 1)
        #expect(result.standardError.contains("bomb.docx: error: the Word file unpacks to"), "\(result.standardError)")
        #expect(run.cpuSeconds < 5, "refused after \(run.cpuSeconds) s of CPU")
        #expect(!FileManager.default.fileExists(atPath: site + "/Content/wenjian/2024"))
    }

    /// A real (not inflated) 3 MB document.xml (pandoc needs about 25 s for it) under a 1-second limit: pandoc is stopped, the file
    /// fails with a clear line, and nothing is written.
    @Test func aSlowConversionIsStoppedAtTheTimeLimit() throws {
        let site = try ImportCommandTests.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        // 3 MB of real paragraphs: under the size caps, so only the time limit can stop it.
        try Self.makeDocx(at: site + "/slow.docx", documentBytes: 3 << 20,
                          repeating: "<w:p><w:r><w:t>为加强管理，根据有关规定，制定本办法，请认真贯彻执行。</w:t></w:r></w:p>")

        let run = try Self.runJianbao(["import", "slow.docx", "--series", "wenjian", "--time-limit", "1"], in: site, deadline: 60)
        let result = try #require(run.result, "still running after 60 s")
        #expect(result.status == 1)
        #expect(result.standardError.contains("slow.docx: error: pandoc took longer than 1 s"), "\(result.standardError)")
        #expect(run.seconds < 20, "stopped after \(run.seconds) s")
    }

    /// 6 MB of 40-character lines that all continue one sentence: each line is joined to the one before.
    /// The old reader copied the growing paragraph at every join (over 5 minutes in a debug build).
    @Test func aSixMegabyteTextImportsInLinearTime() throws {
        let site = try ImportCommandTests.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let alphabet = Array("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经")
        var generator = SeededRandom(state: 7)
        var text = ""
        while text.utf8.count < 6_000_000 {
            for _ in 0..<40 { text.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            text.append("\n")
        }
        try text.write(toFile: site + "/big.txt", atomically: false, encoding: .utf8)

        let run = try Self.runJianbao(["import", "big.txt", "--series", "wenjian", "--date", "2024-01-02"], in: site, deadline: 90)
        let result = try #require(run.result, "still running after 90 s")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(run.cpuSeconds < 10, "6 MB took \(run.cpuSeconds) s of CPU")
        let written = try TestSupport.readText(site + "/Content/wenjian/2024/big.md")
        let body = try #require(written.components(separatedBy: "\n---\n").last)
        #expect(body.filter { $0.isLetter }.count == text.filter { $0.isLetter }.count, "every character of the text is in the body")
    }

    /// A text file over the size cap, and a FIFO named like a document: each refused at once with one
    /// line; the batch goes on with the next file.
    @Test func oversizedAndSpecialFilesAreRefusedQuickly() throws {
        let site = try ImportCommandTests.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let line = String(repeating: "为加强管理，制定本办法。", count: 10) + "\n"
        let huge = String(repeating: line, count: (40 << 20) / line.utf8.count + 1)
        try huge.write(toFile: site + "/huge.txt", atomically: false, encoding: .utf8)
        #expect(mkfifo(site + "/pipe.txt", 0o644) == 0)
        try FileManager.default.copyItem(atPath: TestSupport.repoRoot + "/Tests/Fixtures/seeds/002.txt", toPath: site + "/good.txt")

        let run = try Self.runJianbao(["import", "huge.txt", "pipe.txt", "good.txt", "--series", "wenjian"], in: site, deadline: 60)
        let result = try #require(run.result, "still running after 60 s")
        #expect(result.status == 1)
        #expect(result.standardError.contains("huge.txt: error: the file is 40 MB, over the 32 MB an import reads"), "\(result.standardError)")
        #expect(result.standardError.contains("pipe.txt: error: not a regular file"), "\(result.standardError)")
        #expect(FileManager.default.fileExists(atPath: site + "/Content/wenjian/2023/good.md"), "the batch went on")
        #expect(run.cpuSeconds < 5)
    }

    /// Nesting a page a hundred thousand tags deep, with as many stray end tags: read in linear time
    /// (stray tags are looked for only so far up the stack).
    @Test func aHostilePageIsReadInLinearTime() throws {
        let site = try ImportCommandTests.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let page = "<html><body>" + String(repeating: "<div><table><tr><td>", count: 25_000) + String(repeating: "</span></b></i>", count: 25_000)
            + String(repeating: "<p>为加强管理，制定本办法。", count: 25_000) + "</body></html>"
        try page.write(toFile: site + "/page.html", atomically: false, encoding: .utf8)
        #expect(page.utf8.count > 1 << 20)
        let run = try Self.runJianbao(["import", "page.html", "--series", "wenjian", "--date", "2024-01-02"], in: site, deadline: 120)
        let result = try #require(run.result, "still running after 120 s")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(run.cpuSeconds < 5, "1 MB of nested tags took \(run.cpuSeconds) s of CPU")
    }

    // MARK: Helpers

    struct TimedRun {
        /// nil when the process was still running at the deadline (it was then killed).
        var result: TestSupport.RunResult?
        /// Wall-clock time.
        var seconds: Double
        /// CPU time of jianbao and the converters it ran: what a timing bound checks, since the wall
        /// clock of a machine shared with other work says little.
        var cpuSeconds: Double
    }

    /// Runs jianbao, killing it at `deadline` seconds: a hang fails the test instead of stopping the suite.
    static func runJianbao(_ arguments: [String], in folder: String, deadline: Double) throws -> TimedRun {
        let output = folder + "/.jianbao-test-out-\(UUID().uuidString)"
        let errors = folder + "/.jianbao-test-err-\(UUID().uuidString)"
        defer {
            try? FileManager.default.removeItem(atPath: output)
            try? FileManager.default.removeItem(atPath: errors)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let previous = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(folder)
        var argv: [UnsafeMutablePointer<CChar>?] = ([TestSupport.executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, TestSupport.executable, &actions, nil, &argv, environ)
        _ = FileManager.default.changeCurrentDirectoryPath(previous)
        #expect(spawned == 0, "jianbao started")
        let start = Date()
        var status: Int32 = 0
        var usage = rusage()
        var finished = false
        while Date().timeIntervalSince(start) < deadline {
            if wait4(pid, &status, WNOHANG, &usage) == pid {
                finished = true
                break
            }
            usleep(20_000)
        }
        let seconds = Date().timeIntervalSince(start)
        if !finished {
            kill(pid, SIGKILL)
            wait4(pid, &status, 0, &usage)
            return TimedRun(result: nil, seconds: seconds, cpuSeconds: Self.cpu(usage))
        }
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return TimedRun(result: TestSupport.RunResult(status: code, standardOutput: try TestSupport.readText(output),
                                                      standardError: try TestSupport.readText(errors)),
                        seconds: seconds, cpuSeconds: Self.cpu(usage))
    }

    static func cpu(_ usage: rusage) -> Double {
        Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// A Word file made by pandoc from a text (pandoc must be installed; CI installs it).
    static func makeWordFile(from text: String, at path: String) throws {
        let pandoc = try #require(["/usr/bin/pandoc", "/usr/local/bin/pandoc"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                  "pandoc is not installed (.ci/run installs it)")
        let convert = Process()
        convert.executableURL = URL(fileURLWithPath: pandoc)
        convert.arguments = ["--from=markdown", "--to=docx", "--output=\(path)", "--", text]
        try convert.run()
        convert.waitUntilExit()
        #expect(convert.terminationStatus == 0)
    }

    /// A minimal .docx whose word/document.xml is about `documentBytes` long: the body filled with
    /// `unit` over and over, deflated by Python's zipfile in chunks (CI installs python3).
    static func makeDocx(at path: String, documentBytes: Int, repeating unit: String) throws {
        let script = """
            import sys, zipfile
            path, size, unit = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
            head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
                z.writestr('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
                z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
                with z.open('word/document.xml', 'w') as f:
                    f.write(head)
                    block = unit * max(1, (1 << 20) // len(unit))
                    written = len(head)
                    while written + len(block) < size:
                        f.write(block); written += len(block)
                    while written + len(unit) < size:
                        f.write(unit); written += len(unit)
                    f.write(b'</w:body></w:document>')
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, path, String(documentBytes), unit]
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0, "python3 made the .docx")
    }
}
