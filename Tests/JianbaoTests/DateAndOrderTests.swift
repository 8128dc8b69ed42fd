import JianbaoModel
import JianbaoSupport
import Testing

@Suite struct ChineseDateTests {
    @Test func printsWithoutLeadingZeros() {
        #expect(SimpleDate(iso: "2024-01-12")?.chinese == "2024年1月12日")
        #expect(SimpleDate(iso: "2023-06-30")?.chinese == "2023年6月30日")
        #expect(SimpleDate(iso: "2024-1-2")?.iso == "2024-01-02")
    }

    @Test func parsesChineseDatesWithOrWithoutSpaces() {
        #expect(SimpleDate(chinese: "2024年1月12日") == SimpleDate(year: 2024, month: 1, day: 12))
        #expect(SimpleDate(chinese: "2024 年 1 月 12 日") == SimpleDate(year: 2024, month: 1, day: 12))
        #expect(SimpleDate(chinese: "二〇二四年一月十二日") == nil)
        #expect(SimpleDate(chinese: "2024年13月1日") == nil)
    }

    @Test func rejectsDaysThatDoNotExist() {
        #expect(SimpleDate(iso: "2024-13-45") == nil)
        #expect(SimpleDate(iso: "2023-02-29") == nil)
        #expect(SimpleDate(iso: "2024-02-29") != nil)
        #expect(SimpleDate(iso: "2024/01/12") == nil)
        #expect(SimpleDate(iso: "24-01-12") == nil)
    }
}

@Suite struct ArchiveOrderTests {
    func issue(_ number: Int, _ date: String) -> Document {
        Document(source: SourceLocation(file: "\(number).md"), seriesSlug: "s", slug: "\(number)", kind: .briefing,
                 fields: .briefing(BriefingFields(number: number, name: "简报")), date: SimpleDate(iso: date)!)
    }

    @Test func byDateThenNumber() {
        let documents = [issue(19, "2024-01-12"), issue(4, "2023-06-12"), issue(3, "2023-06-12"), issue(20, "2024-01-19")]
        let sorted = documents.sorted(by: Document.archiveOrder)
        #expect(sorted.map { $0.briefing!.number } == [3, 4, 19, 20])
    }

    @Test func addressesFollowTheContract() {
        #expect(issue(19, "2024-01-12").outputFolder == "s/2024/19")
        var supplement = issue(1, "2024-03-01")
        supplement.fields = .briefing(BriefingFields(number: 1, special: .zengkan, name: "简报"))
        #expect(supplement.outputFolder == "s/2024/supplement-1")
        #expect(supplement.label == "增刊第1期")
    }
}
