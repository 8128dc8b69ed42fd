@testable import JianbaoContent
import JianbaoModel
import Testing

@Suite struct SanitizerTests {
    func body(_ markdown: String) -> ParsedBody {
        var body = MarkdownBody(file: "a.md", firstLine: 1, kind: .briefing)
        return body.parse(markdown)
    }

    @Test func scriptsAndOtherRawHTMLBlocksAreDropped() {
        let parsed = body("# 标题\n\n<script>alert(1)</script>\n\n<div onclick=\"x()\">点</div>\n\n正文。\n")
        let html = parsed.sections[0].html
        #expect(!html.contains("script"))
        #expect(!html.contains("onclick"))
        #expect(html.contains("<p>正文。</p>"))
        #expect(parsed.diagnostics.count == 2)
        #expect(parsed.diagnostics.allSatisfy { $0.severity == .warning && $0.location.line != nil })
    }

    @Test func tablesKeepTheirStructureAndMergedCellsOnly() {
        let table = """
        <table class="x" style="color:red"><tr><th onclick="x()">主要职责</th></tr>
        <tr><td rowspan="2" colspan="3" title="t">职责一<script>alert(1)</script></td><td><sup>1</sup>任务</td></tr></table>
        """
        let html = body("# 标题\n\n\(table)\n").sections[0].html
        #expect(html.contains("<table><tr><th>主要职责</th></tr>"))
        #expect(html.contains("<td rowspan=\"2\" colspan=\"3\">职责一</td>"))
        #expect(html.contains("<sup>1</sup>任务"))
        #expect(!html.contains("alert"))
        #expect(!html.contains("style"))
        #expect(!html.contains("class"))
    }

    @Test func scriptAndDataURLsNeverReachTheOutput() {
        let parsed = body("# 标题\n\n[点我](javascript:alert(1)) [数据](data:text/html,x) [网站](https://example.gov.cn/)\n")
        let html = parsed.sections[0].html
        #expect(!html.contains("javascript"))
        #expect(!html.contains("data:"))
        #expect(html.contains("点我"))
        #expect(html.contains("<a href=\"https://example.gov.cn/\">网站</a>"))
    }

    @Test func inlineTagsOnTheAllowListSurviveWithoutAttributes() {
        let html = body("# 标题\n\nH<sub>2</sub>O <span onmouseover=\"x\">字</span> <iframe src=x></iframe>\n").sections[0].html
        #expect(html.contains("H<sub>2</sub>O"))
        #expect(html.contains("<span>字</span>"))
        #expect(!html.contains("iframe"))
        #expect(!html.contains("onmouseover"))
    }

    @Test func lineBreaksBetweenChineseCharactersAddNoSpace() {
        let html = body("# 标题\n\n在创建工作\n中找准定位，\nLED 电子屏\n滚动播放 open\ndata\n").sections[0].html
        #expect(html == "<p>在创建工作中找准定位，LED 电子屏滚动播放 open\ndata</p>\n")
    }

    @Test func captionsAndPhotos() {
        let parsed = body("# 标题\n\n（督导组在县公安局督导创建工作）\n\n（一）组织筹备阶段（7月31日前）。\n\n![督导组在县交通运输局督导创建工作](images/1.jpg)\n")
        let html = parsed.sections[0].html
        #expect(html.contains("<p class=\"caption\">（督导组在县公安局督导创建工作）</p>"))
        #expect(html.contains("<p>（一）组织筹备阶段（7月31日前）。</p>"))
        #expect(html.contains("<figure><img src=\"images/1.jpg\" alt=\"督导组在县交通运输局督导创建工作\"><figcaption>督导组在县交通运输局督导创建工作</figcaption></figure>"))
        #expect(parsed.assets.map(\.path) == ["images/1.jpg"])
    }

    @Test func editorsNoteArticlesAndAttachments() {
        let parsed = body("> 按语：请各单位认真学习。\n\n# 第一篇\n\n甲。\n\n# 第二篇\n\n## 一、小节\n\n乙。\n")
        #expect(parsed.noteHTML == "<p>按语：请各单位认真学习。</p>\n")
        #expect(parsed.sections.map(\.title) == ["第一篇", "第二篇"])
        #expect(parsed.sections.map(\.anchor) == ["article-1", "article-2"])
        #expect(parsed.sections[1].html.contains("<h2>一、小节</h2>"))

        var notice = MarkdownBody(file: "n.md", firstLine: 1, kind: .notice)
        let official = notice.parse("正文。\n\n# 实施方案\n\n方案。\n\n# 附件1\n\n表。\n\n# 附件 2\n\n说明。\n")
        #expect(official.leadHTML == "<p>正文。</p>\n")
        #expect(official.sections.map(\.attachmentNumber) == [nil, 1, 2])
        #expect(official.sections.map(\.anchor) == ["part-1", "fujian-1", "fujian-2"])
    }
}
