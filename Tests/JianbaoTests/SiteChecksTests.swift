import JianbaoChecks
import JianbaoContent
import JianbaoModel
import JianbaoSupport
import Testing

@Suite struct SiteChecksTests {
    @Test func aDuplicateNumberNamesBothFiles() throws {
        let result = TestSupport.loadMemorySite([
            "Content/jb/2024/19.md": "---\nnumber: 19\ndate: 2024-01-12\n---\n",
            "Content/jb/2024/19b.md": "---\nnumber: 19\ndate: 2024-01-19\n---\n",
        ])
        let site = try #require(result.site)
        let errors = SiteChecks.run(site)
        #expect(errors.count == 1)
        #expect(errors.first?.location.file == "Content/jb/2024/19b.md")
        #expect(errors.first?.message.contains("第19期 is used twice") == true)
        #expect(errors.first?.message.contains("Content/jb/2024/19.md") == true)
    }

    @Test func supplementsAndYearlyNumbersAreTheirOwnSequences() throws {
        var result = TestSupport.loadMemorySite([
            "Content/jb/a.md": "---\nnumber: 1\ndate: 2024-01-12\n---\n",
            "Content/jb/b.md": "---\nnumber: 1\ndate: 2024-02-12\nspecial: 增刊\n---\n",
        ])
        #expect(SiteChecks.run(try #require(result.site)).isEmpty)
        result = TestSupport.loadMemorySite([
            "Content/jb/series.yml": "name: 简报\nnumbering: yearly\n",
            "Content/jb/a.md": "---\nnumber: 1\ndate: 2023-01-12\n---\n",
            "Content/jb/b.md": "---\nnumber: 1\ndate: 2024-01-12\n---\n",
        ])
        #expect(SiteChecks.run(try #require(result.site)).isEmpty)
    }

    @Test func draftsAndInternalIssuesAreLeftOutOfThePublicArchive() throws {
        let result = TestSupport.loadMemorySite([
            "Content/jb/a.md": "---\nnumber: 1\ndate: 2024-01-12\n---\n",
            "Content/jb/b.md": "---\nnumber: 2\ndate: 2024-01-19\ndraft: true\n---\n",
            "Content/jb/c.md": "---\nnumber: 3\ndate: 2024-01-26\nmarking: 内部资料 注意保存\n---\n",
        ])
        var site = try #require(result.site)
        var publication = Publication(site: site)
        #expect(publication.site.series[0].documents.map { $0.briefing!.number } == [1])
        #expect(publication.leftOutDrafts == 1)
        #expect(publication.leftOutInternal == 1)
        site.publishInternal = true
        publication = Publication(site: site)
        #expect(publication.site.series[0].documents.map { $0.briefing!.number } == [1, 3])
    }
}
