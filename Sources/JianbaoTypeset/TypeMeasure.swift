/// Sizes and widths on the GB/T 9704 page, in points (1/72 inch), and how wide a text sets.
///
/// jianbao decides at build time, from the text alone, what both print engines must agree on (the
/// size of a 发文机关标志, where a title breaks). A Chinese face sets every ideograph and full-width
/// mark one em wide; digits, Latin letters and spaces are about half an em in the faces the print
/// stylesheet names, which is what `ems(of:)` counts.
public enum TypeMeasure {
    /// Chinese type sizes (字号) of the standard, in points.
    public static let chuhao = 42.0      // 初号
    public static let xiaochu = 36.0     // 小初
    public static let yihao = 26.0       // 一号
    public static let xiaoyi = 24.0      // 小一
    public static let erhao = 22.0       // 二号
    public static let sanhao = 16.0      // 三号

    /// The width of the 版心, 156 mm.
    public static let textWidth = 156.0 * 72.0 / 25.4

    /// The width of `text` in ems: one for each wide character, half for the rest.
    public static func ems(of text: Substring) -> Double {
        text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 1 : 0.5) }
    }

    public static func ems(of text: String) -> Double { ems(of: text[...]) }

    /// Ideographs, kana, hangul, full-width forms and the marks Chinese faces set full width
    /// (quotation marks, dashes, the ellipsis).
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        case 0x2014, 0x2015, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2E3A:
            return true
        default:
            return false
        }
    }
}
