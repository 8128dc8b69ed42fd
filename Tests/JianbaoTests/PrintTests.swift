import Foundation
import JianbaoChecks
import JianbaoContent
import JianbaoModel
@testable import JianbaoPrint
import JianbaoSupport
import Testing

/// `jianbao pdf` without an engine: choosing what to print, skipping what is up to date, and the
/// message for a missing tool. The PDFs themselves are checked by Tests/print/check_print.py.
@Suite struct PrintTests {
    static let content = TestSupport.repoRoot + "/Content"
    static let templates = TestSupport.repoRoot + "/Templates"

    static func publishedSite() throws -> Site {
        let loaded = ContentLoader(fileSystem: DiskFileSystem(), root: content).load()
        return try #require(loaded.site.map { Publication(site: $0).site })
    }

    static func folders(_ words: [String]) throws -> [String] {
        try Selection(words).resolve(in: publishedSite()).map(\.outputFolder)
    }

    @Test func selectionUsesTheArchivesWords() throws {
        #expect(try Self.folders([]).count == 5)
        #expect(try Self.folders(["all"]).count == 5)
        #expect(try Self.folders(["第19期"]) == ["jianbao/2024/19"])
        #expect(try Self.folders(["19"]) == ["jianbao/2024/19"])
        #expect(try Self.folders(["jianbao"]) == ["jianbao/2023/4", "jianbao/2024/19"])
        #expect(try Self.folders(["2023"]).sorted() == ["jianbao/2023/4", "wenjian/2023/qingkuang-shuoming-93"])
        // different kinds of words narrow, the same kind widens
        #expect(try Self.folders(["jianbao", "2023"]) == ["jianbao/2023/4"])
        #expect(try Self.folders(["第4期", "第19期"]) == ["jianbao/2023/4", "jianbao/2024/19"])
        #expect(try Self.folders(["puzhi-shiban-2020-8"]) == ["wenjian/2020/puzhi-shiban-2020-8"])
        #expect(try Self.folders([Self.content + "/wenjian/2021/fazhi-zhengfu-baogao-2020.md"]) == ["wenjian/2021/fazhi-zhengfu-baogao-2020"])
        #expect(try Self.folders(["public/jianbao/2024/19/"]) == ["jianbao/2024/19"])
    }

    @Test func aWordThatNamesNothingIsAnErrorThatSaysWhatExists() throws {
        let site = try Self.publishedSite()
        #expect {
            try Selection(["tongzhi"]).resolve(in: site)
        } throws: { error in
            guard case PrintError.unknownSelection(let word, let hint) = error else { return false }
            return word == "tongzhi" && hint.contains("series: jianbao, wenjian") && hint.contains("第19期")
        }
        #expect {
            try Selection(["2099"]).resolve(in: site)
        } throws: { error in
            guard case PrintError.nothingSelected(let selection, _) = error else { return false }
            return selection == "2099"
        }
    }

    func options(out: String, engine: PrintEngine = .weasyprint) -> PDFOptions {
        PDFOptions(content: Self.content, templates: Self.templates, out: out, engine: engine, selection: Selection(["第19期"]))
    }

    @Test func aMissingEngineIsNamedWithHowToInstallIt() async throws {
        let folder = try TestSupport.makeTemporaryFolder("jianbao-pdf")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/pdf"
        for engine in PrintEngine.allCases {
            await #expect {
                _ = try await PDFMaker(options: options(out: out, engine: engine), environment: ["PATH": "/nonexistent"]).run()
            } throws: { error in
                guard case PrintError.toolMissing(let missing, _) = error else { return false }
                return missing == engine
            }
        }
        #expect(PrintEngine.weasyprint.installHint.contains("pip install weasyprint==70.0"))
        #expect(PrintEngine.chromium.installHint.contains("apt-get install chromium"))
        #expect(!FileManager.default.fileExists(atPath: out), "nothing is written when the tool is missing")
    }

    @Test func aPDFNewerThanItsSourcesIsSkippedAndAnOlderOneIsPrintedAgain() async throws {
        let out = try TestSupport.makeTemporaryFolder("jianbao-pdf")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let pdf = out + "/jianbao/2024/19.pdf"
        try DiskFileSystem().write("%PDF-1.7 stand-in\n", to: pdf)
        // newer than every source: skipped, so no engine is needed at all
        let report = try await PDFMaker(options: options(out: out), environment: ["PATH": "/nonexistent"]).run()
        #expect(report.upToDate == [pdf])
        #expect(report.printed.isEmpty)
        // older than the Markdown file: printed again, which needs the engine
        var times = [timespec(tv_sec: 0, tv_nsec: 0), timespec(tv_sec: 0, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, pdf, &times, 0) == 0)
        await #expect(throws: PrintError.self) {
            _ = try await PDFMaker(options: options(out: out), environment: ["PATH": "/nonexistent"]).run()
        }
        // --force prints even an up-to-date PDF
        var forced = options(out: out)
        forced.force = true
        try DiskFileSystem().write("%PDF-1.7 stand-in\n", to: pdf)
        await #expect(throws: PrintError.self) {
            _ = try await PDFMaker(options: forced, environment: ["PATH": "/nonexistent"]).run()
        }
    }

    @Test func theCommandExplainsAnUnknownSelection() throws {
        let run = try TestSupport.runJianbao(["pdf", "--content", Self.content, "--templates", Self.templates, "tongzhi"],
                                             in: TestSupport.repoRoot)
        #expect(run.status == 1)
        #expect(run.standardError.contains("error: `tongzhi` names no series, year, issue or file in the archive"))
        #expect(run.standardError.contains("hint: say a series, a year"))
    }

    /// A stand-in for Python with WeasyPrint that speaks the engine's line protocol: it proves that one
    /// process gets the whole batch, that every selected page arrives built, and where PDFs go.
    static func fakePython(in folder: String, answer: String) throws -> String {
        let path = folder + "/fake-python"
        try DiskFileSystem().write("""
            #!/bin/sh
            echo "$$" >> "\(folder)/starts"
            \(answer)
            while IFS="$(printf '\\t')" read -r page pdf; do
              grep -q '<html' "$page" || { printf 'fail\\t%s\\tno page\\n' "$pdf"; continue; }
              printf '%%PDF-1.4 stand-in for %s\\n' "$page" > "$pdf"
              printf 'done\\t%s\\t3\\t5\\n' "$pdf"
            done

            """, to: path)
        #expect(chmod(path, 0o755) == 0)
        return path
    }

    @Test func oneEngineProcessPrintsTheBatchAndASecondRunSkipsIt() async throws {
        let folder = try TestSupport.makeTemporaryFolder("jianbao-pdf")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let python = try Self.fakePython(in: folder, answer: "printf 'ready\\t70.0\\n'")
        var options = PDFOptions(content: Self.content, templates: Self.templates, out: folder + "/pdf", selection: Selection(["jianbao"]))
        var events: [PDFEvent] = []
        let report = try await PDFMaker(options: options, environment: ["JIANBAO_PYTHON": python]).run { events.append($0) }
        #expect(report.printed == [folder + "/pdf/jianbao/2023/4.pdf", folder + "/pdf/jianbao/2024/19.pdf"])
        #expect(events.first == .selected(documents: 2, toPrint: 2))
        #expect(events.contains(.engineStarted("WeasyPrint 70.0 (\(python))")))
        #expect(events.last == .printed(index: 2, count: 2, pdf: folder + "/pdf/jianbao/2024/19.pdf", pages: 3, milliseconds: 5))
        #expect(try TestSupport.readText(folder + "/pdf/jianbao/2024/19.pdf").hasSuffix("/jianbao/2024/19/index.html\n"))
        #expect(try TestSupport.readText(folder + "/starts").split(separator: "\n").count == 1, "one process for the batch")

        // Nothing changed since: both are up to date and no engine starts.
        let again = try await PDFMaker(options: options, environment: ["JIANBAO_PYTHON": python]).run()
        #expect(again.printed.isEmpty)
        #expect(again.upToDate.count == 2)
        #expect(try TestSupport.readText(folder + "/starts").split(separator: "\n").count == 1)

        options.force = true
        #expect(try await PDFMaker(options: options, environment: ["JIANBAO_PYTHON": python]).run().printed.count == 2)
    }

    @Test func aWeasyPrintOlderThan70IsRefused() async throws {
        let folder = try TestSupport.makeTemporaryFolder("jianbao-pdf")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let python = try Self.fakePython(in: folder, answer: "printf 'old\\t57.2\\n'; exit 3")
        await #expect {
            _ = try await PDFMaker(options: options(out: folder + "/pdf"), environment: ["JIANBAO_PYTHON": python]).run()
        } throws: { error in
            guard case PrintError.toolTooOld(.weasyprint, let found, _) = error else { return false }
            return found == "57.2"
        }
    }
}

/// The engine's process gets only the descriptors it is given: one it inherited by accident (a test
/// runner's pipe, say) would keep that pipe open as long as the engine runs.
@Suite struct ChildProcessTests {
    @Test func theChildGetsNoDescriptorItWasNotGiven() throws {
        var stray: [Int32] = [0, 0]
        #expect(pipe(&stray) == 0)  // not close-on-exec: without the closing it reaches the child
        defer { stray.forEach { close($0) } }
        let child = try ChildProcess(executable: "/bin/sh", arguments: ["-c", "ls /proc/self/fd; echo end"],
                                     wiring: [0: .devNull, 1: .output, 2: .devNull])
        var reader = RecordReader(fd: try #require(child.ends[1]), delimiter: UInt8(ascii: "\n"))
        var listed: [Int32] = []
        while true {
            let line = String(decoding: try reader.next(timeout: 10), as: UTF8.self)
            if line == "end" { break }
            if let number = Int32(line) { listed.append(number) }
        }
        #expect(child.wait() == 0)
        #expect(listed.contains(1), "ls lists its own descriptors: \(listed)")
        #expect(!listed.contains(stray[0]) && !listed.contains(stray[1]), "inherited: \(listed), stray \(stray)")
    }
}
