import JianbaoModel
import JianbaoSupport
@testable import JianbaoWorkflow
import Testing

/// The small reading rules behind `check` and `import`, in memory.
@Suite struct WorkflowRulesTests {
    @Test func trailerLabelTypos() {
        #expect(TrailerLabelTypos.intendedLabel(of: "抄 送：县委办")?.meant == ["抄送"])
        #expect(TrailerLabelTypos.intendedLabel(of: "编较：李四")?.meant.first == "编校")
        #expect(TrailerLabelTypos.intendedLabel(of: "报送:县政府")?.meant.contains("抄送") == true)
        // Read as trailer lines already, or plainly not meant as one.
        #expect(TrailerLabelTypos.intendedLabel(of: "抄送：县委办") == nil)
        #expect(TrailerLabelTypos.intendedLabel(of: "注：以上数据截至6月底") == nil)
        #expect(TrailerLabelTypos.intendedLabel(of: "一是强化领导：成立专班") == nil)
    }

    @Test func mastheadLines() {
        #expect(ImportedText.issueNumbers("第 19 期")?.number == 19)
        let both = ImportedText.issueNumbers("第19期（总第57期）")
        #expect(both?.number == 19 && both?.total == 57)
        #expect(ImportedText.issueNumbers("增刊第1期")?.special == .zengkan)
        // Chinese numerals, half-width brackets, a year before the number, the name before it.
        #expect(ImportedText.issueNumbers("第二十四期")?.number == 24)
        let year = ImportedText.issueNumbers("高教动态 2018年第7期(总第7期) 河北师范大学发展规划处")
        #expect(year?.number == 7 && year?.total == 7 && year?.year == 2018)
        #expect(year?.before == "高教动态" && year?.after == "河北师范大学发展规划处")
        #expect(ImportedText.issueNumbers("第19期工作动态")?.after == "工作动态")
        #expect(ImportedText.issueNumbers("第期") == nil)
        let line = ImportedText.findDate(in: "鲁山县创建省级法治政府建设示范县指挥部办公室 2024 年 1 月 12 日")
        #expect(line?.before.trimmingSpaces == "鲁山县创建省级法治政府建设示范县指挥部办公室")
        #expect(line?.date == SimpleDate(year: 2024, month: 1, day: 12))
        #expect(ImportedText.findDate(in: "2024年2月30日") == nil)
        // Dates in Chinese numerals, as 成文日期 are written (〇, ○, and the letter O of some copies).
        #expect(ImportedText.date("二〇〇四年一月十六日") == SimpleDate(year: 2004, month: 1, day: 16))
        #expect(ImportedText.date("二OO三年十二月四日") == SimpleDate(year: 2003, month: 12, day: 4))
        #expect(ImportedText.date("二○一一年八月九日") == SimpleDate(year: 2011, month: 8, day: 9))
        #expect(ImportedText.date("2019年01月17日") == SimpleDate(year: 2019, month: 1, day: 17))
        #expect(ImportedText.date("二〇〇四年一月三十二日") == nil)
    }

    @Test func brokenChineseLinesAreJoinedButOtherSpacesStay() {
        #expect(ImportedText.joiningCJK("中共濮阳市委 全面依法治市委员会办公室文件") == "中共濮阳市委全面依法治市委员会办公室文件")
        #expect(ImportedText.joiningCJK("（市县级政府 2023 版）三级指标第 93 项工作的 情况说明") == "（市县级政府 2023 版）三级指标第 93 项工作的情况说明")
    }

    @Test func textThatWouldBeMarkdownIsEscaped() {
        #expect(ImportedText.markdownEscaped("1. 坚持党的领导") == "1\\. 坚持党的领导")
        #expect(ImportedText.markdownEscaped("\t16\t<p>注重建设") == "16 \\<p>注重建设")
        #expect(ImportedText.markdownEscaped("# 不是标题") == "\\# 不是标题")
        #expect(ImportedText.markdownEscaped("（一）组织领导") == "（一）组织领导")
    }

    @Test func gb18030IsDetected() throws {
        // 简报 in GB18030.
        let bytes: [UInt8] = [0xBC, 0xF2, 0xB1, 0xA8]
        let decoded = try #require(TextDecoding.decode(bytes))
        #expect(decoded.text == "简报")
        #expect(decoded.encoding == .gb18030)
        #expect(TextDecoding.decode(Array("简报".utf8))?.encoding == .utf8)
    }

    @Test func yamlValuesReadBackAsWritten() {
        #expect(ImportWriter.yamlScalar("濮治市办〔2020〕8号") == "濮治市办〔2020〕8号")
        #expect(ImportWriter.yamlScalar("2020") == "\"2020\"")
        #expect(ImportWriter.yamlScalar("- 列表") == "\"- 列表\"")
        #expect(ImportWriter.yamlScalar("a: \"b\"") == "\"a: \\\"b\\\"\"")
    }

    @Test func chinaDateIsUTCPlusEight() {
        // 2024-01-11 16:00 UTC is already 2024-01-12 in Beijing.
        #expect(SimpleDate.todayInChina(now: 1_704_988_800) == SimpleDate(year: 2024, month: 1, day: 12))
        #expect(SimpleDate.todayInChina(now: 1_704_988_799) == SimpleDate(year: 2024, month: 1, day: 11))
    }

    @Test func linksToPages() {
        #expect(SiteInspector.pageTarget(of: "../9/index.html", from: "jb/2024/2") == "jb/2024/9")
        #expect(SiteInspector.pageTarget(of: "../../", from: "jb/2024/2") == "jb")
        #expect(SiteInspector.pageTarget(of: "/jb/", from: "jb/2024/2") == "jb")
        #expect(SiteInspector.pageTarget(of: "https://example.gov.cn/", from: "jb/2024/2") == nil)
        #expect(SiteInspector.pageTarget(of: "images/1.jpg", from: "jb/2024/2") == nil)
        #expect(SiteInspector.pageTarget(of: "#article-1", from: "jb/2024/2") == nil)
    }
}
