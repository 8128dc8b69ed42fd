import Foundation
import JianbaoContent
import JianbaoModel
import JianbaoSupport
import Testing

/// `jianbao import` of the seeds (Tests/Fixtures/seeds, the texts Content/ was made from) must give
/// documents equal to Content/'s in every front matter value import can infer, and the same 报尾.
@Suite struct ImportCommandTests {
    struct Case: Sendable, CustomStringConvertible {
        var seed: String
        var series: String
        var flags: [String]
        /// The file in Content/ it must match.
        var expected: String
        /// What the text does not hold (Content/ gives it), so import leaves it out.
        var notInText: Set<String> = []
        var description: String { seed }
    }

    static let cases: [Case] = [
        // No masthead at all: 第4期 and its date are the project's choice (README), given as flags.
        Case(seed: "000.txt", series: "jianbao", flags: ["--number", "4", "--date", "2023-06-12"], expected: "jianbao/2023/4.md"),
        Case(seed: "001.txt", series: "jianbao", flags: [], expected: "jianbao/2024/19.md"),
        Case(seed: "001-gb18030.txt", series: "jianbao", flags: [], expected: "jianbao/2024/19.md"),
        Case(seed: "002.txt", series: "wenjian", flags: [], expected: "wenjian/2023/qingkuang-shuoming-93.md"),
        // The 通知 has no date: ours, as a flag.
        Case(seed: "003.txt", series: "wenjian", flags: ["--date", "2020-07-24"], expected: "wenjian/2020/puzhi-shiban-2020-8.md"),
        // The 报告 has neither date nor 落款: the date as a flag; signed_by cannot be inferred.
        Case(seed: "004.txt", series: "wenjian", flags: ["--date", "2021-01-20"], expected: "wenjian/2021/fazhi-zhengfu-baogao-2020.md",
             notInText: ["signed_by"]),
    ]

    /// A site with the example's site.yml (and the mark's image it names) and series.yml files, and no documents.
    static func emptyExampleSite() throws -> String {
        let site = try TestSupport.makeTemporaryFolder("jianbao-import")
        let disk = DiskFileSystem()
        for file in ["site.yml", "marks/government-mark-example.png", "jianbao/series.yml", "wenjian/series.yml"] {
            try disk.write(try disk.read(TestSupport.repoRoot + "/Content/" + file), to: site + "/Content/" + file)
        }
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        return site
    }

    static func document(_ relative: String, in content: String) throws -> Document {
        let loaded = ContentLoader(fileSystem: DiskFileSystem(), root: content).load()
        #expect(!loaded.diagnostics.hasErrors, "\(loaded.diagnostics.map(\.formatted))")
        let path = Path.join(content, relative)
        return try #require(loaded.site?.series.flatMap(\.documents).first { $0.source.file == path }, "no document \(path)")
    }

    @Test(arguments: cases)
    func importsASeedAsContentHasIt(_ testCase: Case) throws {
        let site = try Self.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let seed = TestSupport.repoRoot + "/Tests/Fixtures/seeds/" + testCase.seed
        let run = try TestSupport.runJianbao(["import", seed, "--series", testCase.series] + testCase.flags, in: site)
        #expect(run.status == 0, "\(run.standardError)")
        let written = try #require(run.standardOutput.split(separator: " ").first.map(String.init))
        #expect(written.hasPrefix("Content/\(testCase.series)/"))
        #expect(run.standardOutput.contains("  recognised: "))
        if testCase.seed.contains("gb18030") { #expect(run.standardOutput.contains("(GB18030)")) }

        let imported = try Self.document(String(written.dropFirst("Content/".count)), in: site + "/Content")
        let original = try Self.document(testCase.expected, in: TestSupport.repoRoot + "/Content")
        #expect(imported.kind == original.kind)
        #expect(imported.date == original.date)
        #expect(imported.draft == original.draft && imported.marking == original.marking)
        switch (imported.fields, original.fields) {
        case (.briefing(let a), .briefing(let b)):
            #expect(a == b)
            #expect(imported.sections.count == original.sections.count, "article titles")
        case (.official(var a), .official(let b)):
            if testCase.notInText.contains("signed_by") {
                #expect(a.signedBy == nil)
                a.signedBy = b.signedBy
            }
            // The 政府信息公开 fields are the web archive's, never printed on the document: no text holds them.
            #expect(a.indexNumber == nil && a.topic == nil && a.publishedOn == nil && a.validity == nil)
            (a.indexNumber, a.topic, a.publishedOn, a.validity) = (b.indexNumber, b.topic, b.publishedOn, b.validity)
            #expect(a == b)
            #expect(imported.sections.map(\.attachmentNumber) == original.sections.map(\.attachmentNumber), "attached documents and 附件")
        default:
            Issue.record("kinds differ: \(imported.fields) vs \(original.fields)")
        }
        let lines = { (trailer: Trailer) in trailer.lines.map { "\($0.label)：\($0.text)" } }
        #expect(lines(imported.trailer) == lines(original.trailer))
        #expect(imported.trailer.copies == original.trailer.copies)

        #expect(try TestSupport.runJianbao(["build"], in: site).status == 0, "build accepts the file without edits")
    }

    @Test func joinsASentenceTheLayoutBrokeButNotTheParagraphs() throws {
        let site = try Self.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let run = try TestSupport.runJianbao(["import", TestSupport.repoRoot + "/Tests/Fixtures/seeds/002.txt", "--series", "wenjian"], in: site)
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("2 sentences broken across lines, joined"))
        let text = try TestSupport.readText(site + "/Content/wenjian/2023/002.md")
        // In the seed: "…示范任务分" + blank line + "解等文件，…".
        #expect(text.contains("创建省级法治政府建设示范任务分解等文件"))
        #expect(text.contains("积极开展依法行政示范单位、服务型行政执法示范点（标兵）、行政执法责任制示范点等创建工作。\n\n自创建工作开展以来"))
        #expect(text.contains("\n\n## 一、提高认识，强化组织保障\n\n"))
    }

    @Test func saysWhatItCouldNotFindAndNeverOverwrites() throws {
        let site = try Self.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let seed = TestSupport.repoRoot + "/Tests/Fixtures/seeds/000.txt"
        let first = try TestSupport.runJianbao(["import", seed, "--series", "jianbao", "--date", "2023-06-12"], in: site)
        #expect(first.status == 0)
        // No masthead: the number is a guess, and said to be one.
        #expect(first.standardOutput.contains("not recognised: 第N期: no masthead line `第N期`"))
        #expect(first.standardOutput.contains("not recognised: used the next free number, 第1期"))
        let before = try TestSupport.readText(site + "/Content/jianbao/2023/1.md")
        // The same file again: known by its content, skipped.
        let again = try TestSupport.runJianbao(["import", seed, "--series", "jianbao", "--date", "2023-06-12", "--number", "1"], in: site)
        #expect(again.status == 0)
        #expect(again.standardOutput.contains("skipped \(seed): imported before as Content/jianbao/2023/1.md"))
        // Another text under a number that is taken: an error, and the file stays as it was.
        try (try TestSupport.readText(seed) + "\n另一段。\n").write(toFile: site + "/other.txt", atomically: false, encoding: .utf8)
        let second = try TestSupport.runJianbao(["import", "other.txt", "--series", "jianbao", "--date", "2023-06-12", "--number", "1"], in: site)
        #expect(second.status == 1)
        #expect(second.standardError.contains("other.txt: error: Content/jianbao/2023/1.md already exists; import never replaces a file"))
        #expect(try TestSupport.readText(site + "/Content/jianbao/2023/1.md") == before)
    }

    static let pandoc = ["/usr/bin/pandoc", "/usr/local/bin/pandoc"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let onCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// A Word file made from seed 001 by pandoc, imported through pandoc. Skipped only on a developer
    /// machine without pandoc; under CI=true a missing pandoc fails.
    @Test(.enabled(if: pandoc != nil || onCI))
    func importsAWordFile() throws {
        let pandoc = try #require(Self.pandoc, "pandoc is not installed (.ci/run installs it)")
        let site = try Self.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let convert = Process()
        convert.executableURL = URL(fileURLWithPath: pandoc)
        convert.arguments = ["--from=markdown", "--to=docx", "--output=\(site)/19.docx", TestSupport.repoRoot + "/Tests/Fixtures/seeds/001.txt"]
        try convert.run()
        convert.waitUntilExit()
        #expect(convert.terminationStatus == 0)
        let run = try TestSupport.runJianbao(["import", "19.docx", "--series", "jianbao"], in: site)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix("Content/jianbao/2024/19.md ← 19.docx (Word (.docx) through pandoc)"))
        let imported = try Self.document("jianbao/2024/19.md", in: site + "/Content")
        let original = try Self.document("jianbao/2024/19.md", in: TestSupport.repoRoot + "/Content")
        #expect(imported.briefing == original.briefing)
        #expect(imported.date == original.date)
        #expect(imported.trailer.lines.map(\.text) == original.trailer.lines.map(\.text))
        #expect(imported.trailer.copies == 80)
    }

    @Test func aWordFileNeedsPandoc() throws {
        let site = try Self.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        try DiskFileSystem().write("not really a docx", to: site + "/brief.docx")
        let run = try Self.runJianbaoWithoutTools(["import", "brief.docx", "--series", "jianbao"], in: site)
        #expect(run.status == 1)
        #expect(run.standardError.contains("brief.docx: error: reading .docx needs pandoc, which is not installed"))
    }

    /// Runs jianbao with a PATH where no converter is found.
    static func runJianbaoWithoutTools(_ arguments: [String], in site: String) throws -> TestSupport.RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: site)
        process.environment = ["PATH": site + "/no-such-folder"]
        let error = Pipe(), output = Pipe()
        process.standardError = error
        process.standardOutput = output
        try process.run()
        let errorText = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let outputText = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return TestSupport.RunResult(status: process.terminationStatus, standardOutput: outputText, standardError: errorText)
    }
}
