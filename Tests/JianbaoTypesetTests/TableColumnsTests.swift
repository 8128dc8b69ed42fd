import JianbaoTypeset
import Testing

/// Column widths worked out by hand from the rule in TableColumns: every column at least its
/// narrowest content plus the padding, the rest of the width shared by how much text each holds.
@Suite struct TableColumnsTests {
    @Test func theRestGoesToTheColumnWithMoreText() {
        // 项目 / 甲: narrowest 2 + 1, text 2 + 1 = 3; 说明 / 一…十: narrowest 3 (the header), text
        // 2 + 10 = 12. Room 10 - 6 = 4: 3 + 4 × 3/15 = 3.8 and 3 + 4 × 12/15 = 6.2 of 10.
        let html = "<table><tr><th>项目</th><th>说明</th></tr><tr><td>甲</td><td>一二三四五六七八九十</td></tr></table>"
        #expect(TableColumns.adding(to: html, width: 10, padding: 1) ==
                "<table><colgroup><col style=\"--print-width: 38.0%\"><col style=\"--print-width: 62.0%\"></colgroup>"
                + "<tr><th>项目</th><th>说明</th></tr><tr><td>甲</td><td>一二三四五六七八九十</td></tr></table>")
    }

    @Test func aRowspanPushesTheNextRowsCellsRight() {
        // C sits in the second column: widest 2 ems + 1 against A's 1 + 1; all fits, so 2:3
        let html = "<table><tr><td rowspan=\"2\">A</td><td>B</td></tr><tr><td>CCCC</td></tr></table>"
        #expect(TableColumns.adding(to: html, width: 100, padding: 1).hasPrefix(
            "<table><colgroup><col style=\"--print-width: 40.0%\"><col style=\"--print-width: 60.0%\"></colgroup>"))
    }

    @Test func tablesWithTheirOwnColumnsAndOtherHTMLAreLeftAlone() {
        let own = "<p>前</p><table><colgroup><col></colgroup><tr><td>甲</td></tr></table><p>后</p>"
        #expect(TableColumns.adding(to: own, width: 10, padding: 1) == own)
        #expect(TableColumns.adding(to: "<p>没有表格</p>", width: 10, padding: 1) == "<p>没有表格</p>")
        // after a caption, which comes first in a table
        let captioned = "<table><caption>表一</caption><tr><td>甲</td></tr></table>"
        #expect(TableColumns.adding(to: captioned, width: 10, padding: 1)
                == "<table><caption>表一</caption><colgroup><col style=\"--print-width: 100.0%\"></colgroup><tr><td>甲</td></tr></table>")
    }
}

/// 横排 tables (docs/printing.md): the mark before a table or seven columns wrap it for print.css,
/// and its widths are shares of the turned line, short columns first whole.
@Suite struct LandscapeTableColumnsTests {
    static let landscape = TableColumns.Landscape(width: 12, padding: 1, mark: "<!-- 横排 -->", columns: 7)

    @Test func aMarkedTableIsWrappedAndAnUnmarkedNarrowOneIsNot() {
        // 甲: 1 + 1, 乙乙: 2 + 1; all fits in 12: 2/5 and 3/5
        let table = "<table><tr><td>甲</td><td>乙乙</td></tr></table>"
        let columns = "<colgroup><col style=\"--print-width: 40.0%\"><col style=\"--print-width: 60.0%\"></colgroup>"
        #expect(TableColumns.adding(to: "<!-- 横排 -->\n" + table, width: 10, padding: 1, landscape: Self.landscape)
                == "<!-- 横排 -->\n<div class=\"table-wrap landscape-table\" tabindex=\"0\"><table>" + columns + "<tr><td>甲</td><td>乙乙</td></tr></table></div>")
        #expect(TableColumns.adding(to: "<p>横排</p>\n" + table, width: 10, padding: 1, landscape: Self.landscape)
                == "<p>横排</p>\n<table>" + columns + "<tr><td>甲</td><td>乙乙</td></tr></table>")
        // the mark belongs to the table right after it only
        let two = TableColumns.adding(to: "<!-- 横排 -->\n" + table + "<p>后</p>" + table, width: 10, padding: 1, landscape: Self.landscape)
        #expect(two.ranges(of: "landscape-table").count == 1)
    }

    @Test func sevenColumnsAreTurnedSixAreNot() {
        func row(_ cells: Int) -> String {
            "<table><tr>" + String(repeating: "<td>甲</td>", count: cells) + "</tr></table>"
        }
        #expect(TableColumns.adding(to: row(7), width: 10, padding: 1, landscape: Self.landscape).hasPrefix("<div class=\"table-wrap landscape-table\" tabindex=\"0\"><table>"))
        #expect(TableColumns.adding(to: row(6), width: 10, padding: 1, landscape: Self.landscape).hasPrefix("<table><colgroup>"))
        // a colspan counts its columns: 5 cells, one spanning 3
        let spanned = "<table><tr><td colspan=\"3\">甲</td>" + String(repeating: "<td>乙</td>", count: 4) + "</tr></table>"
        #expect(TableColumns.adding(to: spanned, width: 10, padding: 1, landscape: Self.landscape).hasPrefix("<div class=\"table-wrap landscape-table\" tabindex=\"0\">"))
    }

    @Test func shortColumnsGetTheirWidestFirst() {
        // widest 2, 5, 11 ems (text + 1), narrowest 2 each, turned line 12. Shortest first, each while
        // no wider than an even share of what is left: 2 (≤ 12/3), 5 (≤ 10/2); 11 > 5 stops. The last
        // column gets the 5 left: 2/12, 5/12, 5/12. (Portrait, by text alone, "一二三四" would get
        // 2 + 6 × 4/15 = 3.6 of 12 and break over two lines.)
        let html = "<!-- 横排 -->\n<table><tr><td>一</td><td>一二三四</td><td>一二三四五六七八九十</td></tr></table>"
        #expect(TableColumns.adding(to: html, width: 10, padding: 1, landscape: Self.landscape).contains(
            "<colgroup><col style=\"--print-width: 16.67%\"><col style=\"--print-width: 41.67%\"><col style=\"--print-width: 41.67%\"></colgroup>"))
        let portrait = "<table><tr><td>一</td><td>一二三四</td><td>一二三四五六七八九十</td></tr></table>"
        #expect(TableColumns.adding(to: portrait, width: 12, padding: 1).contains(
            "<colgroup><col style=\"--print-width: 20.0%\"><col style=\"--print-width: 30.0%\"><col style=\"--print-width: 50.0%\"></colgroup>"))
    }
}
