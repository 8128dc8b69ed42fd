import Foundation
import Testing

/// `<!-- 横排 -->` before a table (docs/printing.md, 横排 tables) is kept for print without a
/// warning; any other comment is still dropped with one. Built with the real command.
@Suite struct LandscapeMarkTests {
    @Test func theMarkIsKeptAndOtherCommentsAreNot() throws {
        let site = try TestSupport.makeTemporaryFolder("jianbao-landscape")
        defer { try? FileManager.default.removeItem(atPath: site) }
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/print-site", to: site)
        let extra = """
            ---
            doc_number: 样政办〔2024〕22号
            title: 关于报送防汛值班表的通知
            addressees: 县直各单位
            date: 2024-06-04
            ---

            请于6月10日前报送。

            <!-- 横排 竖排 -->
            <table><tr><td>甲</td></tr></table>

            """
        try extra.write(toFile: site + "/Content/fawen/2024/landscape-other-comment.md", atomically: true, encoding: .utf8)
        let run = try TestSupport.runJianbao(["build"], in: site)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(!run.standardError.contains("横排 -->` is not published"), "\(run.standardError)")
        #expect(run.standardError.contains("landscape-other-comment.md:10:1: warning: raw HTML `<!-- 横排 竖排 -->` is not published"),
                "\(run.standardError)")
        let page = try String(contentsOfFile: site + "/public/fawen/2024/landscape-biao/index.html", encoding: .utf8)
        #expect(page.contains("<!-- 横排 -->\n<div class=\"table-wrap landscape-table\" tabindex=\"0\"><table><colgroup>"))
        // two marked tables (one in the text, one in 附件2) and the eight-column one, turned without a mark
        #expect(page.components(separatedBy: "<div class=\"table-wrap landscape-table\" tabindex=\"0\">").count == 4)
        #expect(page.components(separatedBy: "<!-- 横排 -->\n<div class=\"table-wrap landscape-table\" tabindex=\"0\">").count == 3)
        let other = try String(contentsOfFile: site + "/public/fawen/2024/landscape-other-comment/index.html", encoding: .utf8)
        #expect(!other.contains("<!-- 横排"))
        #expect(!other.contains("landscape-table"))
    }
}
