import Foundation
import Testing

/// `jianbao list`: what it prints for the example archive, against values read off Content/ by hand.
@Suite struct ListCommandTests {
    @Test func theJSONListingGivesEachDocumentsFieldsWithTheSeriesDefaults() throws {
        let run = try TestSupport.runJianbao(["list", "--content", TestSupport.repoRoot + "/Content", "--format", "json"],
                                             in: TestSupport.repoRoot)
        #expect(run.status == 0, "\(run.standardError)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let documents = try #require(root["documents"] as? [[String: Any]])
        let notice = try #require(documents.first { $0["address"] as? String == "wenjian/2020/puzhi-shiban-2020-8" })
        #expect(notice["kind"] as? String == "notice")
        #expect(notice["kindLabel"] as? String == "通知")
        #expect(notice["format"] as? String == "general")
        #expect(notice["published"] as? Bool == true)
        let official = try #require(notice["official"] as? [String: Any])
        #expect(official["docNumber"] as? String == "濮治市办〔2020〕8号")
        #expect((official["attachments"] as? [String])?.count == 2)
        let issue = try #require(documents.first { $0["address"] as? String == "jianbao/2024/19" })
        let briefing = try #require(issue["briefing"] as? [String: Any])
        #expect(briefing["number"] as? Int == 19)
        #expect(issue["copies"] as? Int == 80)
        #expect((issue["trailer"] as? [[String: Any]])?.compactMap { $0["label"] as? String }.contains("编校") == true)
    }

    @Test func theTextListingIsOneLineADocument() throws {
        let run = try TestSupport.runJianbao(["list", "--content", TestSupport.repoRoot + "/Content"], in: TestSupport.repoRoot)
        #expect(run.status == 0)
        let lines = run.standardOutput.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("jianbao/2024/19  简报  2024-01-12  第19期") })
        #expect(lines.contains { $0.hasPrefix("wenjian/2021/fazhi-zhengfu-baogao-2020  报告  2021-01-20  ") })
    }

    @Test func contentWithErrorsExitsOneAndNamesThem() throws {
        let run = try TestSupport.runJianbao(["list", "--content", TestSupport.repoRoot + "/Tests/Fixtures/invalid/unknown-kind/Content"],
                                             in: TestSupport.repoRoot)
        #expect(run.status == 1)
        #expect(run.standardError.contains("unknown-kind/Content/site.yml: error: site.yml is missing"))
        #expect(run.standardOutput.isEmpty)
    }
}
