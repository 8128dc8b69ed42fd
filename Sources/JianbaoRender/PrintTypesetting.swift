import JianbaoModel
import JianbaoTypeset

/// What the print stylesheet needs decided at build time, so that WeasyPrint and Chromium print the
/// same lines (see JianbaoTypeset): the lines of every title and the size of the 发文机关标志 and the
/// masthead names. The screen ignores both: the title lines are inline spans there, and the sizes
/// are custom properties only print.css reads.
enum PrintTypesetting {
    /// Titles are 二号 (22 pt) in the 156 mm 版心: 20 characters a line.
    static let titleCapacity = TypeMeasure.textWidth / TypeMeasure.erhao

    static func titleLines(_ title: String) -> [String] {
        TitleLines.lines(of: title, capacity: titleCapacity)
    }

    /// A single 标志 on one line, or joint issuers stacked with 文件 beside them (1.5 rows a name,
    /// rounded up to whole rows for the block, `--fit-rows`).
    static func issuerFit(_ fields: OfficialFields) -> String? {
        if !fields.jointIssuers.isEmpty {
            let rows = Int((1.5 * Double(fields.jointIssuers.count)).rounded(.up))
            return MastheadFit.fit(stacked: fields.jointIssuers, suffix: jointSuffix).cssProperties + "; --fit-rows: \(rows)"
        }
        return fields.issuer.map { MastheadFit.fit(line: $0).cssProperties }
    }

    static let jointSuffix = "文件"

    /// The briefing's name (工作简报) at up to 初号, letter-spaced 0.3 em as print.css sets it.
    static func mastheadTitleFit(_ title: String) -> String {
        MastheadFit.fit(line: title, tracking: 0.3).cssProperties
    }

    /// Column widths for every table (see TableColumns): print.css sets tables in 12 pt across the
    /// 441.75 pt line, cells padded 1.5 mm a side.
    /// A table of `landscapeColumns` columns or more, or marked `<!-- 横排 -->`, is set 横排 in 五号
    /// (10.5 pt) across the turned 版心, 225 mm (print.css: the line box of a page named
    /// landscape-table, 637.5 pt).
    static func tables(_ html: String) -> String {
        TableColumns.adding(to: html, width: 441.75 / 12, padding: 2 * 1.5 * 72 / 25.4 / 12 + 0.1,
                            landscape: .init(width: 637.5 / 10.5, padding: 2 * 1.5 * 72 / 25.4 / 10.5 + 0.1,
                                             mark: TableMarks.landscape, columns: landscapeColumns))
    }

    /// Seven columns (the 通知's score tables: 主要职责, 序号, 工作任务, 落实单位, 检查标准, 得分,
    /// 备注) leave a column one or two characters wide in the 156 mm 版心 at 12 pt.
    static let landscapeColumns = 7
    /// Whether the 主送 goes into the 版记 (GB/T 9704 7.3.2 and 7.4: when the list of 主送机关 is so long
    /// that page 1 cannot show the text). Counted on the grid of page 1, 22 rows of 28 characters of
    /// 三号, with the rows print.css gives the 版头 (see `headRows`), the title (its lines, two blank
    /// rows above and one below) and the 主送 (its characters and the colon, 28 a row): the 主送 moves
    /// when it would leave fewer than three rows for the 正文. With orphans and widows of 2 (print.css)
    /// two rows may show none of it: WeasyPrint does not part a paragraph of three lines 2 + 1 (seen
    /// with an eight-row 主送); three rows always show a line. Decided here, from the text alone, so
    /// that both engines print the same document.
    static func addresseesInImprint(_ fields: OfficialFields, format: OfficialFormat, signerRows: Int) -> Bool {
        guard let addressees = fields.addressees, !addressees.isEmpty else { return false }
        let rows = TypeMeasure.ems(of: addressees + "：") / Double(rowCharacters)
        let before = headRows(fields, format: format, signerRows: signerRows) + Double(titleRows(fields, format: format))
        return Double(pageRows) - before - rows.rounded(.up) < 3
    }

    /// The 版心 of page 1: 22 rows of 28 characters of 三号 (GB/T 9704 5.2.2).
    static let pageRows = 22
    static let rowCharacters = 28

    /// The rows print.css gives the 版头 of page 1, down to the title: 文件格式 3 blank rows, the
    /// 标志 (2 rows; joint issuers 1.5 a name, whole rows), 2 blank rows and the 发文字号 (or the
    /// 签发人 lines, the 发文字号 on the last); 信函格式 the title from row 6; 令 8 rows and no title.
    static func headRows(_ fields: OfficialFields, format: OfficialFormat, signerRows: Int) -> Double {
        switch format {
        case .letter: return 5
        case .order: return 8
        case .general, .minutes:
            let flag = fields.jointIssuers.isEmpty ? 2 : (1.5 * Double(fields.jointIssuers.count)).rounded(.up)
            return 3 + flag + 2 + Double(max(signerRows, 1))
        }
    }

    /// The title's lines with two blank rows above (none in 信函格式, counted in its head) and one
    /// below; a 令 has none.
    static func titleRows(_ fields: OfficialFields, format: OfficialFormat) -> Int {
        switch format {
        case .order: return 0
        case .letter: return titleLines(fields.title).count + 1
        case .general, .minutes: return 2 + titleLines(fields.title).count + 1
        }
    }

    /// The place name above it at up to 小一 (24 pt).
    static func mastheadLeadFit(_ lead: String) -> String {
        MastheadFit.fit(line: lead, sizes: [TypeMeasure.xiaoyi]).cssProperties
    }
}
