import JianbaoTypeset
import Testing

/// Titles broken for 二号 (22 pt) in the 156 mm 版心: at most 20 characters a line. The expected lines
/// were written by hand from reading each title (the same lines Tests/print/check_print.py expects in
/// the PDFs): every break between two words, no closing mark at a line start, no opening one at a line
/// end, shaped as a 梯形 or a 菱形.
@Suite struct TitleLinesTests {
    func lines(_ title: String) -> [String] { TitleLines.lines(of: title, capacity: 20) }

    @Test func aTitleThatFitsIsOneLine() {
        #expect(lines("关于2020年度法治政府建设情况的报告") == ["关于2020年度法治政府建设情况的报告"])
        #expect(lines("  关于做好防汛准备工作的通知 ") == ["关于做好防汛准备工作的通知"])
    }

    @Test func quotedNamesStayWhole() {
        // not 鲁山县开展创建“省级法治政府 / 建设示范县”工作情况督导, which would be more even
        #expect(lines("鲁山县开展创建“省级法治政府建设示范县”工作情况督导")
                == ["鲁山县开展创建“省级法治政府建设示范县”", "工作情况督导"])
    }

    @Test func aSpaceBetweenChineseWordsIsTheBreak() {
        #expect(lines("鲁山县上下联动、多措并举、多点发力 营造法治政府建设示范创建浓厚氛围")
                == ["鲁山县上下联动、多措并举、多点发力", "营造法治政府建设示范创建浓厚氛围"])
    }

    @Test func digitsStayWithTheirWords() {
        // 《…》 is longer than a line, so it must break inside; 第 93 项 and 政府 2023 版 stay together
        #expect(lines("关于《河南省法治政府建设示范指标体系（市县级政府 2023 版）》三级指标第 93 项工作的情况说明")
                == ["关于《河南省法治政府建设示范指标", "体系（市县级政府 2023 版）》三级", "指标第 93 项工作的情况说明"])
    }

    @Test func longTitlesInFourLines() {
        #expect(lines("中共濮阳市委全面依法治市委员会办公室印发关于做好党政主要负责人履行推进法治建设第一责任人职责及法治政府建设督察工作实施方案的通知")
                == ["中共濮阳市委全面依法治市委员会", "办公室印发关于做好党政主要负责人履行", "推进法治建设第一责任人职责及法治",
                    "政府建设督察工作实施方案的通知"])
        // the 60-character fixture title
        #expect(lines("中共样例县委全面依法治县委员会办公室关于印发样例县二〇二四年度法治政府建设工作要点和重点任务分工方案及考核评价办法的通知")
                == ["中共样例县委全面依法治县委员会", "办公室关于印发样例县二〇二四年度", "法治政府建设工作要点和重点任务",
                    "分工方案及考核评价办法的通知"])
    }

    @Test func threeAndTwoLines() {
        #expect(lines("关于做好党政主要负责人履行推进法治建设第一责任人职责及法治政府建设督察工作的实施方案")
                == ["关于做好党政主要负责人履行推进", "法治建设第一责任人职责及法治", "政府建设督察工作的实施方案"])
        #expect(lines("濮阳市党政主要负责人履行推进法治建设第一责任人职责规定任务分解及督察情况打分表")
                == ["濮阳市党政主要负责人履行推进法治建设第一", "责任人职责规定任务分解及督察情况打分表"])
    }

    @Test func everyLayoutKeepsTheRules() {
        let titles = ["关于《样例县法治政府建设实施方案（2024—2026年）》的补充说明和有关事项的通知",
                      "样例县“八五”普法规划中期评估“回头看”工作情况的报告",
                      "关于转发《中华人民共和国行政复议法实施条例》及配套文件的通知"]
        for title in titles {
            let result = lines(title)
            #expect(result.joined() == title.filter { $0 != " " })
            for line in result {
                #expect(TypeMeasure.ems(of: line) <= 20, "\(line)")
                #expect(!"）》”’，。、；：".contains(line.first!), "\(line)")
                #expect(!"（《“‘".contains(line.last!), "\(line)")
            }
            let widths = result.map { TypeMeasure.ems(of: $0) }
            let trapezoid = zip(widths, widths.dropFirst()).allSatisfy { $1 <= $0 }
            let peak = widths.firstIndex(of: widths.max()!)!
            let diamond = peak > 0 && peak < widths.count - 1
            #expect(trapezoid || diamond, "\(result)")
        }
    }

    @Test func wordsComeFromICU() {
        // ICU's dictionary, not a word list of ours: 法治 and 政府 are words, so is 通知
        let segments = WordSegments.of("关于做好法治政府建设工作的通知").map(String.init)
        #expect(segments.joined() == "关于做好法治政府建设工作的通知")
        #expect(segments.contains("法治") && segments.contains("政府") && segments.contains("通知"))
    }
}
