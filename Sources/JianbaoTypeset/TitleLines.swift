/// Where a centred title breaks (print-layout.md, Lines): only between words, never before a closing
/// mark or after an opening one, in as few lines as fit, shaped as a 梯形 (no line longer than the one
/// above) or a 菱形 (short, long, short), as even as the words allow.
///
/// The words are ICU's (`WordSegments`). ICU's dictionary sometimes leaves a suffix on its own
/// (办公|室, 委员|会), or cuts a word it does not know into single characters (督|导|组): a break just
/// before a one-character segment therefore costs more than one after it, one between two such
/// segments more again, and one inside brackets or quotation marks most, so that 《…》 and “…” stay
/// whole when the lines can spare it. A space the writer put in a title is a good place to break.
public enum TitleLines {
    /// What a break costs, in ems of unevenness it is worth.
    static let costInsideBrackets = 15.0
    static let costBetweenSingles = 12.0
    static let costBeforeSingle = 6.0
    static let costAfterSingle = 1.0
    static let costAfterSpace = -6.0
    static let costDiamond = 1.0
    /// Beyond this many candidate layouts the best found so far is taken (a title is short; this
    /// keeps an absurd one linear).
    static let budget = 200_000

    /// The lines of `title` set in lines of at most `capacity` ems (20 for 二号 in the 版心). A title
    /// that fits stays one line; spaces at a break are dropped.
    public static func lines(of title: String, capacity: Double) -> [String] {
        let trimmed = title.trimmingSpaces
        guard TypeMeasure.ems(of: trimmed) > capacity else { return [trimmed] }
        let pieces = Piece.cut(trimmed)
        guard let breaks = bestBreaks(pieces, capacity: capacity) else { return [trimmed] }
        var lines: [String] = []
        var start = 0
        for end in breaks + [pieces.count] {
            lines.append(pieces[start..<end].map(\.text).joined().trimmingSpaces)
            start = end
        }
        return lines
    }

    /// A word segment, with what breaking before it costs (nil: no break allowed there).
    struct Piece {
        var text: Substring
        var ems: Double
        var breakCost: Double?

        static func cut(_ title: String) -> [Piece] {
            let segments = WordSegments.of(title)
            var pieces: [Piece] = []
            var depth = 0
            for (index, segment) in segments.enumerated() {
                let previous = index > 0 ? segments[index - 1] : nil
                var cost: Double? = nil
                let before = index > 1 ? segments[index - 2] : nil
                if let previous, allowsBreak(after: previous, before: segment, beforeThat: before) {
                    cost = 0
                    if depth > 0 { cost! += costInsideBrackets }
                    switch (isSingleIdeograph(previous), isSingleIdeograph(segment)) {
                    case (true, true): cost! += costBetweenSingles
                    case (false, true): cost! += costBeforeSingle
                    case (true, false): cost! += costAfterSingle
                    case (false, false): break
                    }
                    if previous.unicodeScalars.allSatisfy(isSpace) { cost! += costAfterSpace }
                }
                for scalar in segment.unicodeScalars {
                    if opening.contains(scalar) { depth += 1 }
                    if closing.contains(scalar) { depth = max(0, depth - 1) }
                }
                pieces.append(Piece(text: segment, ems: TypeMeasure.ems(of: segment), breakCost: cost))
            }
            return pieces
        }

        /// 避头尾: no closing mark at a line's start, no opening one at its end. A space may end a
        /// line (it is dropped) but not start one, and only a space between two Chinese characters
        /// (多点发力 营造): the spaces around digits (第 93 项) keep them with their words.
        static func allowsBreak(after previous: Substring, before next: Substring, beforeThat: Substring?) -> Bool {
            guard let first = next.unicodeScalars.first, let last = previous.unicodeScalars.last else { return false }
            if closing.contains(first) || opening.contains(last) || isSpace(first) { return false }
            if isSpace(last) {
                guard let left = beforeThat?.unicodeScalars.last else { return false }
                return TypeMeasure.isWide(left) && TypeMeasure.isWide(first)
            }
            if !TypeMeasure.isWide(last) && !TypeMeasure.isWide(first) { return false }
            return true
        }

        static func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\u{3000}" }

        static func isSingleIdeograph(_ segment: Substring) -> Bool {
            segment.unicodeScalars.count == 1 && segment.unicodeScalars.first.map { (0x3400...0x9FFF).contains($0.value) } == true
        }
    }

    static let opening = Set("（《「『“‘〔【〖(［".unicodeScalars)
    static let closing = Set("）》」』”’〕】〗)］。，、；：？！.,;:?!".unicodeScalars)

    /// The break positions (indices into `pieces` where a new line starts) of the best layout: fewest
    /// lines first, then the lowest cost (unevenness in ems plus the breaks' costs).
    static func bestBreaks(_ pieces: [Piece], capacity: Double) -> [Int]? {
        let total = pieces.reduce(0) { $0 + $1.ems }
        let fewest = max(2, Int((total / capacity).rounded(.up)))
        for count in fewest...(fewest + 2) {
            var search = Search(pieces: pieces, capacity: capacity, lines: count)
            if let best = search.run() { return best }
        }
        return nil
    }

    /// Every way to cut `pieces` into `lines` lines no wider than `capacity`, keeping the best.
    struct Search {
        let pieces: [Piece]
        let capacity: Double
        let lines: Int
        /// `suffix[i]`: the width of pieces i and after (a space at a break counts: a little generous).
        let suffix: [Double]
        var best: (cost: Double, breaks: [Int])?
        var visited = 0

        init(pieces: [Piece], capacity: Double, lines: Int) {
            self.pieces = pieces
            self.capacity = capacity
            self.lines = lines
            var suffix = [Double](repeating: 0, count: pieces.count + 1)
            for index in pieces.indices.reversed() { suffix[index] = suffix[index + 1] + pieces[index].ems }
            self.suffix = suffix
        }

        mutating func run() -> [Int]? {
            var breaks: [Int] = []
            var widths: [Double] = []
            extend(from: 0, breaks: &breaks, widths: &widths, penalty: 0)
            return best?.breaks
        }

        private mutating func extend(from start: Int, breaks: inout [Int], widths: inout [Double], penalty: Double) {
            visited += 1
            guard visited < TitleLines.budget else { return }
            let linesLeft = lines - widths.count
            if linesLeft == 1 {
                let width = suffix[start]
                guard width <= capacity + 1e-9 else { return }
                widths.append(width)
                defer { widths.removeLast() }
                guard let shape = TitleLines.shapeCost(widths) else { return }
                let cost = penalty + shape
                if best == nil || cost < best!.cost - 1e-9 { best = (cost, breaks) }
                return
            }
            var width = 0.0
            var end = start
            while end < pieces.count {
                width += pieces[end].ems
                end += 1
                guard width <= capacity + 1e-9 else { break }
                // what is left must fit the lines left
                guard suffix[end] <= capacity * Double(linesLeft - 1) + 1e-9 else { continue }
                guard end < pieces.count, let cost = pieces[end].breakCost, suffix[end] > 0 else { continue }
                breaks.append(end)
                widths.append(width)
                extend(from: end, breaks: &breaks, widths: &widths, penalty: penalty + cost)
                breaks.removeLast()
                widths.removeLast()
            }
        }
    }

    /// The cost of a layout's shape: the difference between its longest and shortest lines, plus a
    /// little for a 菱形; nil for a shape that is neither a 梯形 nor a 菱形.
    static func shapeCost(_ widths: [Double]) -> Double? {
        guard let longest = widths.max(), let shortest = widths.min() else { return nil }
        let spread = longest - shortest
        let tolerance = 1e-9
        if zip(widths, widths.dropFirst()).allSatisfy({ $1 <= $0 + tolerance }) { return spread }
        // 菱形: rising to the longest line, then falling, the first and last lines shorter than it
        guard widths.count >= 3, let peak = widths.firstIndex(where: { $0 >= longest - tolerance }),
              peak > 0, peak < widths.count - 1 else { return nil }
        let rising = zip(widths[...peak], widths[...peak].dropFirst()).allSatisfy { $1 >= $0 - tolerance }
        let falling = zip(widths[peak...], widths[peak...].dropFirst()).allSatisfy { $1 <= $0 + tolerance }
        return rising && falling ? spread + costDiamond : nil
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces (ASCII and ideographic).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\u{3000}" || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
