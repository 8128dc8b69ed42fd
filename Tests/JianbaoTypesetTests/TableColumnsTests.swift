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
