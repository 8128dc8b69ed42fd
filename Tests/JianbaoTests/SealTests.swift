import Foundation
@testable import Jianbao
@testable import JianbaoContent
import JianbaoModel
import JianbaoSupport
import Testing

/// Seals (印章) and a 令's signature stamp (签名章): what the loader accepts and refuses (the
/// security rules of files named by a key: inside Content/, a regular file, no SVG, a size cap),
/// the size a seal prints at (from the PNG's pHYs, read here against the values PIL wrote into the
/// print fixture's seals, and against PNG headers written by hand), and where the pages show them:
/// print always, the web only with `web_seals: true`. Their placement on paper is checked from the
/// PDFs in both engines by Tests/print/check_seal.py.
@Suite struct SealTests {
    /// A PNG's signature, IHDR and (with `pixelsPerMetre`) pHYs chunk, written by hand from the PNG
    /// specification (chunk: 4-byte length, 4-byte type, data, 4-byte CRC; the CRC is not checked
    /// by jianbao, zeros here), then IEND.
    static func png(width: Int, height: Int, pixelsPerMetre: Int? = nil) -> [UInt8] {
        func be(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        bytes += be(13) + Array("IHDR".utf8) + be(width) + be(height) + [8, 6, 0, 0, 0] + [0, 0, 0, 0]
        if let pixelsPerMetre {
            bytes += be(9) + Array("pHYs".utf8) + be(pixelsPerMetre) + be(pixelsPerMetre) + [1] + [0, 0, 0, 0]
        }
        bytes += be(0) + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82]
        return bytes
    }

    /// A notice series (`Content/wj`) with one file, `front` its front matter lines, and `images`
    /// (path → bytes) written into the content folder.
    static func load(_ front: String, images: [String: [UInt8]] = [:], series: String = "name: 测试县文件\nkind: notice\n") throws -> ContentLoader.Result {
        let fileSystem = TestSupport.memorySite([
            "Content/wj/series.yml": series,
            "Content/wj/2024/7.md": "---\ntitle: 关于做好汛期值班工作的通知\ndate: 2024-06-03\n\(front)\n---\n\n正文。\n",
        ])
        for (path, bytes) in images { try fileSystem.write(bytes, to: path) }
        return ContentLoader(fileSystem: fileSystem, root: "Content").load()
    }

    static func errors(_ result: ContentLoader.Result) -> [String] {
        result.diagnostics.filter { $0.severity == .error }.map(\.formatted)
    }

    // MARK: The size a seal prints at

    /// The print fixture's seals were made with PIL at 150 ppi (pHYs 5906 pixels per metre, which
    /// PIL writes for dpi=150), 248 pixels square: 248 / 5906 m = 41.99 mm. The stamp: 177 x 89 px.
    @Test func theSizeComesFromThePNGsResolution() throws {
        let folder = TestSupport.repoRoot + "/Tests/Fixtures/print-site/Content/seals/"
        let seal = try #require(PNGHeader(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "seal-zhengfu.png")))))
        #expect(seal.pixelWidth == 248 && seal.pixelHeight == 248)
        #expect(seal.pixelsPerMetre?.x == 5906 && seal.pixelsPerMetre?.y == 5906)
        #expect(abs(seal.millimetres(defaultWidth: 99).width - 41.99) < 0.01)
        let stamp = try #require(PNGHeader(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "seal-stamp-xianzhang.png")))))
        let size = stamp.millimetres(defaultWidth: 99)
        #expect(abs(size.width - 29.97) < 0.01 && abs(size.height - 15.07) < 0.01)
    }

    /// Without pHYs: `seal_size` (mm), else 42 mm, the height at the image's proportions.
    @Test func withoutAResolutionSealSizeOrFortyTwoMillimetres() throws {
        let signed = "signed_by: 测试县人民政府办公室\nseal: seals/a.png"
        var result = try Self.load(signed, images: ["Content/seals/a.png": Self.png(width: 400, height: 300)])
        #expect(Self.errors(result) == [])
        var seal = try #require(result.site?.series.first { $0.slug == "wj" }?.documents.first?.official?.seal.first)
        #expect(seal == SealImage(file: "seals/a.png", width: 42, height: 31.5))
        result = try Self.load(signed + "\nseal_size: 40mm", images: ["Content/seals/a.png": Self.png(width: 400, height: 400)])
        seal = try #require(result.site?.series.first { $0.slug == "wj" }?.documents.first?.official?.seal.first)
        #expect(seal == SealImage(file: "seals/a.png", width: 40, height: 40))
        // 11811 pixels per metre is 300 ppi: 496 px = 41.99 mm, whatever seal_size says
        result = try Self.load(signed + "\nseal_size: 30", images: ["Content/seals/a.png": Self.png(width: 496, height: 496, pixelsPerMetre: 11811)])
        seal = try #require(result.site?.series.first { $0.slug == "wj" }?.documents.first?.official?.seal.first)
        #expect(abs(seal.width - 41.995) < 0.001)
    }

    /// series.yml's `seal:` is the seal of every 公文 of the series that names none; a file whose
    /// 署名 it does not fit (two issuers) is an error at its `signed_by`.
    @Test func aSeriesSealServesItsFiles() throws {
        let series = "name: 测试县文件\nkind: notice\nsigned_by: 测试县人民政府办公室\nseal: seals/a.png\nseal_size: 40\n"
        let image = ["Content/seals/a.png": Self.png(width: 100, height: 100)]
        var result = try Self.load("doc_number: 测政办〔2024〕7号", images: image, series: series)
        #expect(Self.errors(result) == [])
        let seal = result.site?.series.first { $0.slug == "wj" }?.documents.first?.official?.seal
        #expect(seal == [SealImage(file: "seals/a.png", width: 40, height: 40)])
        result = try Self.load("signed_by: [县委办, 县政府办]", images: image, series: series)
        #expect(Self.errors(result) == ["Content/wj/2024/7.md:4:1: error: series.yml's `seal` names 1 seal for this file's 2 署名\n    hint: give the file its own `seal:`, one per 署名 in the order of `signed_by`"])
        result = try Self.load("", images: [:], series: series)
        #expect(Self.errors(result).first?.hasPrefix("Content/wj/series.yml:4:7: error: `seals/a.png` does not exist") == true, "\(Self.errors(result))")
    }

    // MARK: What the loader refuses

    struct Refused: CustomTestStringConvertible, Sendable {
        var front: String
        var images: [String: [UInt8]]
        /// The error, as printed (file:line:column: error: …).
        var error: String
        var testDescription: String { error }
    }

    static let refused: [Refused] = [
        // SVG is refused by the security policy (docs/security.md): scripts
        Refused(front: "signed_by: 县政府办\nseal: seals/a.svg", images: ["Content/seals/a.svg": Array("<svg/>".utf8)],
                error: "Content/wj/2024/7.md:5:7: error: `seals/a.svg` is an SVG file: jianbao does not publish SVG, which can carry scripts that would run on the archive's site"),
        Refused(front: "signed_by: 县政府办\nseal: seals/none.png", images: [:],
                error: "Content/wj/2024/7.md:5:7: error: `seals/none.png` does not exist (or is not a regular file)"),
        Refused(front: "signed_by: 县政府办\nseal: ../../etc/seal.png", images: [:],
                error: "Content/wj/2024/7.md:5:7: error: `../../etc/seal.png` points outside the content folder"),
        Refused(front: "signed_by: 县政府办\nseal: /etc/seal.png", images: [:],
                error: "Content/wj/2024/7.md:5:7: error: `/etc/seal.png` points outside the content folder"),
        Refused(front: "signed_by: 县政府办\nseal: seals/a.jpg", images: ["Content/seals/a.jpg": png(width: 10, height: 10)],
                error: "Content/wj/2024/7.md:5:7: error: `seals/a.jpg` is not of a type taken for a seal (PNG)"),
        Refused(front: "signed_by: 县政府办\nseal: seals/a.png", images: ["Content/seals/a.png": Array("not a picture".utf8)],
                error: "Content/wj/2024/7.md:5:7: error: `seals/a.png` is not a PNG file: its bytes do not start as a PNG's do"),
        // two issuers, one seal: a count mismatch
        Refused(front: "signed_by: [县委办, 县政府办]\nseal: seals/a.png", images: ["Content/seals/a.png": png(width: 10, height: 10)],
                error: "Content/wj/2024/7.md:5:7: error: `seal` names 1 seal for 2 署名"),
        Refused(front: "signed_by: 县政府办\nseal: [seals/a.png, seals/a.png]", images: ["Content/seals/a.png": png(width: 10, height: 10)],
                error: "Content/wj/2024/7.md:5:7: error: `seal` names 2 seals for 1 署名"),
        // no 署名: a blank seal (空白印章), which the standard forbids
        Refused(front: "seal: seals/a.png", images: ["Content/seals/a.png": png(width: 10, height: 10)],
                error: "Content/wj/2024/7.md:4:7: error: `seal` without a 署名: GB/T 9704 allows no blank seal (空白印章)"),
        Refused(front: "signed_by: 县政府办\nsignature_stamp: seals/a.png", images: ["Content/seals/a.png": png(width: 10, height: 10)],
                error: "Content/wj/2024/7.md:5:18: error: `signature_stamp` is for a 命令（令）: other 公文 carry the issuer's seal"),
        Refused(front: "signed_by: 县政府办\nseal: seals/a.png\nseal_size: 420", images: ["Content/seals/a.png": png(width: 10, height: 10)],
                error: "Content/wj/2024/7.md:6:12: error: `seal_size: 420` is not a seal's width in millimetres (10 to 80)"),
        // 10 px at 150 ppi: 1.7 mm, a resolution set wrong
        Refused(front: "signed_by: 县政府办\nseal: seals/a.png", images: ["Content/seals/a.png": png(width: 10, height: 10, pixelsPerMetre: 5906)],
                error: "Content/wj/2024/7.md:5:7: error: `seals/a.png` would print 1.7 × 1.7 mm"),
    ]

    @Test(arguments: refused) func isRefusedWithOneError(_ input: Refused) throws {
        let result = try Self.load(input.front, images: input.images)
        let errors = Self.errors(result)
        #expect(errors.count == 1 && errors.first?.hasPrefix(input.error) == true, "\(errors)")
        #expect(result.site?.series.first { $0.slug == "wj" }?.documents.isEmpty != false, "nothing is published from a file with an error")
    }

    /// A seal through a symbolic link to a file outside the content folder is refused (its bytes
    /// would be published as they are).
    @Test func aSealLinkedFromOutsideTheContentFolderIsRefused() throws {
        let site = try TestSupport.makeTemporaryFolder("jianbao-seal-link")
        defer { try? FileManager.default.removeItem(atPath: site) }
        let fileSystem = DiskFileSystem()
        try FileManager.default.createDirectory(atPath: site + "/Content/wj/2024", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: site + "/Content/seals", withIntermediateDirectories: true)
        try fileSystem.write(Self.png(width: 10, height: 10), to: site + "/outside.png")
        try FileManager.default.createSymbolicLink(atPath: site + "/Content/seals/a.png", withDestinationPath: site + "/outside.png")
        try fileSystem.write("title: 测试档案\nbase_url: https://example.gov.cn/\n", to: site + "/Content/site.yml")
        try fileSystem.write("name: 测试县文件\nkind: notice\n", to: site + "/Content/wj/series.yml")
        try fileSystem.write("---\ntitle: 关于值班的通知\ndate: 2024-06-03\nsigned_by: 县政府办\nseal: seals/a.png\n---\n\n正文。\n", to: site + "/Content/wj/2024/7.md")
        let result = ContentLoader(fileSystem: fileSystem, root: site + "/Content").load()
        let errors = Self.errors(result)
        #expect(errors.count == 1 && errors.first?.contains("is a symbolic link to") == true && errors.first?.contains("outside the content folder") == true, "\(errors)")
    }

    // MARK: Where pages show them

    /// The print fixture built as a web site: by default no page shows a seal and no seal image is
    /// published; with `web_seals: true` the pages show them and the images are published at their
    /// paths; pages built for print (`jianbao pdf`, `forPrint`) always show them.
    @Test func sealsShowOnTheWebOnlyWhenTheSiteSaysSoAndAlwaysInPrint() async throws {
        let site = try TestSupport.makeTemporaryFolder("jianbao-seal-web")
        defer { try? FileManager.default.removeItem(atPath: site) }
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/print-site/Content", to: site + "/Content")
        let page = "fawen/2024/seal-2/index.html", ling = "fawen/2024/seal-ling/index.html"
        let sealTags = [#"<img class="seal" src="../../../seals/seal-dangwei.png" alt="印章""#,
                        #"<img class="seal" src="../../../seals/seal-zhengfu.png" alt="印章""#]
        let stampTag = #"<img class="signature-stamp" src="../../../seals/seal-stamp-xianzhang.png" alt="签名章""#

        func build(_ output: String, forPrint: Bool) async throws -> String {
            let folder = site + "/" + output
            _ = try await Builder(options: BuildOptions(content: site + "/Content", output: folder, templates: site + "/Templates", forPrint: forPrint)).build()
            return folder
        }
        // off (the default): 署名 and date as without a seal, no image published
        var out = try await build("public", forPrint: false)
        var html = try TestSupport.readText(out + "/" + page)
        #expect(!html.contains("class=\"seal\"") && !html.contains("seals/"))
        #expect(html.contains("<p class=\"signed-by signed-by-joint\">中共样例县委办公室</p>"))
        #expect(!(try TestSupport.readText(out + "/" + ling)).contains("签名章"))
        #expect(!FileManager.default.fileExists(atPath: out + "/seals"))
        // print: shown, published
        out = try await build("print", forPrint: true)
        html = try TestSupport.readText(out + "/" + page)
        #expect(sealTags.allSatisfy(html.contains), "\(html)")
        #expect((try TestSupport.readText(out + "/" + ling)).contains(stampTag))
        #expect(FileManager.default.contents(atPath: out + "/seals/seal-zhengfu.png") == FileManager.default.contents(atPath: site + "/Content/seals/seal-zhengfu.png"))
        // on for the web
        let siteFile = site + "/Content/site.yml"
        try DiskFileSystem().write(try TestSupport.readText(siteFile) + "web_seals: true\n", to: siteFile)
        out = try await build("public", forPrint: false)
        html = try TestSupport.readText(out + "/" + page)
        #expect(sealTags.allSatisfy(html.contains))
        #expect(FileManager.default.fileExists(atPath: out + "/seals/seal-stamp-xianzhang.png"))
    }
}
