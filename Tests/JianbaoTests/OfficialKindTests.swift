import Foundation
import JianbaoChecks
import JianbaoContent
import JianbaoModel
import JianbaoSupport
import Testing

/// The 15 文种 of the 党政机关公文处理工作条例 (2012, article 8) and the 版头/落款 fields of GB/T 9704.
@Suite struct OfficialKindTests {
    /// The regulation's list, written out by hand from its text, with the format GB/T 9704 gives each
    /// (chapter 10: 信函格式 for 函, 命令（令）格式, 纪要格式; the general one otherwise).
    static let regulation: [(chinese: String, english: String, format: OfficialFormat)] = [
        ("决议", "resolution", .general), ("决定", "decision", .general), ("命令", "order", .order),
        ("公报", "communique", .general), ("公告", "announcement", .general), ("通告", "circular", .general),
        ("意见", "opinion", .general), ("通知", "notice", .general), ("通报", "bulletin", .general),
        ("报告", "report", .general), ("请示", "request", .general), ("批复", "reply", .general),
        ("议案", "motion", .general), ("函", "letter", .letter), ("纪要", "minutes", .minutes),
    ]

    @Test(arguments: regulation.map(\.chinese) + regulation.map(\.english) + ["令", "命令（令）", "statement", "情况说明"])
    func everyKindIsAcceptedByItsChineseOrEnglishName(name: String) throws {
        let result = TestSupport.loadMemorySite([
            "Content/wj/series.yml": "name: 文件\nkind: notice\n",
            "Content/wj/a.md": "---\nkind: \(name)\ntitle: 关于的文件\ndate: 2024-07-01\n---\n正文。\n",
        ])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let document = try #require(result.site?.series.first { $0.slug == "wj" }?.documents.first)
        #expect(!document.kind.isBriefing)
        let expected = Self.regulation.first { $0.chinese == name || $0.english == name }
        if let expected {
            #expect(document.kind.rawValue == expected.english)
            #expect(document.kind.label == expected.chinese)
            #expect(document.kind.format == expected.format)
        }
    }

    @Test func theSeriesKindTakesAChineseNameToo() throws {
        let result = TestSupport.loadMemorySite([
            "Content/wj/series.yml": "name: 函件\nkind: 函\n",
            "Content/wj/a.md": "---\ntitle: 关于的函\ndate: 2024-07-01\n---\n正文。\n",
        ])
        #expect(result.site?.series.first { $0.slug == "wj" }?.documents.first?.kind == .letter)
    }

    @Test func anUnknownKindNamesTheAcceptedOnes() throws {
        let result = TestSupport.loadMemorySite([
            "Content/wj/series.yml": "name: 文件\nkind: notice\n",
            "Content/wj/a.md": "---\nkind: 公函\ntitle: 关于的文件\ndate: 2024-07-01\n---\n正文。\n",
        ])
        let error = try #require(result.diagnostics.errors.first)
        #expect(error.location.file == "Content/wj/a.md" && error.location.line == 2)
        #expect(error.message == "unknown kind `公函`")
        #expect(error.hint?.contains("letter (函)") == true && error.hint?.contains("minutes (纪要)") == true)
    }

    @Test func onlyRequestsAndReportsAreUpward() {
        #expect(DocumentKind.allCases.filter(\.isUpward) == [.report, .request])
    }

    @Test func theVersionHeadAndSignOffFieldsAreRead() throws {
        let result = TestSupport.loadMemorySite([
            "Content/wj/series.yml": "name: 文件\nkind: notice\n",
            "Content/wj/a.md": """
            ---
            kind: 请示
            copy_number: 17
            urgency: 加急
            signers: [张明, 李华, 王强]
            issuer: [甲县人民政府, 甲县水利局]
            signed_by: [甲县人民政府, 甲县水利局]
            annotation: （联系人：张三；电话：1234567）
            title: 关于的请示
            date: 2024-07-01
            ---
            正文。
            """,
        ])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let fields = try #require(result.site?.series.first { $0.slug == "wj" }?.documents.first?.official)
        #expect(fields.copyNumber == "000017")
        #expect(fields.urgency == "加急")
        #expect(fields.signers == ["张明", "李华", "王强"])
        #expect(fields.jointSignatures == ["甲县人民政府", "甲县水利局"])
        #expect(fields.signedBy == "甲县人民政府、甲县水利局")
        #expect(fields.annotation == "联系人：张三；电话：1234567")
    }

    @Test(arguments: [("copy_number: 1234567", "is not a 份号"), ("copy_number: 12a", "is not a 份号"),
                      ("copy_number: 0", "is not a 份号"), ("urgency: 平急", "unknown urgency")])
    func aBadVersionHeadFieldIsAnErrorOnItsLine(line: String, message: String) throws {
        let result = TestSupport.loadMemorySite([
            "Content/wj/series.yml": "name: 文件\nkind: notice\n",
            "Content/wj/a.md": "---\ntitle: 关于的通知\n\(line)\ndate: 2024-07-01\n---\n正文。\n",
        ])
        let error = try #require(result.diagnostics.errors.first)
        #expect(error.location.file == "Content/wj/a.md" && error.location.line == 3)
        #expect(error.message.contains(message))
    }

    @Test func checkWarnsAboutAMissingImprintSignerOrTooFewCopies() throws {
        let result = TestSupport.loadMemorySite([
            "Content/wj/series.yml": "name: 文件\nkind: notice\n",
            "Content/wj/a.md": "---\nkind: 请示\ntitle: 关于的请示\naddressees: 市政府\ncc: 市财政局，市水利局、市应急局\ncopies: 3\ndate: 2024-07-01\n---\n正文。\n",
            "Content/wj/b.md": "---\ntitle: 关于的通知\nsigners: [张明]\nprinted_by: 县政府办公室\ncopies: 4\ncc: 市财政局，市水利局、市应急局\naddressees: 市政府\ndate: 2024-07-01\n---\n正文。\n",
            "Content/wj/c.md": "---\nkind: 函\ntitle: 关于的函\ndate: 2024-07-01\n---\n正文。\n",
        ])
        let site = try #require(result.site)
        let warnings = OfficialChecks.run(site).map { "\($0.location.file):\($0.location.line ?? 0) \($0.message)" }.sorted()
        #expect(warnings == [
            "Content/wj/a.md:1 this 请示 has no 印发机关: its 版记 prints no 印发 line",
            "Content/wj/a.md:1 this 请示 is a 上行文 with no 签发人",
            "Content/wj/a.md:6 共印3份 is fewer than the 4 offices named in 主送 and 抄送",
        ])
    }

    /// The example file of each docs/formats page loads without a finding, as the kind its page is about.
    @Test func theFormatPagesExamplesLoadCleanly() throws {
        let loaded = ContentLoader(fileSystem: DiskFileSystem(), root: TestSupport.repoRoot + "/docs/formats/examples/Content").load()
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let site = try #require(loaded.site)
        #expect(OfficialChecks.run(site).isEmpty)
        let kinds = Dictionary(uniqueKeysWithValues: site.series.flatMap(\.documents).map { ($0.slug, $0.kind) })
        #expect(kinds == ["general": .request, "xinhan": .letter, "ling": .order, "jiyao": .minutes])
        for (page, kind) in kinds {
            let text = try String(contentsOfFile: TestSupport.repoRoot + "/docs/formats/\(page).md", encoding: .utf8)
            #expect(text.contains("examples/Content/wenjian/2024/\(page).md"), "docs/formats/\(page).md links its example")
            #expect(text.contains("kind: \(kind.label == "命令" ? "令" : kind.label)"), "docs/formats/\(page).md shows kind: \(kind.label)")
        }
    }
}
