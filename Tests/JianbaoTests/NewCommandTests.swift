import Foundation
import JianbaoContent
import JianbaoModel
import JianbaoSupport
import Testing

/// `jianbao new` end to end in a temporary copy of the example site.
@Suite struct NewCommandTests {
    static func exampleSite() throws -> String {
        let site = try TestSupport.makeTemporaryFolder("jianbao-new")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Content", to: site + "/Content")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        return site
    }

    @Test func twiceGivesConsecutiveNumbersAndFilesThatBuild() throws {
        let site = try Self.exampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let first = try TestSupport.runJianbao(["new", "jianbao", "--date", "2024-01-19"], in: site)
        let second = try TestSupport.runJianbao(["new", "jianbao", "--date", "2024-01-26"], in: site)
        #expect(first.status == 0 && second.status == 0, "\(first.standardError)\(second.standardError)")
        // The example series is at 第19期 (2024-01-12), numbered continuously.
        #expect(first.standardOutput == "Content/jianbao/2024/20.md\n")
        #expect(second.standardOutput == "Content/jianbao/2024/21.md\n")
        let text = try TestSupport.readText(site + "/Content/jianbao/2024/20.md")
        #expect(text.hasPrefix("---\nnumber: 20\ndate: 2024-01-19\n"))
        #expect(text.contains("#   报: 市法治政府建设领导小组办公室"), "the series' trailer is shown as a comment")
        #expect(text.contains("# copies: 80"))
        #expect(text.contains("\n# 文章标题\n"))

        let loaded = ContentLoader(fileSystem: DiskFileSystem(), root: site + "/Content").load()
        #expect(!loaded.diagnostics.hasErrors, "\(loaded.diagnostics.map(\.formatted))")
        let issue = loaded.site?.series.first { $0.slug == "jianbao" }?.documents.first { $0.briefing?.number == 21 }
        #expect(issue?.date == SimpleDate(year: 2024, month: 1, day: 26))
        #expect(issue?.trailer.copies == 80, "the series' defaults apply while the comments stay comments")
        #expect(try TestSupport.runJianbao(["build"], in: site).status == 0)
    }

    @Test func refusesToOverwriteAndToReuseANumber() throws {
        let site = try Self.exampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let existing = try TestSupport.readText(site + "/Content/jianbao/2024/19.md")
        let taken = try TestSupport.runJianbao(["new", "jianbao", "--number", "19", "--date", "2024-01-12"], in: site)
        #expect(taken.status == 1)
        #expect(taken.standardError.contains("Content/jianbao/2024/19.md: error: 第19期 already exists in the series `jianbao`"))
        #expect(try TestSupport.readText(site + "/Content/jianbao/2024/19.md") == existing)

        #expect(try TestSupport.runJianbao(["new", "wenjian", "--date", "2024-03-01"], in: site).status == 0)
        let again = try TestSupport.runJianbao(["new", "wenjian", "--date", "2024-03-01"], in: site)
        #expect(again.status == 1)
        #expect(again.standardError.contains("Content/wenjian/2024/notice-2024-03-01.md: error: the file already exists"))
    }

    @Test func yearlyNumberingStartsAgainAndANoticeStartsFromItsTitle() throws {
        let site = try TestSupport.makeTemporaryFolder("jianbao-new-yearly")
        defer { try? FileManager.default.removeItem(atPath: site) }
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/base-site", to: site)
        try DiskFileSystem().write("name: 测试县 工作简报\nkind: briefing\nnumbering: yearly\n", to: site + "/Content/jb/series.yml")
        let sameYear = try TestSupport.runJianbao(["new", "jb", "--date", "2024-06-01"], in: site)
        let nextYear = try TestSupport.runJianbao(["new", "jb", "--date", "2025-01-03"], in: site)
        #expect(sameYear.standardOutput == "Content/jb/2024/2.md\n")
        #expect(nextYear.standardOutput == "Content/jb/2025/1.md\n")

        let notice = try TestSupport.runJianbao(["new", "jb", "--kind", "notice", "--date", "2024-06-02"], in: site)
        #expect(notice.standardOutput == "Content/jb/2024/notice-2024-06-02.md\n")
        let text = try TestSupport.readText(site + "/Content/jb/2024/notice-2024-06-02.md")
        #expect(text.contains("kind: notice\ntitle: 关于……的通知\ndate: 2024-06-02\n"))

        let unknown = try TestSupport.runJianbao(["new", "nope"], in: site)
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("Content/nope: error: there is no series `nope`"))
    }
}
