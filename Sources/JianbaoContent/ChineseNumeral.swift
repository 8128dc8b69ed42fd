/// Reads numbers written in Chinese characters (十九, 一百零五, 第二十期), for hints: someone who
/// wrote `number: 十九` is told to write `number: 19`.
enum ChineseNumeral {
    static let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
    static let units: [Character: Int] = ["十": 10, "百": 100, "千": 1000]

    /// The value, or nil when the text is not a Chinese numeral below 10000.
    static func value(of text: String) -> Int? {
        var body = Substring(text.trimmingSpaces)
        if body.hasPrefix("第") { body = body.dropFirst() }
        if body.hasSuffix("期") { body = body.dropLast() }
        guard !body.isEmpty, body.count <= 12 else { return nil }
        var total = 0, current = 0
        var previousDigit: Int?
        for character in body {
            if let digit = digits[character] {
                // 一九 or 二〇二四 are digit strings, not numerals: no hint rather than a wrong one.
                if let previousDigit, previousDigit != 0 { return nil }
                current = digit
                previousDigit = digit
            } else if let unit = units[character] {
                total += (current == 0 ? 1 : current) * unit
                current = 0
                previousDigit = nil
            } else {
                return nil
            }
        }
        return total + current
    }
}
