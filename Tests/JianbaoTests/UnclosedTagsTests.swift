import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import JianbaoContent
import JianbaoModel
import JianbaoSupport
import Testing

/// An unclosed tag must not take in what comes after its block (issue #11: `<table><tr><td>x` put
/// the trailer, pager and footer inside the table cell; an unclosed `<code>` made the rest of the
/// page monospace). Each body's HTML is put before a footer and parsed by libxml2's HTML parser (an
/// implementation of its own, not jianbao's): the footer must be a child of the page's body, not of
/// anything the content opened.
@Suite struct UnclosedTagsTests {
    func html(_ markdown: String) -> (html: String, diagnostics: [Diagnostic]) {
        var body = MarkdownBody(file: "a.md", firstLine: 1, kind: .briefing)
        let parsed = body.parse("# 标题\n\n" + markdown)
        return (parsed.sections.first?.html ?? "", parsed.diagnostics)
    }

    /// The elements the footer ends up in, innermost first (`body`, `html` when nothing leaked).
    func footerAncestors(after html: String) throws -> [String] {
        let page = "<html><body><main>\(html)</main><footer id=\"end\">页脚</footer></body></html>"
        let document = try XMLDocument(data: Data(page.utf8), options: [.documentTidyHTML])
        let footer = try #require(try document.nodes(forXPath: "//footer").first)
        var names: [String] = []
        var node = footer.parent
        while let current = node, let name = current.name {
            names.append(name)
            node = current.parent
        }
        return names
    }

    @Test(arguments: [
        "<table><tr><td>x",
        "<table><tr><td><b>粗",
        "<table><tr><td>x</td><td>y\n<tr><td>z",
        "<table><caption>表<tr><th scope=\"col\">项",
        "<table><tr><td>x<table><tr><td>内",
        "<table><tr><td><p>段",
        "<table><tr><td a=\"never closed",
        "正文<code>代码",
        "正文<b><i>粗斜",
        "*强调<b>粗*之后",
        "[链接<span>字](https://example.gov.cn/)之后",
        "正文<small>小</b>",
    ])
    func nothingAfterTheBlockIsInsideWhatItOpened(_ markdown: String) throws {
        let result = html(markdown + "\n\n后文。\n")
        #expect(try footerAncestors(after: result.html) == ["body", "html"], "\(result.html)")
        #expect(result.html.contains("<p>后文。</p>"))
        // And the paragraph after it is not inside it either.
        let paragraphs = try XMLDocument(data: Data("<html><body>\(result.html)</body></html>".utf8), options: [.documentTidyHTML])
            .nodes(forXPath: "//p[contains(., '后文')]")
        #expect(paragraphs.first?.parent?.name == "body", "\(result.html)")
    }

    @Test func tagsAreClosedWhereTheyWereOpenedAndStrayClosingTagsDropped() {
        #expect(html("<table><tr><td>x\n").html == "<table><tr><td>x\n</td></tr></table>\n")
        #expect(html("<table><tr><td>a<td>b</table>\n").html == "<table><tr><td>a</td><td>b</td></tr></table>\n")
        #expect(html("<table><tr><td>a</tr></td></b></table>\n").html == "<table><tr><td>a</td></tr></table>\n")
        #expect(html("正文<b>粗<i>斜</b>后\n").html == "<p>正文<b>粗<i>斜</i></b>后</p>\n")
        #expect(html("正文</b>后\n").html == "<p>正文后</p>\n")
        #expect(html("正文<code>代码\n").html == "<p>正文<code>代码</code></p>\n")
        #expect(html("*强调<b>粗*后</b>\n").html == "<p><em>强调<b>粗</b></em>后</p>\n")
    }

    @Test func aTagNeverEndedEndsTheTableWithAWarning() throws {
        let result = html("<table><tr><td>甲</td>\n<td title=\"没有引号的结尾>乙</td></tr></table>\n")
        #expect(result.html == "<table><tr><td>甲</td>\n</tr></table>\n")
        let warning = try #require(result.diagnostics.first)
        #expect(warning.severity == .warning)
        #expect(warning.location.line == 4 && warning.location.column == 1)
        #expect(warning.message.hasPrefix("the tag `<td title=\"没有引号的结尾>乙"))
        #expect(warning.message.hasSuffix("` is never ended with `>`: the rest of the table is not published"))
    }

    @Test func characterReferencesToControlCharactersAreDroppedFromTables() {
        let result = html("<table><tr><td>甲&#11;乙&#x1b;丙&#150;丁&amp;</td></tr></table>\n")
        #expect(result.html == "<table><tr><td>甲乙丙&#150;丁&amp;</td></tr></table>\n")
    }
}
