import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import JianbaoModel
@testable import JianbaoRender
import JianbaoSupport
import Testing

/// XML 1.0 allows no control characters but tab, line feed and carriage return: one vertical tab
/// in a heading made feed.xml unreadable (issue #11). The loader refuses them (see the
/// `control-*` invalid sites); whatever a template is given, what it writes is well-formed XML too.
@Suite struct FeedControlCharactersTests {
    @Test func everyControlCharacterInEveryValueLeavesTheFeedWellFormed() throws {
        let templates = try TemplateSet(folder: TestSupport.repoRoot + "/Templates", fileSystem: DiskFileSystem(),
                                        requiredKinds: [.briefing])
        let controls = (0..<0x20).filter { ![0x09, 0x0A, 0x0D].contains($0) } + [0x7F, 0x85, 0x9B, 0xFFFE, 0xFFFF]
        let noise = String(String.UnicodeScalarView(controls.compactMap { Unicode.Scalar(UInt32($0)) }))
        let document = Document(
            source: SourceLocation(file: "Content/jb/1.md"), seriesSlug: "jb", slug: "1", kind: .briefing,
            fields: .briefing(BriefingFields(number: 1, name: "简报\(noise)")), date: SimpleDate(year: 2024, month: 1, day: 5)!,
            sections: [Section(title: "标题\(noise)一", anchor: "article-1", html: "<p>正文</p>")])
        let series = Series(slug: "jb", name: "测试\(noise)简报", kind: .briefing, documents: [document],
                            source: SourceLocation(file: "Content/jb/series.yml"))
        let site = Site(title: "档案\(noise)", baseURL: "https://example.gov.cn/", series: [series])
        let values = FeedValues(feed: SiteRenderer(site: site, templates: templates).feedContext(series))
        let feed = templates.render(TemplateValues.make(values).root, with: "feed")
        let parser = XMLParser(data: Data(feed.utf8))
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(feed.contains("<title>测试简报</title>"))
        #expect(feed.contains("第1期 标题一"))
        #expect(!feed.unicodeScalars.contains(where: ControlCharacters.isForbidden))
    }
}
