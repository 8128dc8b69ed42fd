import Foundation
import JianbaoSupport
import Testing

/// The archive as a Chinese government website (#17): the 政府信息公开 block above a 公文, the footer
/// marks from site.yml with their conventional links, a series' pages by 主题分类, the JSON Feed's
/// 信息公开 object, `new`'s comments and the 长者模式 switch's markup. Each test builds
/// Tests/Fixtures/gov-site (or the base site) with the `jianbao` executable; every expected value is
/// read off the fixture's files by hand, never from the program.
@Suite struct GovernmentSiteTests {
    /// A copy of `fixture` (below Tests/Fixtures) with the repository's templates, built into its `public/`.
    static func build(_ fixture: String = "gov-site") throws -> String {
        let site = try TestSupport.makeTemporaryFolder("jianbao-gov")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/" + fixture, to: site)
        let run = try TestSupport.runJianbao(["build"], in: site)
        #expect(run.status == 0, "\(fixture) must build: \(run.standardError)")
        return site
    }

    /// The text between the first `start` and the next `end` after it (both included); nil without `start`.
    static func element(_ html: String, from start: String, to end: String) -> String? {
        guard let open = html.range(of: start) else { return nil }
        guard let close = html.range(of: end, range: open.upperBound..<html.endIndex) else { return String(html[open.lowerBound...]) }
        return String(html[open.lowerBound..<close.upperBound])
    }

    static func withoutTags(_ html: String) -> String {
        html.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Every match of `pattern`'s capture groups in `text`.
    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let expression = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let range = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: range).map { match in
            (1..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
        }
    }

    /// The 政府信息公开 block of a page, as (term, value) pairs in order; nil when the page has none.
    static func disclosure(_ html: String) -> [(String, String)]? {
        guard let block = element(html, from: "<section class=\"disclosure\"", to: "</section>") else { return nil }
        return matches(#"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>"#, in: block).map { (withoutTags($0[0]), withoutTags($0[1])) }
    }

    static func footer(_ html: String) -> String {
        element(html, from: "<footer", to: "</footer>") ?? ""
    }

    /// Where a relative address on the page at `page` (below the output root) leads, below the root:
    /// the published file, as a server finds it (percent-decoded).
    static func resolve(_ address: String, from page: String, basePath: String) -> String {
        let address = address.removingPercentEncoding ?? address
        if address.hasPrefix(basePath) { return String(address.dropFirst(basePath.count)) }
        var parts = page.split(separator: "/").dropLast().map(String.init)
        for part in address.split(separator: "/") {
            if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(String(part)) }
        }
        return parts.joined(separator: "/")
    }

    static func htmlPages(_ published: String) throws -> [String] {
        try DiskFileSystem().allFiles(under: published).filter { $0.hasSuffix(".html") }.sorted()
    }

    // MARK: 政府信息公开

    /// GB/T 9704's elements and the 信息公开 fields, in the order government sites show them; a row
    /// whose value is not given is left out; 发文机关 is the 署名 (or the 发文机关标志 without 文件).
    @Test func aDocumentsPageShowsItsDisclosureFieldsInOrder() throws {
        let site = try Self.build()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let page = { (path: String) in try TestSupport.readText(site + "/public/" + path + "/index.html") }

        let first = try #require(Self.disclosure(try page("wj/2024/tongzhi-1")), "tongzhi-1 has the fields")
        #expect(first.map(\.0) == ["索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期", "有效性"])
        #expect(first.map(\.1) == ["000000001/2024-00001", "综合政务", "测试县人民政府办公室", "2024年3月4日", "关于测试工作的通知",
                                   "测政办〔2024〕1号", "2024年3月6日", "有效"])
        // No 发文字号 and no 有效性: their rows are left out.
        let second = try #require(Self.disclosure(try page("wj/2023/tongzhi-2")))
        #expect(second.map(\.0) == ["索引号", "主题分类", "发文机关", "成文日期", "标题", "发布日期"])
        #expect(second.map(\.1) == ["000000001/2023-00002", "公安、安全、司法", "测试县人民政府办公室", "2023年5月6日", "关于测试安全工作的通知",
                                    "2023年5月8日"])
        // A series not marked 信息公开: a document with a field shows it; 发文机关 is its 发文机关标志 without 文件.
        let report = try #require(Self.disclosure(try page("bg/2024/baogao-1")))
        #expect(report.map(\.0) == ["主题分类", "发文机关", "成文日期", "标题"])
        #expect(report.map(\.1) == ["综合政务", "测试县人民政府", "2024年2月1日", "关于测试工作情况的报告"])
        // None of the fields, in a series not marked: no block, and none on a briefing.
        #expect(Self.disclosure(try page("bg/2024/baogao-2")) == nil)
        #expect(Self.disclosure(try page("jb/2024/1")) == nil)
        // The block comes before the document as printed (it is no part of the sheet) and says what it is.
        let html = try page("wj/2024/tongzhi-1")
        let block = try #require(html.range(of: "<section class=\"disclosure\""))
        let sheet = try #require(html.range(of: "<div class=\"sheet"))
        #expect(block.lowerBound < sheet.lowerBound)
        #expect(html.contains("<section class=\"disclosure\" aria-label=\"政府信息公开\">"))
    }

    @Test func theJSONFeedCarriesTheDisclosureFields() throws {
        let site = try Self.build()
        defer { try? FileManager.default.removeItem(atPath: site) }
        func items(_ series: String) throws -> [String: [String: Any]] {
            let data = try Data(contentsOf: URL(fileURLWithPath: site + "/public/\(series)/feed.json"))
            let feed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let list = try #require(feed["items"] as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: list.map { ($0["url"] as? String ?? "", $0) })
        }
        let wj = try items("wj")
        let first = try #require(wj["https://example.gov.cn/test/wj/2024/tongzhi-1/"]?["_disclosure"] as? [String: String])
        #expect(first == ["index_number": "000000001/2024-00001", "topic": "综合政务", "issuing_authority": "测试县人民政府办公室",
                          "date": "2024-03-04", "title": "关于测试工作的通知", "doc_number": "测政办〔2024〕1号",
                          "published_on": "2024-03-06", "validity": "有效"])
        let second = try #require(wj["https://example.gov.cn/test/wj/2023/tongzhi-2/"]?["_disclosure"] as? [String: String])
        #expect(second == ["index_number": "000000001/2023-00002", "topic": "公安、安全、司法", "issuing_authority": "测试县人民政府办公室",
                           "date": "2023-05-06", "title": "关于测试安全工作的通知", "published_on": "2023-05-08"])
        let bg = try items("bg")
        #expect(bg["https://example.gov.cn/test/bg/2024/baogao-1/"]?["_disclosure"] as? [String: String]
                == ["topic": "综合政务", "issuing_authority": "测试县人民政府", "date": "2024-02-01", "title": "关于测试工作情况的报告"])
        #expect(bg["https://example.gov.cn/test/bg/2024/baogao-2/"]?["_disclosure"] == nil)
        #expect(try items("jb").values.allSatisfy { $0["_disclosure"] == nil })
    }

    /// A series' documents by 主题分类: the series page links a page per topic, which lists the topic's
    /// documents by year, newest first. A series without topics has no such pages.
    @Test func aSeriesIsListedByTopicAndYear() throws {
        let site = try Self.build()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let published = site + "/public"
        let seriesPage = try TestSupport.readText(published + "/wj/index.html")
        let nav = try #require(Self.element(seriesPage, from: "<nav class=\"topic-nav\"", to: "</nav>"), "the series page has a topic list")
        let links = Self.matches(#"<a href="([^"]*)">(.*?)</a>"#, in: nav)
        #expect(links.map { Self.withoutTags($0[1]) } == ["综合政务（2份）", "公安、安全、司法（1份）"])
        #expect(links.map { Self.resolve($0[0], from: "wj/index.html", basePath: "/test/") }
                == ["wj/topics/综合政务/index.html", "wj/topics/公安、安全、司法/index.html"])

        func listing(_ path: String) throws -> (years: [String], entries: [String]) {
            let html = try TestSupport.readText(published + "/" + path)
            let main = try #require(Self.element(html, from: "<main", to: "</main>"))
            let years = Self.matches(#"<h2 class="year-title"[^>]*>(.*?)</h2>"#, in: main).map { Self.withoutTags($0[0]) }
            let entries = Self.matches(#"<li class="entry"><a href="([^"]*)""#, in: main).map { Self.resolve($0[0], from: path, basePath: "/test/") }
            return (years, entries)
        }
        let general = try listing("wj/topics/综合政务/index.html")
        #expect(general.years == ["2024年"])
        #expect(general.entries == ["wj/2024/tongzhi-3/index.html", "wj/2024/tongzhi-1/index.html"])
        let security = try listing("wj/topics/公安、安全、司法/index.html")
        #expect(security.years == ["2023年"])
        #expect(security.entries == ["wj/2023/tongzhi-2/index.html"])
        #expect(try TestSupport.readText(published + "/wj/topics/综合政务/index.html").contains("<h1 class=\"page-title\">测试县政府文件 <span class=\"page-title-topic\">综合政务</span></h1>"))

        #expect(!(try TestSupport.readText(published + "/jb/index.html")).contains("topic-nav"))
        #expect(!FileManager.default.fileExists(atPath: published + "/jb/topics"))
    }

    /// A topic is free text: one of 150 characters (450 bytes in UTF-8, more than a file name may
    /// hold, 255 bytes on Linux and macOS) that tries to climb out still gets its page, in a folder of
    /// the topics folder, and the series page links it.
    @Test func aLongTopicGetsAFolderAFileSystemCanHold() throws {
        let site = try TestSupport.makeTemporaryFolder("jianbao-gov-long-topic")
        defer { try? FileManager.default.removeItem(atPath: site) }
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/gov-site", to: site)
        let topic = "../" + String(repeating: "很", count: 147)
        let file = site + "/Content/wj/2024/tongzhi-3.md"
        let text = try TestSupport.readText(file).replacingOccurrences(of: "topic: 综合政务", with: "topic: \"\(topic)\"")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try TestSupport.runJianbao(["build"], in: site)
        #expect(run.status == 0, "\(run.standardError)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: site + "/public/wj/topics")
        let long = try #require(folders.first { $0.hasPrefix("很") }, "got \(folders)")
        #expect(long.utf8.count <= 255)
        #expect(FileManager.default.fileExists(atPath: site + "/public/wj/topics/\(long)/index.html"))
        let seriesPage = try TestSupport.readText(site + "/public/wj/index.html")
        let nav = try #require(Self.element(seriesPage, from: "<nav class=\"topic-nav\"", to: "</nav>"))
        let targets = Self.matches(#"<a href="([^"]*)">"#, in: nav).map { Self.resolve($0[0], from: "wj/index.html", basePath: "/test/") }
        #expect(targets.contains("wj/topics/\(long)/index.html"), "\(targets)")
    }

    // MARK: The footer marks

    /// Every page's footer: the 党政机关网站标识 linking to its certificate page, 主办单位, the contact
    /// lines, 网站标识码, the ICP number linking to the MIIT lookup and the 公安 record linking to its
    /// page on the 全国互联网安全管理服务平台 (https://beian.mps.gov.cn/#/query/webSearch?code=…, the
    /// record's digits), as government sites carry them.
    @Test func everyPageCarriesTheFooterMarksWithTheirLinks() throws {
        let site = try Self.build()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let published = site + "/public"
        let pages = try Self.htmlPages(published)
        #expect(pages.count >= 12)
        let mark = try DiskFileSystem().read(site + "/Content/marks/mark.png")
        for page in pages {
            let footer = Self.footer(try TestSupport.readText(published + "/" + page))
            #expect(footer.contains("<a href=\"https://beian.miit.gov.cn/\">豫ICP备00000001号-1</a>"), "\(page)")
            #expect(footer.contains("<a href=\"https://beian.mps.gov.cn/#/query/webSearch?code=41000002000003\">豫公网安备 41000002000003号</a>"), "\(page)")
            #expect(footer.contains("网站标识码：0000000001"), "\(page)")
            #expect(footer.contains("主办单位：测试县人民政府办公室"), "\(page)")
            #expect(footer.contains("地址：测试县人民路1号") && footer.contains("电话：0000-1234567"), "\(page)")
            let image = Self.matches(#"<a class="government-mark" href="([^"]*)"><img src="([^"]*)" alt="党政机关网站标识""#, in: footer)
            #expect(image.count == 1, "\(page)")
            #expect(image.first?[0] == "https://bszs.conac.cn/sitename?method=show&amp;id=0000000000000000000000000000TEST", "\(page)")
            let source = Self.resolve(image.first?[1] ?? "", from: page, basePath: "/test/")
            #expect((try? DiskFileSystem().read(published + "/" + source)) == mark, "\(page): the image \(source) is published")
        }
    }

    @Test func noMarkShowsWhenSiteYmlGivesNone() throws {
        let site = try Self.build("base-site")
        defer { try? FileManager.default.removeItem(atPath: site) }
        for page in try Self.htmlPages(site + "/public") {
            let footer = Self.footer(try TestSupport.readText(site + "/public/" + page))
            #expect(!footer.isEmpty, "\(page)")
            for absent in ["beian", "网站标识码", "主办单位", "government-mark", "site-marks", "ICP", "公网安备"] {
                #expect(!footer.contains(absent), "\(page): \(absent)")
            }
        }
    }

    /// What site.yml gives reaches every page as text: markup in it is shown, never run.
    @Test func footerValuesAreEscaped() throws {
        let site = try TestSupport.makeTemporaryFolder("jianbao-gov-hostile")
        defer { try? FileManager.default.removeItem(atPath: site) }
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/base-site", to: site)
        try DiskFileSystem().write("""
            title: 测试档案
            base_url: https://example.gov.cn/test/
            sponsor: "<script>alert(1)</script>"
            contact:
              "<b>地址</b>": "\\"><img src=x onerror=alert(2)>"
            site_code: "<i>1</i>"
            icp_record: "<a href=javascript:alert(3)>ICP</a>"
            police_record: "\\" onmouseover=\\"alert(this)"

            """, to: site + "/Content/site.yml")
        let run = try TestSupport.runJianbao(["build"], in: site)
        #expect(run.status == 0, "\(run.standardError)")
        for page in try Self.htmlPages(site + "/public") {
            let html = try TestSupport.readText(site + "/public/" + page)
            #expect(HTMLAudit.problems(inPage: html).isEmpty, "\(page): \(HTMLAudit.problems(inPage: html))")
            let footer = Self.footer(html)
            #expect(footer.contains("主办单位：&lt;script&gt;alert(1)&lt;/script&gt;"), "\(page)")
            #expect(footer.contains("&lt;b&gt;地址&lt;/b&gt;：&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"), "\(page)")
            // No digits in the record: the link goes to the platform's home page.
            #expect(footer.contains("<a href=\"https://beian.mps.gov.cn/\">&quot; onmouseover=&quot;alert(this)</a>"), "\(page)")
        }
    }

    /// A 网站标识码 is 10 letters and digits (3600000013, bm35000001 on government sites): anything
    /// else is most likely mistyped, or lost its leading zeros unquoted.
    @Test func aSiteCodeThatIsNotTenLettersAndDigitsIsAWarning() {
        for (code, warned) in [("\"0000000001\"", false), ("bm35000001", false), ("12345", true), ("41040000011", true), ("4104-00001", true)] {
            let loaded = TestSupport.loadMemorySite(["Content/site.yml": "title: 测试档案\nbase_url: https://example.gov.cn/jb/\nsite_code: \(code)\n"])
            let warnings = loaded.diagnostics.filter { $0.message.contains("网站标识码") }
            #expect(warnings.count == (warned ? 1 : 0), "\(code): \(warnings.map(\.formatted))")
            #expect(warnings.allSatisfy { $0.severity == .warning && $0.location == SourceLocation(file: "Content/site.yml", line: 3, column: 12) })
            #expect(!loaded.diagnostics.hasErrors)
        }
    }

    /// `government_mark: false` keeps the image in Content/ off the pages and out of public/.
    @Test func aMarkTurnedOffIsNeitherShownNorPublished() throws {
        let site = try TestSupport.makeTemporaryFolder("jianbao-gov-mark-off")
        defer { try? FileManager.default.removeItem(atPath: site) }
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/gov-site", to: site)
        let siteFile = site + "/Content/site.yml"
        try DiskFileSystem().write(try TestSupport.readText(siteFile).replacingOccurrences(of: "government_mark: true", with: "government_mark: false"),
                                   to: siteFile)
        #expect(try TestSupport.runJianbao(["build"], in: site).status == 0)
        #expect(!FileManager.default.fileExists(atPath: site + "/public/marks/mark.png"))
        let footer = Self.footer(try TestSupport.readText(site + "/public/index.html"))
        #expect(!footer.contains("党政机关网站标识") && !footer.contains("bszs.conac.cn"))
        #expect(footer.contains("网站标识码：0000000001"), "the other marks stay")
    }

    // MARK: 长者模式

    /// Every page loads the switch's script in its head (so the mode applies before the page is
    /// drawn) and has the switch, a toggle button, in its header; without JavaScript the stylesheet
    /// hides it (checked in a browser by Tests/browser/check_browser.py).
    @Test func everyPageHasTheElderModeSwitch() throws {
        let site = try Self.build()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let published = site + "/public"
        #expect(FileManager.default.fileExists(atPath: published + "/elder.js"))
        for page in try Self.htmlPages(published) {
            let html = try TestSupport.readText(published + "/" + page)
            let head = try #require(Self.element(html, from: "<head>", to: "</head>"))
            let script = Self.matches(#"<script src="([^"]*elder\.js)"></script>"#, in: head)
            #expect(script.count == 1, "\(page)")
            #expect(Self.resolve(script.first?[0] ?? "", from: page, basePath: "/test/") == "elder.js", "\(page)")
            let header = try #require(Self.element(html, from: "<header class=\"site-header\"", to: "</header>"))
            #expect(header.contains("<button type=\"button\" id=\"elder-toggle\" class=\"elder-toggle\" aria-pressed=\"false\">长者模式</button>"), "\(page)")
        }
    }

    // MARK: new and check

    @Test func newWritesTheDisclosureFieldsAsComments() throws {
        let site = try TestSupport.makeTemporaryFolder("jianbao-gov-new")
        defer { try? FileManager.default.removeItem(atPath: site) }
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/gov-site", to: site)
        let run = try TestSupport.runJianbao(["new", "wj", "--date", "2024-07-01"], in: site)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput == "Content/wj/2024/notice-2024-07-01.md\n")
        let text = try TestSupport.readText(site + "/Content/wj/2024/notice-2024-07-01.md")
        for line in ["# index_number: ", "# topic: ", "# published_on: 2024-07-01", "# validity: 有效"] {
            #expect(text.contains("\n" + line), "\(line) in:\n\(text)")
        }
        // As comments they change nothing: the series is marked 信息公开, so check asks for them.
        let check = try TestSupport.runJianbao(["check"], in: site)
        #expect(check.standardOutput.contains("Content/wj/2024/notice-2024-07-01.md:1:1: warning: no 索引号 (`index_number`)"), "\(check.standardOutput)")
        #expect(check.standardOutput.contains("Content/wj/2024/notice-2024-07-01.md:1:1: warning: no 发布日期 (`published_on`)"))
        #expect(try TestSupport.runJianbao(["build"], in: site).status == 0)
    }

    // MARK: The example archive

    /// `Content/` shows the block on its three 公文 and the footer marks on every page, with values
    /// that are visibly placeholders (docs/reference/content.md, 'The example archive').
    @Test func theExampleArchiveShowsTheBlockAndTheMarks() async throws {
        let output = try #require(await EndToEndTests.built()?.output)
        let expected: [String: [String]] = [
            "wenjian/2020/puzhi-shiban-2020-8": [
                "000000000/2020-00008", "综合政务", "中共濮阳市委全面依法治市委员会办公室", "2020年7月24日",
                "中共濮阳市委全面依法治市委员会办公室印发关于做好党政主要负责人履行推进法治建设第一责任人职责及法治政府建设督察工作实施方案的通知",
                "濮治市办〔2020〕8号", "2020年7月27日", "失效"],
            "wenjian/2021/fazhi-zhengfu-baogao-2020": [
                "000000000/2021-00001", "公安、安全、司法", "鲁山县人民政府", "2021年1月20日", "关于2020年度法治政府建设情况的报告",
                "2021年1月22日", "有效"],
            "wenjian/2023/qingkuang-shuoming-93": [
                "000000000/2023-00093", "综合政务", "鲁山县法治政府建设领导小组办公室", "2023年6月30日",
                "关于《河南省法治政府建设示范指标体系（市县级政府 2023 版）》三级指标第 93 项工作的情况说明", "2023年7月3日", "有效"],
        ]
        for (folder, values) in expected {
            let block = Self.disclosure(try TestSupport.readText(output + "/" + folder + "/index.html"))
            #expect(block?.map(\.1) == values, "\(folder)")
        }
        for page in try Self.htmlPages(output) {
            let footer = Self.footer(try TestSupport.readText(output + "/" + page))
            #expect(footer.contains("主办单位：鲁山县法治政府建设领导小组办公室（示例）"), "\(page)")
            #expect(footer.contains("网站标识码：0000000000"), "\(page)")
            #expect(footer.contains("<a href=\"https://beian.miit.gov.cn/\">豫ICP备00000000号（示例）</a>"), "\(page)")
            #expect(footer.contains("<a href=\"https://beian.mps.gov.cn/#/query/webSearch?code=00000000000000\">豫公网安备00000000000000号（示例）</a>"), "\(page)")
            let image = Self.matches(#"<img[^>]* src="([^"]*)" alt="党政机关网站标识""#, in: footer).first?[0] ?? ""
            #expect(Self.resolve(image, from: page, basePath: "/jianbao/") == "marks/government-mark-example.png", "\(page)")
        }
    }
}
