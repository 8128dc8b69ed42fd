@testable import JianbaoContent
import JianbaoModel
import JianbaoSupport
import Testing

/// Every field declared on the values content files fill in (BriefingFields, OfficialFields,
/// SiteSettings, a series' defaults) is read from its key, and the key is known (no "unknown key"
/// warning). The oracle is the table below, written by hand: for each declared field, a line to
/// write and the value it must load as. The fields are enumerated from the loaded values
/// themselves, so a field added to a declaration with no row here fails, asking for one; a row
/// whose field the loader does not read fails on its value, and a key the loader does not know
/// fails on the warning.
@Suite struct DeclaredFieldsTests {
    struct Row {
        /// What to write in the file (the key and its value, in YAML).
        var yaml: String
        /// What the field must hold once loaded (optionals unwrapped).
        var expected: AnyHashable
        /// What of the field to compare, for a field whose value carries more than the file says
        /// (where each line was written, say).
        var view: (@Sendable (Any) -> AnyHashable?)?

        init(_ yaml: String, _ expected: AnyHashable, view: (@Sendable (Any) -> AnyHashable?)? = nil) {
            self.yaml = yaml
            self.expected = expected
            self.view = view
        }
    }

    static var briefingRows: [String: Row] { [
        "number": Row("number: 23", 23),
        "total": Row("total: 301", 301),
        "special": Row("special: 增刊", SpecialIssue.zengkan),
        "name": Row("name: 防汛工作简报", "防汛工作简报"),
        "office": Row("office: 县防汛抗旱指挥部办公室", "县防汛抗旱指挥部办公室"),
        "column": Row("column: 工作动态", "工作动态"),
    ] }

    static var officialRows: [String: Row] { [
        "issuer": Row("issuer: [县人民政府办公室, 县应急管理局文件]", "县人民政府办公室、县应急管理局"),
        // Made from `issuer:` written as a list (the row above), not a key of its own.
        "jointIssuers": Row("", ["县人民政府办公室", "县应急管理局"]),
        "docNumber": Row("doc_number: 测政办〔2024〕7号", "测政办〔2024〕7号"),
        "title": Row("title: 关于做好汛期值班工作的通知", "关于做好汛期值班工作的通知"),
        "addressees": Row("addressees: 各乡镇人民政府：", "各乡镇人民政府"),
        "attachments": Row("attachments: [值班表, 联系人名单]", ["值班表", "联系人名单"]),
        "signedBy": Row("signed_by: [县人民政府办公室, 县应急管理局]", "县人民政府办公室、县应急管理局"),
        // Made from `signed_by:` written as a list (the row above), not a key of its own.
        "jointSignatures": Row("", ["县人民政府办公室", "县应急管理局"]),
        "cc": Row("cc: 县委办公室", "县委办公室"),
        "printedBy": Row("printed_by: 县人民政府办公室秘书科", "县人民政府办公室秘书科"),
        "printedOn": Row("printed_on: 2024-06-03", SimpleDate(year: 2024, month: 6, day: 3)!),
        "copyNumber": Row("copy_number: 42", "000042"),
        "urgency": Row("urgency: 特急", "特急"),
        "signers": Row("signers: [张明, 李华, 王强]", ["张明", "李华", "王强"]),
        "annotation": Row("annotation: （此件公开发布）", "此件公开发布"),
        "signatoryTitle": Row("signatory_title: 县长", "县长"),
        "attendees": Row("attendees: 赵明远、钱学东", "赵明远、钱学东"),
        "onLeave": Row("on_leave: 郑晓光（出差）", "郑晓光（出差）"),
        "observers": Row("observers: 县财政局负责同志", "县财政局负责同志"),
        // One seal per 署名 (signed_by above lists two); the images are in the test's site (see
        // below), without a resolution, so `seal_size` gives their width.
        "seal": Row("seal: [seals/a.png, seals/b.png]", [["seals/a.png", "40.0"], ["seals/b.png", "40.0"]],
                    view: { value in (value as? [SealImage]).map { $0.map { [$0.file, "\($0.width)"] } } }),
        "signatureStamp": Row("signature_stamp: seals/stamp.png", ["seals/stamp.png", "40.0"],
                              view: { value in (value as? SealImage).map { [$0.file, "\($0.width)"] } }),
        "sealSize": Row("seal_size: 40", 40.0),
        "indexNumber": Row("index_number: 000000000/2024-00007", "000000000/2024-00007"),
        "topic": Row("topic: 应急管理", "应急管理"),
        "publishedOn": Row("published_on: 2024-06-04", SimpleDate(year: 2024, month: 6, day: 4)!),
        "validity": Row("validity: 有效", "有效"),
    ] }

    static var siteRows: [String: Row] { [
        "title": Row("title: 测试县政务档案", "测试县政务档案"),
        "baseURL": Row("base_url: https://www.example.gov.cn/dangan/", "https://www.example.gov.cn/dangan/"),
        "language": Row("language: zh-Hant", "zh-Hant"),
        "publishInternal": Row("publish_internal: true", true),
        "sponsor": Row("sponsor: 测试县人民政府办公室", "测试县人民政府办公室"),
        "contact": Row("contact:\n  地址: 测试县人民路1号\n  电话: 0000-0000000", [["地址", "测试县人民路1号"], ["电话", "0000-0000000"]],
                       view: { value in (value as? [ContactLine]).map { $0.map { [$0.label ?? "", $0.text] } } }),
        "siteCode": Row("site_code: \"0000000000\"", "0000000000"),
        "icpRecord": Row("icp_record: 豫ICP备00000000号", "豫ICP备00000000号"),
        "policeRecord": Row("police_record: 豫公网安备00000000000000号", "豫公网安备00000000000000号"),
        "governmentMark": Row("government_mark: true", true),
        // The image must exist in the content folder: the test's site has it (see below).
        "governmentMarkImage": Row("government_mark_image: marks/mark.png", "marks/mark.png"),
        "webSeals": Row("web_seals: true", true),
        "governmentMarkLink": Row("government_mark_link: https://bszs.conac.cn/sitename?method=show&id=0", "https://bszs.conac.cn/sitename?method=show&id=0"),
    ] }

    static var seriesRows: [String: Row] { [
        "name": Row("name: 测试县 防汛简报", "测试县 防汛简报"),
        "kind": Row("kind: notice", DocumentKind.notice),
        "office": Row("office: 县防汛办", "县防汛办"),
        "marking": Row("marking: 内部资料 注意保存", "内部资料 注意保存"),
        // Where `marking:` is written, for the message about a 密级: not a key of its own.
        "markingLocation": Row("", SourceLocation(file: "Content/jb/series.yml", line: 4, column: 1)),
        "trailer": Row("trailer:\n  报: 市防汛办\ncopies: 45", [["报", "市防汛办"], ["45"]], view: { value in
            (value as? Trailer).map { trailer in trailer.lines.map { [$0.label, $0.text] } + [[trailer.copies.map(String.init) ?? "none"]] }
        }),
        "issuer": Row("issuer: 县人民政府办公室文件", "县人民政府办公室文件"),
        "signedBy": Row("signed_by: 县人民政府办公室", "县人民政府办公室"),
        "cc": Row("cc: 县委办公室", "县委办公室"),
        "printedBy": Row("printed_by: 县政府办秘书科", "县政府办秘书科"),
        // The image is in the test's site (see below), without a resolution: `seal_size` gives its width.
        "seal": Row("seal: seals/a.png", [["seals/a.png", "38.0"]],
                    view: { value in (value as? [SealImage]).map { $0.map { [$0.file, "\($0.width)"] } } }),
        "sealSize": Row("seal_size: 38", 38.0),
    ] }

    @Test func everyBriefingFieldIsReadFromItsKey() throws {
        let result = TestSupport.loadMemorySite(["Content/jb/2024/23.md": Self.frontMatter(Self.briefingRows, date: "2024-06-03") + "# 标题\n\n正文。\n"])
        #expect(result.diagnostics.map(\.formatted) == [String]())
        let fields = try #require(result.site?.series.first?.documents.first?.briefing)
        Self.compare(fields, with: Self.briefingRows, declaration: "BriefingFields")
    }

    @Test func everyOfficialFieldIsReadFromItsKey() throws {
        // A 令, which alone may carry a signature stamp; the seal images as PNG bytes.
        let fileSystem = TestSupport.memorySite([
            "Content/wj/series.yml": "name: 测试县文件\nkind: 令\n",
            "Content/wj/2024/7.md": Self.frontMatter(Self.officialRows, date: "2024-06-03") + "正文。\n\n# 附件1\n\n值班表\n\n# 附件2\n\n名单\n",
        ])
        for name in ["a", "b", "stamp"] { try fileSystem.write(SealTests.png(width: 100, height: 100), to: "Content/seals/\(name).png") }
        let result = ContentLoader(fileSystem: fileSystem, root: "Content").load()
        #expect(result.diagnostics.map(\.formatted) == [String]())
        let series = try #require(result.site?.series.first { $0.slug == "wj" })
        let fields = try #require(series.documents.first?.official)
        Self.compare(fields, with: Self.officialRows, declaration: "OfficialFields")
    }

    @Test func everySiteSettingIsReadFromItsKey() throws {
        let result = TestSupport.loadMemorySite(["Content/site.yml": Self.yaml(Self.siteRows), "Content/marks/mark.png": "png"])
        #expect(result.diagnostics.map(\.formatted) == [String]())
        let settings = try #require(result.site?.settings)
        Self.compare(settings, with: Self.siteRows, declaration: "SiteSettings")
    }

    @Test func everySeriesDefaultIsReadFromItsKey() throws {
        // `name`, `kind`, `office` first: markingLocation's row says `marking:` is on line 4.
        let order = ["name", "kind", "office", "marking"]
        let text = order.compactMap { Self.seriesRows[$0]?.yaml }.joined(separator: "\n") + "\n"
            + Self.yaml(Self.seriesRows.filter { !order.contains($0.key) })
        let fileSystem = TestSupport.memorySite(["Content/jb/series.yml": text])
        try fileSystem.write(SealTests.png(width: 100, height: 100), to: "Content/seals/a.png")
        let result = ContentLoader(fileSystem: fileSystem, root: "Content").load()
        #expect(result.diagnostics.map(\.formatted) == [String]())
        let defaults = try #require(result.reloader.series["jb"]?.defaults)
        Self.compare(defaults, with: Self.seriesRows, declaration: "SeriesDefaults")
    }

    @Test func keysAreTheFieldNamesSnakeCased() {
        #expect(KnownKeys.snakeCased("docNumber") == "doc_number")
        #expect(KnownKeys.snakeCased("baseURL") == "base_url")
        #expect(KnownKeys.snakeCased("urlPath") == "url_path")
        #expect(KnownKeys.snakeCased("printedOn") == "printed_on")
        #expect(KnownKeys.snakeCased("cc") == "cc")
    }

    /// The rows' lines, one a line, sorted so the file is the same every run.
    static func yaml(_ rows: [String: Row]) -> String {
        rows.values.map(\.yaml).filter { !$0.isEmpty }.sorted().joined(separator: "\n") + "\n"
    }

    static func frontMatter(_ rows: [String: Row], date: String) -> String {
        "---\ndate: \(date)\n" + yaml(rows) + "---\n\n"
    }

    /// Each stored property of `value` (its declaration, read by reflection) against its row.
    static func compare(_ value: Any, with rows: [String: Row], declaration: String) {
        let fields = Mirror(reflecting: value).children.compactMap { child in child.label.map { ($0, child.value) } }
        #expect(!fields.isEmpty)
        for (field, loaded) in fields {
            guard let row = rows[field] else {
                Issue.record("\(declaration).\(field) is declared but DeclaredFieldsTests has no row for it: add a row (the line to write and the value it must load as) to the table for \(declaration)")
                continue
            }
            let unwrapped = unwrap(loaded)
            let actual = row.view.map { $0(unwrapped as Any) } ?? unwrapped.flatMap { $0 as? AnyHashable }
            #expect(actual == row.expected, "\(declaration).\(field): `\(row.yaml)` loaded as \(unwrapped.map { String(describing: $0) } ?? "nothing"), not \(row.expected)")
        }
        let declared = Set(fields.map(\.0))
        for field in rows.keys where !declared.contains(field) {
            Issue.record("the table for \(declaration) has a row for `\(field)`, which it does not declare: remove the row")
        }
    }

    /// The value inside an optional; nil for none.
    static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { unwrap($0.value) } ?? nil
    }
}
