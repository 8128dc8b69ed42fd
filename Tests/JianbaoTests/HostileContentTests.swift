import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import JianbaoSupport
import Testing

/// Tests/Fixtures/hostile-site puts markup, script addresses, Mustache tags, entities and quotes into
/// every value an author writes — Markdown, front matter, series.yml, site.yml and trailer lines —
/// and builds it with the real command and templates.
@Suite struct HostileContentTests {
    struct BuildFailed: Error {
        var standardError: String
    }

    struct Built {
        var pages: [String: String]
        var warnings: String
    }

    static let built: Result<Built, any Error> = Result {
        let site = try TestSupport.makeTemporaryFolder("jianbao-hostile")
        defer { try? FileManager.default.removeItem(atPath: site) }
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/hostile-site", to: site)
        let run = try TestSupport.runJianbao(["build"], in: site)
        guard run.status == 0 else { throw BuildFailed(standardError: run.standardError) }
        let files = try TestSupport.snapshot(site + "/public")
        let pages = files.filter { $0.key.hasSuffix(".html") || $0.key.hasSuffix(".xml") }
            .mapValues { String(decoding: $0, as: UTF8.self) }
        return Built(pages: pages, warnings: run.standardError)
    }

    func page(_ path: String) throws -> String {
        try #require(try Self.built.get().pages[path], "no \(path)")
    }

    @Test func noPageCarriesMarkupThatRunsCode() throws {
        let pages = try Self.built.get().pages
        // 9 pages (home, 2 series, 2 year pages, the issue, the notice, search, 404) and 3 XML files.
        #expect(pages.count == 12)
        for (path, page) in pages.sorted(by: { $0.key < $1.key }) {
            let html = HTMLAudit.withoutTemplateMarkup(page)
            #expect(HTMLAudit.problems(in: html) == [], "\(path)")
            let lower = html.lowercased()
            for forbidden in ["<script", "<iframe", "<style", "<svg", "<img src=x", "<a href=\"javascript", "<div onmouseover"] {
                #expect(!lower.contains(forbidden), "\(forbidden) in \(path)")
            }
        }
    }

    @Test func theAuditItselfFindsWhatItLooksFor() {
        #expect(HTMLAudit.problems(in: "<p>a</p><SCRIPT>x</SCRIPT>") == ["<script>", "<script>"])
        #expect(HTMLAudit.problems(in: "<img src=\"x\" onerror=\"y\">") == ["onerror= on <img>"])
        #expect(HTMLAudit.problems(in: "<a href=\" java&#x09;script&colon;x\">") == ["href=\"javascript:…\" on <a>"])
        #expect(HTMLAudit.problems(in: "<img src='data:image/png;base64,x'>") == ["src=\"data:…\" on <img>"])
        #expect(HTMLAudit.problems(in: "<p>&lt;script&gt; javascript: onclick=</p>").isEmpty)
    }

    @Test func rawHTMLOutsideTheAllowListIsDroppedWithAWarning() throws {
        let warnings = try Self.built.get().warnings
        #expect(warnings.contains("Content/jb/2024/1.md:14:1: warning: raw HTML `<script>alert(\"block\")</script>` is not published"))
        #expect(warnings.contains("Content/jb/2024/1.md:16:1: warning: raw HTML `<style>p{color:red}</style>` is not published"))
        #expect(warnings.contains("Content/jb/2024/1.md:12:63: warning: inline HTML `<iframe src=\"https://evil.example/\">` is not published"))
        #expect(warnings.contains("Content/jb/2024/1.md:22:1: warning: the link to `javascript:alert(\"link\")` is not published"))
        #expect(warnings.contains("Content/jb/2024/1.md:22:32: warning: the link to `data:text/html;base64,PHNjcmlwdD4=` is not published"))
    }

    @Test func tablesWithMergedCellsAndTheInlineAllowListSurvive() throws {
        let issue = try page("jb/2024/1/index.html")
        // jianbao adds the print column widths (a <colgroup>, see TableColumns) after <table>
        #expect(issue.contains("</colgroup><tr><th scope=\"col\">项目</th><th colspan=\"2\">分值</th></tr>"))
        #expect(issue.contains("<table><colgroup><col style=\"--print-width: "))
        #expect(issue.contains("<tr><td rowspan=\"2\">甲</td><td>1</td><td>2链</td></tr>"))
        #expect(issue.contains("<p>正文<span>甲</span><b>乙</b>H<sub>2</sub>O。</p>"))
        #expect(issue.contains("<a href=\"https://example.gov.cn/\">正常</a>"))
        #expect(issue.contains("<p>链接 数据 制表 实体 大写 <a href"), "the unsafe links keep their text, not their address")
        #expect(issue.contains("<figure><img src=\"images/1.png\" alt=\"照片alert(&quot;alt&quot;)&quot;引号&quot;\">"))
        let notice = try page("wj/2024/tongzhi/index.html")
        #expect(notice.contains("</colgroup><tr><td colspan=\"3\">表</td></tr></table>"))
    }

    @Test func frontMatterValuesRenderAsText() throws {
        let notice = try page("wj/2024/tongzhi/index.html")
        // the title comes in its print lines (spans); joined, they are the escaped text
        let title = notice.split(separator: "<h1 class=\"doc-title\">").last?.split(separator: "</h1>").first.map(String.init) ?? ""
        let joined = title.split(separator: "<span class=\"title-line\">").map { $0.hasSuffix("</span>") ? $0.dropLast(7) : $0 }.joined()
        #expect(joined == "关于&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;开展{{site.title}}督查的通知 &amp; &quot;引号&quot;", "\(title)")
        #expect(!title.contains("<script") && title.hasPrefix("<span class=\"title-line\">"))
        #expect(notice.contains("<p class=\"doc-number\">测政办〔2024〕1号&lt;img src=x onerror=alert(&quot;docnumber&quot;)&gt;</p>"))
        #expect(notice.contains("<p class=\"addressees\">各乡（镇）&lt;b&gt;人民政府&lt;/b&gt;：</p>"))
        #expect(notice.contains("&lt;script&gt;alert(&#39;attachment&#39;)&lt;/script&gt;打分表"))
        #expect(notice.contains("<p class=\"signed-by\">测试县人民政府办公室 &#39;q&#39;</p>"))
        #expect(notice.contains("<dd>县委办&lt;style&gt;*{}&lt;/style&gt;。</dd>"))
        let issue = try page("jb/2024/1/index.html")
        #expect(issue.contains("<span class=\"total\">总第5期</span>"))
    }

    @Test func seriesAndSiteValuesRenderAsText() throws {
        let home = try page("index.html")
        #expect(home.contains("<title>档案&lt;script&gt;alert(&quot;site&quot;)&lt;/script&gt; &amp; {{site.title}} &#39;q&#39;</title>"))
        let issue = try page("jb/2024/1/index.html")
        #expect(issue.contains("测试县&lt;script&gt;alert(&quot;series&quot;)&lt;/script&gt; 工作&lt;iframe src=&quot;https://evil.example/&quot;&gt;简报"))
        #expect(issue.contains("<span class=\"office\">&lt;img src=x onerror=alert(&quot;office&quot;)&gt;测试县办公室</span>"))
        let series = try page("jb/index.html")
        #expect(series.contains("&quot;引号&quot;"))
        #expect(!series.contains("<b>粗</b>"), "a description is text, not markup")
    }

    @Test func trailerLinesRenderAsText() throws {
        let issue = try page("jb/2024/1/index.html")
        // From the body: an entity stays text, raw tags are dropped, a Mustache tag is not expanded.
        #expect(issue.contains("<dt>报：</dt><dd>&lt;script&gt;alert(&quot;entity trailer&quot;)&lt;/script&gt;市委 &amp; &quot;引号&quot;</dd>"))
        #expect(issue.contains("<dt>送：</dt><dd>alert(&quot;raw trailer&quot;)县委</dd>"))
        #expect(issue.contains("<dt>编校：</dt><dd>张三{{site.title}}</dd>"))
    }

    @Test func feedsStayWellFormedXML() throws {
        for path in ["jb/feed.xml", "wj/feed.xml", "sitemap.xml"] {
            let parser = XMLParser(data: Data(try page(path).utf8))
            #expect(parser.parse(), "\(path): \(String(describing: parser.parserError))")
        }
        #expect(try page("jb/feed.xml").contains("<title>测试县&lt;script&gt;alert(&quot;series&quot;)&lt;/script&gt;"))
    }
}
