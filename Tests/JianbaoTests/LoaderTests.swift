import JianbaoContent
import JianbaoModel
import JianbaoSupport
import Testing

@Suite struct FrontMatterTests {
    @Test func readsTheFieldsAndAppliesSeriesDefaults() throws {
        let result = TestSupport.loadMemorySite(["Content/jb/2024/19.md": "---\nnumber: 19\ndate: 2024-01-12\ntotal: 57\nspecial: 专刊\n---\n\n# 标题\n\n正文。\n\n送：县指挥部\n"])
        #expect(result.diagnostics.isEmpty)
        let document = try #require(result.site?.series.first?.documents.first)
        let fields = try #require(document.briefing)
        #expect(fields.number == 19)
        #expect(fields.total == 57)
        #expect(fields.special == .zhuankan)
        #expect(fields.office == "测试县办公室")
        #expect(document.date.chinese == "2024年1月12日")
        #expect(document.trailer.lines.map(\.label) == ["报", "送", "编校"])
        #expect(document.trailer.copies == 80)
        #expect(document.outputFolder == "jb/2024/19")
    }

    @Test func windowsLineEndingsAndABOMJustWork() throws {
        let text = "\u{FEFF}---\r\nnumber: 3\r\ndate: 2024-02-01\r\n---\r\n\r\n# 标题\r\n\r\n第一行\r\n第二行\r\n\r\n报：省办公室\r\n"
        let result = TestSupport.loadMemorySite(["Content/jb/3.md": text])
        #expect(result.diagnostics.isEmpty)
        let document = try #require(result.site?.series.first?.documents.first)
        #expect(document.briefing?.number == 3)
        #expect(document.sections.first?.html == "<p>第一行第二行</p>\n")
        #expect(document.trailer.text(for: "报") == "省办公室")
    }

    @Test func trailerAndCopiesInFrontMatterOverrideTheSeries() throws {
        let result = TestSupport.loadMemorySite(["Content/jb/3.md": "---\nnumber: 3\ndate: 2024-02-01\ncopies: 120\ntrailer:\n  报: 省办公室\n---\n# 标题\n"])
        let document = try #require(result.site?.series.first?.documents.first)
        #expect(document.trailer.text(for: "报") == "省办公室")
        #expect(document.trailer.text(for: "编校") == "张三")
        #expect(document.trailer.copies == 120)
    }

    struct BadInput: CustomTestStringConvertible, Sendable {
        let name: String
        let file: String
        let line: Int?
        let column: Int?
        let message: String
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        .init(name: "no front matter", file: "# 标题\n", line: 1, column: nil, message: "the file has no front matter"),
        .init(name: "unclosed front matter", file: "---\nnumber: 3\n# 标题\n", line: 1, column: nil, message: "the front matter is not closed"),
        .init(name: "unclosed quote", file: "---\nnumber: 3\ndate: \"2024-01-12\n---\n", line: 3, column: nil, message: "not valid YAML"),
        .init(name: "tab indent", file: "---\nnumber: 3\ntrailer:\n\t报: 市办\ndate: 2024-01-12\n---\n", line: 4, column: nil, message: "not valid YAML"),
        .init(name: "duplicate key", file: "---\nnumber: 3\nnumber: 4\ndate: 2024-01-12\n---\n", line: 3, column: 1, message: "the key `number` is given twice (also on line 2)"),
        .init(name: "bad date", file: "---\nnumber: 3\ndate: 2024-13-45\n---\n", line: 3, column: 7, message: "`date` is not a valid date: `2024-13-45`"),
        .init(name: "number in Chinese", file: "---\nnumber: 十九\ndate: 2024-01-12\n---\n", line: 2, column: 9, message: "`number` must be a whole number written in digits, not `十九`"),
        .init(name: "negative copies", file: "---\nnumber: 3\ndate: 2024-01-12\ncopies: -5\n---\n", line: 4, column: 9, message: "`copies` must be 1 or more, not -5"),
        .init(name: "missing number", file: "---\ndate: 2024-01-12\n---\n", line: 1, column: nil, message: "the front matter has no `number`"),
        .init(name: "missing date", file: "---\nnumber: 3\n---\n", line: 1, column: nil, message: "the front matter has no `date`"),
        .init(name: "unknown kind", file: "---\nkind: newsletter\nnumber: 3\ndate: 2024-01-12\n---\n", line: 2, column: 1, message: "unknown kind `newsletter`"),
        .init(name: "classified marking", file: "---\nnumber: 3\ndate: 2024-01-12\nmarking: 秘密★1年\n---\n", line: 4, column: 1, message: "is a 密级"),
        .init(name: "empty file", file: "", line: 1, column: nil, message: "the file is empty"),
    ]

    @Test(arguments: badInputs)
    func badInputNamesFileLineAndWhatIsWrong(_ input: BadInput) throws {
        let result = TestSupport.loadMemorySite(["Content/jb/3.md": input.file])
        let error = try #require(result.diagnostics.errors.first)
        #expect(error.location.file == "Content/jb/3.md")
        #expect(error.location.line == input.line)
        if let column = input.column { #expect(error.location.column == column) }
        #expect(error.message.contains(input.message), "\(error.message)")
        #expect(result.site?.series.first?.documents.isEmpty == true)
    }

    @Test func aFileThatIsNotUTF8IsProbablyGB18030() throws {
        let fileSystem = TestSupport.memorySite([:])
        try fileSystem.write([0x2D, 0x2D, 0x2D, 0x0A, 0xB1, 0xA8, 0x0A], to: "Content/jb/gbk.md")
        let result = ContentLoader(fileSystem: fileSystem, root: "Content").load()
        let error = try #require(result.diagnostics.errors.first)
        #expect(error.location == SourceLocation(file: "Content/jb/gbk.md", line: 2, column: 1))
        #expect(error.message.contains("it looks like GB18030"))
        #expect(error.hint?.contains("iconv -f GB18030 -t UTF-8 Content/jb/gbk.md") == true)
    }

    @Test func bytesThatAreNeitherUTF8NorGB18030AreNamedWithTheirPosition() throws {
        let fileSystem = TestSupport.memorySite([:])
        // 0xFF starts no UTF-8 character, and no GB18030 one either.
        try fileSystem.write(Array("---\nnumber: 3\n正文".utf8) + [0xFF, 0x0A], to: "Content/jb/bad.md")
        let result = ContentLoader(fileSystem: fileSystem, root: "Content").load()
        let error = try #require(result.diagnostics.errors.first)
        #expect(error.location == SourceLocation(file: "Content/jb/bad.md", line: 3, column: 3))
        #expect(error.message == "the file is not UTF-8 text: byte 0xFF here is not part of a UTF-8 character")
    }

    @Test func aTypoInAKeyIsAWarningThatSuggestsTheKey() throws {
        let result = TestSupport.loadMemorySite(["Content/jb/3.md": "---\nnumber: 3\ndate: 2024-01-12\ntotl: 5\n---\n"])
        let warning = try #require(result.diagnostics.warnings.first)
        #expect(warning.location.line == 4)
        #expect(warning.hint == "did you mean `total`?")
        #expect(result.diagnostics.errors.isEmpty)
    }

    @Test func everyBadFileIsReportedNotOnlyTheFirst() {
        let result = TestSupport.loadMemorySite([
            "Content/jb/1.md": "---\nnumber: 1\ndate: 2024-13-01\n---\n",
            "Content/jb/2.md": "---\nnumber: x\ndate: 2024-01-01\n---\n",
        ])
        #expect(Set(result.diagnostics.errors.map(\.location.file)) == ["Content/jb/1.md", "Content/jb/2.md"])
    }

    @Test func officialDocumentsNeedATitleAndMatchingAttachments() throws {
        let result = TestSupport.loadMemorySite([
            "Content/wj/series.yml": "name: 文件\nkind: notice\n",
            "Content/wj/a.md": "---\ndate: 2020-07-24\n---\n正文。\n",
            "Content/wj/b.md": "---\ntitle: 关于的通知\ndate: 2020-07-24\nattachments: [打分表]\n---\n正文。\n\n# 附件1\n\n表。\n\n# 附件2\n\n说明。\n",
        ])
        let errors = result.diagnostics.errors
        #expect(errors.contains { $0.location.file == "Content/wj/a.md" && $0.message.contains("no `title`") })
        #expect(errors.contains { $0.location == SourceLocation(file: "Content/wj/b.md", line: 12, column: 1) && $0.message.contains("`# 附件2` has no matching entry") })
    }

    @Test func imagesMustExistInsideTheDocumentsFolder() {
        let result = TestSupport.loadMemorySite(["Content/jb/3.md": "---\nnumber: 3\ndate: 2024-01-12\n---\n# 标题\n\n![图](../../../etc/passwd.png)\n\n![图二](images/missing.jpg)\n"])
        let errors = result.diagnostics.errors
        #expect(errors.contains { $0.location.line == 7 && $0.message.contains("points outside the document's folder") })
        #expect(errors.contains { $0.location.line == 9 && $0.message.contains("does not exist") })
    }
}
