import Foundation
import JianbaoContent
import JianbaoModel
@testable import JianbaoPrint
import JianbaoSupport
import Testing

/// `jianbao pdf --copies`: the range it takes and refuses, the numbered page, the blank page and
/// what cannot be numbered. The PDFs are checked from the PDF by Tests/print/check_copies.py.
@Suite struct CopiesTests {
    static func refusal(_ text: String) -> String? {
        do throws(CopyRange.Refusal) {
            _ = try CopyRange(parsing: text)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func aCountOrARangeOfCopies() throws {
        let eighty = try CopyRange(parsing: "80")
        #expect(eighty.first == 1 && eighty.last == 80 && eighty.count == 80)
        let part = try CopyRange(parsing: "81-120")
        #expect(part.numbers == 81...120 && part.count == 40 && part.fileSuffix == ".copies-81-120")
        #expect(try CopyRange(parsing: "5").numbers == 1...5)
        #expect(try CopyRange(parsing: "3-7").numbers == 3...7)
        #expect(try CopyRange(parsing: "7-7").count == 1)
        // the limits: 999 copies, the six-digit 份号 999999
        #expect(try CopyRange(parsing: "999").count == 999)
        #expect(try CopyRange(parsing: "2-1000").count == 999)
        #expect(try CopyRange(parsing: "999001-999999").last == 999_999)
    }

    @Test func nonsenseIsRefusedSayingWhatToWrite() {
        #expect(Self.refusal("0")?.contains("prints nothing") == true)
        #expect(Self.refusal("0-5")?.contains("numbered from 1") == true)
        #expect(Self.refusal("1000000")?.contains("six digits") == true)
        #expect(Self.refusal("999999-1000000")?.contains("six digits") == true)
        #expect(Self.refusal("7-3")?.contains("`--copies 3-7`") == true)
        #expect(Self.refusal("1000")?.contains("more than 999") == true)
        #expect(Self.refusal("1-1000")?.contains("`--copies 1-999`") == true)
        for text in ["", "abc", "1-2-3", "-3", "3-", "1.5", "１２", "+5", " 5", "99999999999999999999"] {
            #expect(Self.refusal(text) != nil, "\(text) is accepted")
        }
    }

    @Test func theCopyNumberHasSixDigits() {
        #expect(CopyNumber.printed(1) == "000001")
        #expect(CopyNumber.printed(80) == "000080")
        #expect(CopyNumber.printed(999_999) == "999999")
    }

    @Test func eachCopysPageCarriesItsNumberFirstInTheFlags() {
        let page = """
            <div class="sheet official official-notice format-general" style="--flag-rows: 1">
            <div class="doc-flags">
            <p class="urgency">特急</p>
            </div>
            """
        #expect(CopyNumbering.page(page, copy: 12) == """
            <div class="sheet official official-notice format-general" style="--flag-rows: 2">
            <div class="doc-flags">
            <p class="copy-number">000012</p>
            <p class="urgency">特急</p>
            </div>
            """)
        #expect(CopyNumbering.page("<div class=\"sheet\"><h1>no flags</h1></div>", copy: 1) == nil)
    }

    /// pdfinfo (poppler-utils, which --copies needs for pdfunite anyway) reads the blank page.
    @Test func theBlankPageIsOneA4Page() throws {
        let folder = try TestSupport.makeTemporaryFolder("jianbao-blank")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try BlankPage.pdf().write(to: URL(fileURLWithPath: folder + "/blank.pdf"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdfinfo", folder + "/blank.pdf"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "pdfinfo (apt-get install poppler-utils) cannot read it")
        #expect(output.contains("Pages:           1"))
        #expect(output.contains("595.276 x 841.89 pts (A4)"), "\(output)")
    }

    static let fixture = TestSupport.repoRoot + "/Tests/Fixtures/print-site/Content"

    func refusalOf(_ words: [String], content: String = fixture, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> PrintError? {
        let folder = try TestSupport.makeTemporaryFolder("jianbao-copies")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let options = PDFOptions(content: content, templates: TestSupport.repoRoot + "/Templates", out: folder,
                                 selection: Selection(words), copies: try CopyRange(parsing: "3"))
        do throws(PrintError) {
            _ = try await PDFMaker(options: options, environment: environment).run()
            return nil
        } catch {
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "something was written")
            return error
        }
    }

    @Test func aCopyNumberInTheFrontMatterOrABriefingIsRefusedBeforePrinting() async throws {
        let numbered = try await refusalOf(["fenhao-teji"])
        guard case .copiesRefused(let file, let message, let hint)? = numbered else {
            Issue.record("not refused: \(String(describing: numbered))")
            return
        }
        #expect(file.hasSuffix("fawen/2024/fenhao-teji.md"))
        #expect(message.contains("copy_number: 000001") && hint.contains("remove `copy_number:`"))

        let briefing = try await refusalOf(["第19期"], content: TestSupport.repoRoot + "/Content")
        guard case .copiesRefused(let file, let message, _)? = briefing else {
            Issue.record("not refused: \(String(describing: briefing))")
            return
        }
        #expect(file.hasSuffix("jianbao/2024/19.md") && message.contains("briefing"))
    }

    @Test func withoutPdfuniteTheErrorSaysWhatToInstall() async throws {
        let missing = try await refusalOf(["han"], environment: ["PATH": "/nonexistent"])
        guard case .joinToolMissing(let detail)? = missing else {
            Issue.record("not refused: \(String(describing: missing))")
            return
        }
        #expect(detail.contains("pdfunite") && PrintError.joinInstallHint.contains("apt-get install poppler-utils"))
    }

    /// fenhao-teji's front matter says `copies: 120` (共印120份 in its 版记).
    @Test func numberingPastThePrintRunOfThe版记IsAWarning() throws {
        let loaded = ContentLoader(fileSystem: DiskFileSystem(), root: Self.fixture).load()
        let site = try #require(loaded.site)
        let document = try #require(site.series.flatMap(\.documents).first { $0.source.file.hasSuffix("fenhao-teji.md") })
        #expect(PDFMaker.copiesWarnings(try CopyRange(parsing: "120"), for: [document]).isEmpty)
        let warnings = PDFMaker.copiesWarnings(try CopyRange(parsing: "101-121"), for: [document])
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("共印120份") == true)
        #expect(warnings.first?.location.file.hasSuffix("fenhao-teji.md") == true && warnings.first?.location.line == 11)
    }
}
