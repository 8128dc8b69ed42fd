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

    /// The place name above it at up to 小一 (24 pt).
    static func mastheadLeadFit(_ lead: String) -> String {
        MastheadFit.fit(line: lead, sizes: [TypeMeasure.xiaoyi]).cssProperties
    }
}
