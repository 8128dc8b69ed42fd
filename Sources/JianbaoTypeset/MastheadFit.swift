/// The size of a 发文机关标志 or masthead name: one line, never wrapped (print-layout.md, Lines).
///
/// The largest of the allowed sizes at which the text fits the 版心; when even the smallest does not,
/// that size narrowed horizontally (a condensed Song, as offices set a long 标志) to the 版心's width.
public struct MastheadFit: Sendable, Equatable {
    /// Type size in points.
    public var size: Double
    /// Horizontal scale, 1 when the text fits at `size`.
    public var condense: Double
    /// The width the text sets at `size` before condensing, in points.
    public var naturalWidth: Double

    public init(size: Double, condense: Double, naturalWidth: Double) {
        (self.size, self.condense, self.naturalWidth) = (size, condense, naturalWidth)
    }

    /// The sizes a 标志 is tried at, largest first: 初号, then 小初. Below 小初 a 标志 no longer reads
    /// as one; offices narrow the characters instead.
    public static let issuerSizes = [TypeMeasure.chuhao, TypeMeasure.xiaochu]

    /// Fits `ems` (the text's width in ems, see `TypeMeasure.ems`) with `tracking` ems of letter
    /// spacing after each of `characters` characters into `width` points, using the largest of
    /// `sizes` that fits (with `spare` of the width kept free: the faces' widths are not exact).
    public static func fit(ems: Double, characters: Int, tracking: Double = 0, sizes: [Double] = issuerSizes,
                           width: Double = TypeMeasure.textWidth, spare: Double = 0.02) -> MastheadFit {
        let room = width * (1 - spare)
        let perSize = ems + tracking * Double(characters)
        for size in sizes where perSize * size <= room {
            return MastheadFit(size: size, condense: 1, naturalWidth: perSize * size)
        }
        let size = sizes.last ?? TypeMeasure.xiaochu
        let natural = perSize * size
        return MastheadFit(size: size, condense: natural > 0 ? room / natural : 1, naturalWidth: natural)
    }

    /// A single line of text, e.g. 中共濮阳市委全面依法治市委员会办公室文件.
    public static func fit(line: String, tracking: Double = 0, sizes: [Double] = issuerSizes) -> MastheadFit {
        fit(ems: TypeMeasure.ems(of: line), characters: line.count, tracking: tracking, sizes: sizes)
    }

    /// Joint issuers (联合行文): the names stacked, as wide as the longest, then a gap of half an em
    /// and the suffix (文件) beside them.
    public static func fit(stacked names: [String], suffix: String, sizes: [Double] = issuerSizes) -> MastheadFit {
        let widest = names.map { TypeMeasure.ems(of: $0) }.max() ?? 0
        let characters = names.map(\.count).max() ?? 0
        return fit(ems: widest + 0.5 + TypeMeasure.ems(of: suffix), characters: characters + 1 + suffix.count,
                   sizes: sizes)
    }

    /// The print stylesheet's custom properties for this fit (no effect on the screen, which does
    /// not read them): size, and for a condensed line its natural width, the shift that centres it
    /// and the scale.
    public var cssProperties: String {
        var text = "--fit-size: \(Self.points(size))"
        if condense < 1 {
            text += "; --fit-width: \(Self.points(naturalWidth)); --fit-shift: \(Self.points((TypeMeasure.textWidth - naturalWidth) / 2))"
            text += "; --fit-scale: \(Self.decimal(condense, places: 4))"
        }
        return text
    }

    static func points(_ value: Double) -> String { decimal(value, places: 2) + "pt" }

    /// A decimal without exponent and without trailing zeros (CSS wants plain numbers).
    static func decimal(_ value: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}
