import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Jianbao
import JianbaoSupport
import Testing

/// Builds the repository's own Content/ with its Templates/ and reads the result like a reader would.
@Suite(.serialized) struct EndToEndTests {
    /// Where the shared build goes: a new temporary folder, removed when the test process ends.
    static let sharedFolder: String = {
        let folder = (try? TestSupport.makeTemporaryFolder("jianbao-e2e")) ?? NSTemporaryDirectory() + "jianbao-e2e-\(getpid())"
        atexit { try? FileManager.default.removeItem(atPath: EndToEndTests.sharedFolder) }
        return folder
    }()

    /// One build of the example archive, shared by the tests of this suite and of the suites that
    /// read the built site (web archive, search).
    actor SharedBuild {
        typealias Built = Result<(output: String, events: [BuildEvent]), BuildError>
        /// The one build, started by the first test that asks; the others wait for it.
        private var build: Task<Built, Never>?

        func get() async -> Built {
            if let build { return await build.value }
            let started = Task { await Self.buildExample(into: EndToEndTests.sharedFolder) }
            build = started
            return await started.value
        }

        static func buildExample(into folder: String) async -> Built {
            let options = BuildOptions(content: TestSupport.repoRoot + "/Content", output: folder + "/public",
                                       templates: TestSupport.repoRoot + "/Templates")
            var events: [BuildEvent] = []
            do {
                _ = try await Builder(options: options).build(onEvent: { events.append($0) })
                return .success((folder + "/public", events))
            } catch {
                return .failure(error)
            }
        }
    }

    static let shared = SharedBuild()

    static func built() async -> (output: String, events: [BuildEvent])? {
        let build = await shared.get()
        if case .failure(let error) = build { Issue.record("the example archive must build: \(error)") }
        return try? build.get()
    }

    func page(_ path: String) async throws -> String {
        let output = try #require(await Self.built()?.output, "the example archive must build")
        return try TestSupport.readText(output + "/" + path)
    }

    /// The text a reader sees: tags dropped, white space removed (Chinese has none between words).
    func visible(_ html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag && !character.isWhitespace { text.append(character) }
        }
        return text.replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func reportsEachStage() async throws {
        let events = try #require(await Self.built()?.events)
        #expect(events.count == 4)
        guard case .loaded(let files, let series, let documents, _) = events.first,
              case .rendered(let pages, _) = events[2] else {
            Issue.record("unexpected events: \(events)")
            return
        }
        #expect(files == 5 && series == 2 && documents == 5)
        #expect(pages == 17)  // home, 2 series pages, 5 documents, 5 year pages, 2 topic pages (综合政务, 公安、安全、司法), search, 404
    }

    @Test func issue19ShowsItsMastheadArticlesAndTrailer() async throws {
        let html = try await page("jianbao/2024/19/index.html")
        #expect(html.contains("lang=\"zh-CN\""))
        let text = visible(html)
        for expected in ["鲁山县创建省级法治政府建设示范县", "工作简报", "第19期", "2024年1月12日", "鲁山县创建省级法治政府建设示范县指挥部办公室",
                         "本期要目", "工作动态",
                         "鲁山县法治政府创建工作督导组调研督导法治政府创建工作",
                         "鲁山县上下联动、多措并举、多点发力营造法治政府建设示范创建浓厚氛围",
                         "报：市法治政府建设领导小组办公室", "送：县省级法治政府建设示范创建指挥部政委、指挥长、副指挥长",
                         "发：各乡（镇、街道），县委各部委，县直各单位", "编校：徐亚利、陈宇", "（共印80份）"] {
            #expect(text.contains(expected), "issue 19 lacks \(expected)")
        }
        // The trailer comes after the last article's last paragraph, and is not left in the body.
        let lastParagraph = try #require(text.range(of: "营造万众一心抓创建、创新拼搏争一流的良好氛围。"))
        let trailer = try #require(text.range(of: "报：市法治政府建设领导小组办公室"))
        #expect(lastParagraph.upperBound <= trailer.lowerBound)
        #expect(text.components(separatedBy: "报：市法治政府建设领导小组办公室").count == 2)
        // Chinese lines joined without stray spaces; print rules present.
        #expect(!html.contains("在创建工作 中找准定位"))
        #expect(text.contains("在创建工作中找准定位"))
    }

    @Test func issue4HasItsCaptionsAndSingleLineTrailer() async throws {
        let html = try await page("jianbao/2023/4/index.html")
        let text = visible(html)
        #expect(text.contains("第4期"))
        #expect(text.contains("2023年6月12日"))
        #expect(html.components(separatedBy: "class=\"caption\"").count - 1 == 9)
        #expect(text.contains("编校：徐亚利、陈宇"))
        #expect(text.contains("（共印80份）"))
        #expect(!text.contains("编校：徐亚利、陈宇（共印80份）（共印80份）"))
    }

    @Test func theNoticeHasItsNumberAttachmentsAndTables() async throws {
        let html = try await page("wenjian/2020/puzhi-shiban-2020-8/index.html")
        let text = visible(html)
        for expected in ["中共濮阳市委全面依法治市委员会办公室文件", "濮治市办〔2020〕8号",
                         "中共濮阳市委全面依法治市委员会办公室印发关于做好党政主要负责人履行推进法治建设第一责任人职责及法治政府建设督察工作实施方案的通知",
                         "各县（区）党委全面依法治县（区）委员会", "附件1", "附件2",
                         "濮阳市党政主要负责人履行推进法治建设第一责任人职责规定任务分解及督察情况打分表", "法治政府建设督察工作说明",
                         "2020年7月24日"] {
            #expect(text.contains(expected), "the notice lacks \(expected)")
        }
        #expect(html.components(separatedBy: "<table").count - 1 == 2)
        #expect(html.contains("rowspan=\""))
        // the scripts are the templates' print helper and 长者模式 switch; nothing from the content
        let scripts = ["<script src=\"../../../print.js\" defer></script>", "<script src=\"../../../elder.js\"></script>"]
        #expect(scripts.allSatisfy(html.contains))
        #expect(!scripts.reduce(html) { $0.replacingOccurrences(of: $1, with: "") }.contains("<script"))
    }

    @Test func theStatementAndTheReport() async throws {
        let statement = visible(try await page("wenjian/2023/qingkuang-shuoming-93/index.html"))
        #expect(statement.contains("情况说明"))
        #expect(statement.contains("鲁山县法治政府建设领导小组办公室"))
        #expect(statement.contains("2023年6月30日"))
        #expect(statement.contains("一、提高认识，强化组织保障"))
        let report = visible(try await page("wenjian/2021/fazhi-zhengfu-baogao-2020/index.html"))
        #expect(report.contains("鲁山县人民政府"))
        #expect(report.contains("关于2020年度法治政府建设情况的报告"))
        #expect(report.contains("1.紧紧围绕省委、市委法治政府建设工作方案"))
        #expect(!report.contains("bookmark"))
    }

    @Test func homeAndSeriesListTheIssuesNewestFirst() async throws {
        let home = visible(try await page("index.html"))
        let nineteen = try #require(home.range(of: "第19期"))
        let four = try #require(home.range(of: "第4期"))
        #expect(nineteen.lowerBound < four.lowerBound)
        #expect(home.contains("法治政府建设文件"))

        let seriesPage = visible(try await page("jianbao/index.html"))
        // after the links to each year (2024年（1份）2023年（1份）) come the years' lists
        let series = String(seriesPage[try #require(seriesPage.range(of: "2023年（1份）")).upperBound...])
        let year2024 = try #require(series.range(of: "2024"))
        let year2023 = try #require(series.range(of: "2023", range: year2024.upperBound..<series.endIndex))
        let issue19 = try #require(series.range(of: "第19期"))
        let issue4 = try #require(series.range(of: "第4期"))
        #expect(year2024.lowerBound < issue19.lowerBound && issue19.lowerBound < year2023.lowerBound && year2023.lowerBound < issue4.lowerBound)

        let documents = visible(try await page("wenjian/index.html"))
        let order = ["三级指标第93项工作的情况说明", "关于2020年度法治政府建设情况的报告", "实施方案的通知"].compactMap { documents.range(of: $0)?.lowerBound }
        #expect(order.count == 3 && order == order.sorted())
    }

    @Test func previousAndNextStayWithinTheSeries() async throws {
        let html = try await page("jianbao/2024/19/index.html")
        #expect(html.contains("href=\"../../../jianbao/2023/4/index.html\""))
        #expect(!html.contains("wenjian/2020"))
    }

    @Test(arguments: ["jianbao/feed.xml", "wenjian/feed.xml", "sitemap.xml"])
    func feedsAndTheSitemapAreXMLListingEveryDocument(_ path: String) async throws {
        let xml = try await page(path)
        let collector = LinkCollector()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = collector
        #expect(parser.parse(), "\(path) is not well-formed XML: \(String(describing: parser.parserError))")
        let expected: [String] = switch path {
        case "jianbao/feed.xml": ["jianbao/2024/19/", "jianbao/2023/4/"]
        case "wenjian/feed.xml": ["wenjian/2023/qingkuang-shuoming-93/", "wenjian/2021/fazhi-zhengfu-baogao-2020/", "wenjian/2020/puzhi-shiban-2020-8/"]
        default: ["", "jianbao/", "wenjian/", "jianbao/2023/4/", "jianbao/2024/19/", "wenjian/2020/puzhi-shiban-2020-8/",
                  "wenjian/2021/fazhi-zhengfu-baogao-2020/", "wenjian/2023/qingkuang-shuoming-93/"]
        }
        for address in expected {
            #expect(collector.addresses.contains("https://example.gov.cn/jianbao/" + address), "\(path) lacks \(address)")
        }
        if path.hasSuffix("feed.xml") {
            #expect(collector.elements.contains("feed") && collector.entries == expected.count)
        }
    }

    @Test func stylesheetWithPrintRulesIsPublished() async throws {
        let css = try await page("print.css")
        #expect(css.contains("@page"))
        #expect(css.contains("size: A4"))
        #expect(try await page("print.js").contains("beforeprint"))
        let issue = try await page("jianbao/2024/19/index.html")
        #expect(issue.contains("<link rel=\"stylesheet\" href=\"../../../style.css\">"))
        #expect(issue.contains("<link rel=\"stylesheet\" href=\"../../../print.css\" media=\"print\">"))
    }
}

/// Collects the addresses in an Atom feed or a sitemap.
final class LinkCollector: NSObject, XMLParserDelegate {
    var addresses: Set<String> = []
    var elements: Set<String> = []
    var entries = 0
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.insert(name)
        if name == "entry" { entries += 1 }
        if name == "link", let href = attributes["href"] { addresses.insert(href) }
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "loc" || name == "id" { addresses.insert(text.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}

/// The web archive around the pages: JSON Feed, robots.txt, the 404 page, year pages, Open Graph.
@Suite struct WebArchiveTests {
    func page(_ path: String) async throws -> String {
        let output = try #require(await EndToEndTests.built()?.output, "the example archive must build")
        return try TestSupport.readText(output + "/" + path)
    }

    @Test func theJSONFeedListsTheSeriesNewestFirst() async throws {
        let feed = try #require(try JSONSerialization.jsonObject(with: Data(await page("jianbao/feed.json").utf8)) as? [String: Any])
        #expect(feed["version"] as? String == "https://jsonfeed.org/version/1.1")
        #expect(feed["feed_url"] as? String == "https://example.gov.cn/jianbao/jianbao/feed.json")
        let items = try #require(feed["items"] as? [[String: Any]])
        #expect(items.map { $0["url"] as? String } == ["https://example.gov.cn/jianbao/jianbao/2024/19/", "https://example.gov.cn/jianbao/jianbao/2023/4/"])
        #expect((items.first?["title"] as? String)?.hasPrefix("第19期") == true)
        #expect(items.first?["date_published"] as? String == "2024-01-12T00:00:00+08:00")
        #expect(try await page("jianbao/index.html").contains("type=\"application/feed+json\" href=\"feed.json\""))
    }

    @Test func robotsNamesTheSitemap() async throws {
        let robots = try await page("robots.txt")
        #expect(robots.hasPrefix("User-agent: *\n"))
        #expect(robots.contains("Sitemap: https://example.gov.cn/jianbao/sitemap.xml\n"))
    }

    @Test func theNotFoundPageReachesTheSiteFromAnyAddress() async throws {
        let html = try await page("404.html")
        #expect(html.contains("href=\"/jianbao/style.css\""))
        #expect(html.contains("href=\"/jianbao/jianbao/index.html\""))
        #expect(html.contains("action=\"/jianbao/search/index.html\""))
        #expect(html.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(!html.contains("rel=\"canonical\""))
    }

    @Test func pagesCarryCanonicalAndOpenGraphTags() async throws {
        let html = try await page("jianbao/2024/19/index.html")
        #expect(html.contains("<link rel=\"canonical\" href=\"https://example.gov.cn/jianbao/jianbao/2024/19/\">"))
        #expect(html.contains("<meta property=\"og:title\" content=\"鲁山县创建省级法治政府建设示范县 工作简报 第19期：鲁山县法治政府创建工作督导组调研督导法治政府创建工作\">"))
        #expect(html.contains("<meta property=\"og:type\" content=\"article\">"))
        #expect(html.contains("<meta property=\"og:url\" content=\"https://example.gov.cn/jianbao/jianbao/2024/19/\">"))
        #expect(html.contains("<meta name=\"description\" content=\"2024年1月12日。"))
        #expect(try await page("index.html").contains("<meta property=\"og:type\" content=\"website\">"))
        #expect(try await page("index.html").contains("<form class=\"site-search\" role=\"search\" action=\"search/index.html\""))
    }

    @Test func eachYearOfASeriesHasItsPage() async throws {
        let year = try await page("jianbao/2023/index.html")
        #expect(year.contains("第4期") && !year.contains("第19期"))
        #expect(year.contains("href=\"../../jianbao/2024/index.html\""))
        #expect(year.contains("<span aria-current=\"page\">2023年（1份）</span>"))
        let series = try await page("wenjian/index.html")
        for year in ["2023", "2021", "2020"] { #expect(series.contains("href=\"\(year)/index.html\"")) }
        #expect(!series.contains("更早的"))
    }

    @Test func theSearchPageWorksWithoutAServerAndSaysWhatItNeeds() async throws {
        let html = try await page("search/index.html")
        #expect(html.contains("<script src=\"../search.js\"></script>"))
        #expect(html.contains("<noscript>"))
        #expect(html.contains("data-documents=\"5\""))
        let script = try await page("search.js")
        #expect(script.contains("document.createElement(\"script\")"))  // loads the index as scripts: works from file://
        #expect(!script.contains("fetch("))
    }
}

extension WebArchiveTests {
    /// Each page has one h1 first, and no heading is more than one level below the one before it.
    @Test(arguments: ["index.html", "jianbao/index.html", "jianbao/2024/index.html", "jianbao/2024/19/index.html",
                      "jianbao/2023/4/index.html", "wenjian/2020/puzhi-shiban-2020-8/index.html",
                      "wenjian/2021/fazhi-zhengfu-baogao-2020/index.html", "wenjian/2023/qingkuang-shuoming-93/index.html",
                      "search/index.html", "404.html"])
    func headingsAreInOrder(_ path: String) async throws {
        let html = try await page(path)
        var levels: [Int] = []
        var rest = html[...]
        while let open = rest.range(of: "<h") {
            rest = rest[open.upperBound...]
            if let digit = rest.first, let level = digit.wholeNumberValue, (1...6).contains(level),
               rest.dropFirst().first == ">" || rest.dropFirst().first == " " {
                levels.append(level)
            }
        }
        #expect(levels.first == 1, "\(path) starts with h\(levels.first ?? 0)")
        #expect(levels.filter { $0 == 1 }.count == 1, "\(path) has \(levels.filter { $0 == 1 }.count) h1")
        for (before, after) in zip(levels, levels.dropFirst()) {
            #expect(after <= before + 1, "\(path): h\(before) then h\(after)")
        }
    }

    @Test func headingsInsideAnArticleMoveOneLevelDown() {
        #expect(SiteRendererAccess.nested("<h2>一、</h2><p>x</p><h3>（一）</h3>") == "<h3 class=\"h2\">一、</h3><p>x</p><h4 class=\"h3\">（一）</h4>")
    }

    /// The edges of the byte rewrite: text without `<h` stays whole, h5 becomes h6, h6 and cut-off tags stay.
    @Test func headingRewriteLeavesEverythingElse() {
        #expect(SiteRendererAccess.nested("</h2>x") == "</h2>x")
        #expect(SiteRendererAccess.nested("<hr></h3>") == "<hr></h4>")
        #expect(SiteRendererAccess.nested("<h5>五</h5><h6>六</h6>") == "<h6 class=\"h5\">五</h6><h6>六</h6>")
        #expect(SiteRendererAccess.nested("<p>a</p><h2") == "<p>a</p><h2")
        #expect(SiteRendererAccess.nested("中<h2>") == "中<h3 class=\"h2\">")
        #expect(SiteRendererAccess.nested("") == "")
    }
}
