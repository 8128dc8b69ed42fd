import JianbaoModel
import JianbaoSupport

/// Small text rules for reading pasted Word text.
enum ImportedText {
    /// Chinese text broken by the layout gets spaces between characters (`办公室 文件`, `的 通知`):
    /// drop a space between two CJK characters, keep the others (`2023 版`).
    static func joiningCJK(_ text: String) -> String {
        let characters = Array(text.trimmingSpaces)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isWhitespace, let before = result.last, isCJK(before) {
                var next = index + 1
                while next < characters.count && characters[next].isWhitespace { next += 1 }
                if next < characters.count && isCJK(characters[next]) { continue }
                if result.last?.isWhitespace == true { continue }
            }
            if character.isWhitespace && result.last?.isWhitespace == true { continue }
            result.append(character)
        }
        return result
    }

    static func isCJK(_ character: Character) -> Bool {
        guard let value = character.unicodeScalars.first?.value else { return false }
        return (0x3000...0x9FFF).contains(value) || (0xF900...0xFAFF).contains(value) || (0xFF00...0xFFEF).contains(value)
    }

    /// The text without any spaces, for comparing lines.
    static func compact(_ text: String) -> String {
        text.filter { !$0.isWhitespace }
    }

    /// The text without spaces and punctuation: 要目 items and titles differ in 、 and spaces.
    static func letters(_ text: String) -> String {
        text.filter { $0.isLetter || $0.isNumber }
    }

    /// `鲁山县…办公室 2024 年 1 月 12 日` → (`鲁山县…办公室`, 2024-01-12); the date must end the line.
    static func trailingDate(_ line: String) -> (before: String, date: SimpleDate)? {
        let compact = Array(compact(line))
        guard compact.last == "日", let year = compact.lastIndex(of: "年"), year >= 4 else { return nil }
        let start = year - 4
        guard let date = SimpleDate(chinese: String(compact[start...])) else { return nil }
        return (String(compact[..<start]), date)
    }

    /// `第 19 期`, `总第57期`, `增刊第1期`: the numbers on a masthead line; nil when it is not one.
    static func issueNumbers(_ line: String) -> (number: Int?, total: Int?, special: SpecialIssue?)? {
        var text = compact(line).replacingBrackets
        var special: SpecialIssue?
        for candidate in SpecialIssue.allCases where text.contains(candidate.rawValue) {
            special = candidate
            text = text.removing(candidate.rawValue)
        }
        var total: Int?
        if let range = text.firstRange(of: "总第") {
            let digits = text[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, text[range.upperBound...].dropFirst(digits.count).first == "期" else { return nil }
            total = Int(digits)
            text.removeSubrange(range.lowerBound..<text.index(range.upperBound, offsetBy: digits.count + 1))
        }
        var number: Int?
        if text.hasPrefix("第"), text.hasSuffix("期") {
            let digits = text.dropFirst().dropLast()
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            number = Int(digits)
            text = ""
        }
        guard text.isEmpty, number != nil || total != nil else { return nil }
        return (number, total, special)
    }

    /// A line of a list: `- 标题`, `· 标题`, `1. 标题`, `1、标题` → `标题`.
    static func listItem(_ line: String) -> String? {
        let trimmed = line.trimmingSpaces
        for bullet in ["- ", "-", "· ", "·", "• ", "•", "● ", "●", "◆", "■", "★"] where trimmed.hasPrefix(bullet) {
            let rest = trimmed.dropFirst(bullet.count).trimmingSpaces
            return rest.isEmpty ? nil : rest
        }
        return nil
    }

    /// A line of the Word text as a Markdown paragraph that says what it said: no list, heading,
    /// quote, code or HTML by accident.
    static func markdownEscaped(_ line: String) -> String {
        var text = line.trimmingSpaces.replacingTabs
        text = text.replacingEvery("<", with: "\\<")
        if let first = text.first, "#>-+*=|`".contains(first) { text = "\\" + text }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 9 {
            let after = text.dropFirst(digits.count).first
            if after == "." || after == ")" {
                text.insert("\\", at: text.index(text.startIndex, offsetBy: digits.count))
            }
        }
        return text
    }
}

extension String {
    var replacingBrackets: String {
        String(map { $0 == "（" ? "(" : $0 == "）" ? ")" : $0 }).removing("(").removing(")")
    }

    var replacingTabs: String { String(map { $0 == "\t" ? " " : $0 }) }

    func removing(_ part: String) -> String { replacingEvery(part, with: "") }

    func replacingEvery(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
