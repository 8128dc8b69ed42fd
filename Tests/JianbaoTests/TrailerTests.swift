@testable import JianbaoContent
import JianbaoModel
import Testing

@Suite struct TrailerRecognitionTests {
    @Test func fullAndHalfWidthColons() {
        #expect(TrailerRecognizer.recognize("报：市法治政府建设领导小组办公室") == .init(label: "报", text: "市法治政府建设领导小组办公室", copies: nil))
        #expect(TrailerRecognizer.recognize("送: 县指挥部政委") == .init(label: "送", text: "县指挥部政委", copies: nil))
        #expect(TrailerRecognizer.recognize("发 ： 各乡（镇、街道）") == .init(label: "发", text: "各乡（镇、街道）", copies: nil))
    }

    @Test func copiesAtTheEndOfTheEditorLine() {
        let line = "编校：徐亚利、陈宇                             （共印80份）"
        #expect(TrailerRecognizer.recognize(line) == .init(label: "编校", text: "徐亚利、陈宇", copies: 80))
        #expect(TrailerRecognizer.recognize("编校：徐亚利 (共印 120 份)") == .init(label: "编校", text: "徐亚利", copies: 120))
    }

    @Test func copiesAloneWithEitherBrackets() {
        #expect(TrailerRecognizer.recognize("（共印 80 份）")?.copies == 80)
        #expect(TrailerRecognizer.recognize("(共印80份)")?.copies == 80)
        #expect(TrailerRecognizer.recognize("（共印八十份）") == nil)
        #expect(TrailerRecognizer.recognize("（督导组在县公安局督导创建工作）") == nil)
    }

    @Test(arguments: Trailer.knownLabels)
    func everyKnownLabel(label: String) {
        #expect(TrailerRecognizer.recognize("\(label)：某某单位")?.label == label)
    }

    @Test func longerLabelsWinOverTheirSuffixes() {
        #expect(TrailerRecognizer.recognize("抄报：省司法厅")?.label == "抄报")
        #expect(TrailerRecognizer.recognize("抄送：市委办公室")?.label == "抄送")
        #expect(TrailerRecognizer.recognize("责任编辑：陈宇")?.label == "责任编辑")
    }

    @Test func bodyTextIsNotATrailerLine() {
        #expect(TrailerRecognizer.recognize("现将有关情况报告如下：") == nil)
        #expect(TrailerRecognizer.recognize("报告：见附件") == nil)
        #expect(TrailerRecognizer.recognize("报：") == nil)
    }

    @Test func trailingLinesAreLiftedFromTheBody() {
        var body = MarkdownBody(file: "a.md", firstLine: 5, kind: .briefing)
        let parsed = body.parse("""
        # 标题

        正文第一段。

        报：市法治政府建设领导小组办公室
        送：县指挥部
        发：各乡（镇、街道）
        编校：徐亚利、陈宇                             （共印80份）
        """)
        #expect(parsed.trailer.lines.map(\.label) == ["报", "送", "发", "编校"])
        #expect(parsed.trailer.text(for: "发") == "各乡（镇、街道）")
        #expect(parsed.trailer.copies == 80)
        #expect(parsed.trailer.lines.first?.location?.line == 9)
        #expect(parsed.sections.first?.html == "<p>正文第一段。</p>\n")
    }

    @Test func trailerLinesDirectlyUnderTheLastParagraphAreLiftedAndTheTextKept() {
        var body = MarkdownBody(file: "a.md", firstLine: 1, kind: .briefing)
        let parsed = body.parse("# 标题\n\n推动工作取得新成绩。\n报：市办公室\n（共印 80 份）\n")
        #expect(parsed.trailer.text(for: "报") == "市办公室")
        #expect(parsed.trailer.copies == 80)
        #expect(parsed.sections.first?.html == "<p>推动工作取得新成绩。</p>\n")
    }

    @Test func aParagraphThatMerelyMentionsALabelStays() {
        var body = MarkdownBody(file: "a.md", firstLine: 1, kind: .briefing)
        let parsed = body.parse("# 标题\n\n此件已报：市法治政府建设领导小组办公室。\n")
        #expect(parsed.trailer.isEmpty)
        #expect(parsed.sections.first?.html.contains("此件已报：市法治政府建设领导小组办公室。") == true)
    }

    @Test func aTrailerLineInTheMiddleOfTheBodyStays() {
        var body = MarkdownBody(file: "a.md", firstLine: 1, kind: .briefing)
        let parsed = body.parse("# 标题\n\n发：这一行在正文中间。\n\n正文最后一段。\n")
        #expect(parsed.trailer.isEmpty)
        #expect(parsed.sections.first?.html.contains("发：这一行在正文中间。") == true)
    }

    @Test func issueLinesOverrideSeriesDefaultsLabelByLabel() {
        let series = Trailer(lines: [.init(label: "报", text: "甲"), .init(label: "送", text: "乙")], copies: 80)
        let issue = Trailer(lines: [.init(label: "送", text: "丙"), .init(label: "编校", text: "丁")], copies: nil)
        let merged = series.overridden(by: issue)
        #expect(merged.lines.map(\.label) == ["报", "送", "编校"])
        #expect(merged.text(for: "送") == "丙")
        #expect(merged.copies == 80)
    }
}
