/// Where seals go on the GB/T 9704 page (7.3.5): computed at build time, in millimetres, so both
/// print engines set them the same way; print.css reads the results as inline sizes.
///
/// With seals, the 成文日期 ends four characters in from the right of the 版心 and each 署名 is
/// centred in a column as wide as the date; each seal is centred on its column, its centre
/// `centreBelowRowTop` below the top of the 署名 line, so that 署名 and date (two lines) sit a little
/// below its centre. Joint issuers: columns side by side right to left, as many a row as fit
/// inside the 版心 without touching, rows far enough apart not to touch; the last seal (over the
/// date) at the right of the last row.
public struct SealLayout: Equatable, Sendable {
    /// The seal columns, by row: each the index of its seal (the order of `signed_by`).
    public var rows: [[Int]]
    /// The width of every column (the date's width), mm.
    public var columnWidth: Double
    /// The space between two columns of a row, mm.
    public var columnGap: Double
    /// Rows of the grid above the first 署名 line (the blank line included), so that the first
    /// seals' top is within one line of the text above (7.3.5.1).
    public var rowsAbove: Int
    /// Rows each row of seals but the last takes (its 署名 line and the space under it).
    public var rowsPerSealRow: Int
    /// Rows under the date, to keep the seal's lower part off what follows.
    public var rowsBelow: Int
    /// The largest seal, mm.
    public var sealWidth: Double
    public var sealHeight: Double

    /// The grid's row (225 mm / 22, as print.css's `--row`), mm.
    public static let row = 10.22
    /// One character of 三号 type, mm (16 pt; print.css's `em`).
    public static let em = 16 * 25.4 / 72
    /// Body letter-spacing, mm (print.css: -0.234375 pt).
    static let letterSpacing = -0.234375 * 25.4 / 72
    /// From the top of the 署名 line to the seal's centre: three quarters of a row, so the 署名 and
    /// date (two rows) sit a little below it.
    public static let centreBelowRowTop = 0.75 * row
    /// Seals in a row or in rows above each other keep at least this apart, mm.
    public static let sealGap = 4.0
    /// The date's right end: four characters in from the right of the 版心.
    public static let dateRightInset = 4 * em

    /// `seals`: each seal's width and height in mm, in order; `names`: the 署名, in the same order;
    /// `date`: the 成文日期 as printed; `textBelow`: something is printed on the line after the date
    /// (a 附注), beside the seal.
    public init(seals: [(width: Double, height: Double)], names: [String], date: String, textBelow: Bool) {
        sealWidth = seals.map(\.width).max() ?? 0
        sealHeight = seals.map(\.height).max() ?? 0
        columnWidth = Self.width(of: date)
        // Centres of neighbouring columns: the seals do not touch, and two 署名 keep a character apart.
        let nameWidth = names.map(Self.width(of:)).max() ?? 0
        let pitch = max(sealWidth + Self.sealGap, nameWidth + Self.em)
        columnGap = max(0, pitch - columnWidth)
        let textWidth = TypeMeasure.textWidth * 25.4 / 72
        let lastCentre = Self.dateRightInset + columnWidth / 2
        let room = textWidth - lastCentre - max(sealWidth, nameWidth) / 2
        let perRow = max(1, 1 + Int((room / (columnWidth + columnGap)).rounded(.down)))
        rows = stride(from: 0, to: seals.count, by: perRow).map { Array($0..<min($0 + perRow, seals.count)) }
        rowsAbove = max(1, Int(((sealHeight / 2 - Self.centreBelowRowTop) / Self.row).rounded(.up)))
        rowsPerSealRow = max(1, Int(((sealHeight + Self.sealGap) / Self.row).rounded(.up)))
        let reach = Int(((Self.centreBelowRowTop + sealHeight / 2) / Self.row).rounded(.up))
        rowsBelow = textBelow ? 0 : max(0, reach - 2)
    }

    /// How wide `text` sets in 三号 body type, mm: a character's em each for the wide ones, half
    /// for the rest, less the body's letter-spacing after each.
    public static func width(of text: String) -> Double {
        TypeMeasure.ems(of: text) * em + Double(text.unicodeScalars.count) * letterSpacing
    }
}
