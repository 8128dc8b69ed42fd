import JianbaoContent
import JianbaoModel
import JianbaoSupport

/// Small text rules for reading 公文 and 简报 as offices save them: white space, punctuation in
/// both widths, dates in Arabic or Chinese numerals, 发文字号, office names, numbering.
enum ImportedText {
    /// Chinese text broken by the layout gets spaces between characters (`办公室 文件`, `几 个 问 题`):
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

    /// Lines of one title or name joined: no space where a Chinese line broke.
    static func joinLines(_ lines: [String]) -> String {
        var result = ""
        for line in lines {
            let part = joiningCJK(line)
            if let last = result.last, let first = part.first, !(isCJK(last) || isCJK(first)) { result += " " }
            result += part
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

    /// Full-width forms of ASCII (`：`, `（`, `１`) as ASCII, for matching only.
    static func halfWidth(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0)! : scalar
        }))
    }

    /// Ends a sentence: 。！？；… (a closing quote after one of them too).
    static func endsSentence(_ text: String) -> Bool {
        guard var last = text.last else { return false }
        if "”’\"」』）)".contains(last), text.count >= 2 {
            last = text[text.index(text.endIndex, offsetBy: -2)]
        }
        return "。！？!?；;…".contains(last)
    }

    /// Ends in punctuation of any kind (a title, a name or a heading does not).
    static func endsInPunctuation(_ text: String) -> Bool {
        guard let last = text.last else { return false }
        return "。！？!?；;…，,、：:".contains(last)
    }

    static func isColon(_ character: Character?) -> Bool { character == "：" || character == ":" }

    // MARK: Dates

    static let chineseDigits: [Character: Int] = ["〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "０": 0, "Ο": 0, "◯": 0,
                                                  "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]

    /// A line that is a date and nothing else: `2024年1月12日`, `二〇〇四年一月十六日`, `2019年01月17日`,
    /// `二OO三年十二月四日` (with the letter O), padded or spaced out.
    static func date(_ text: String) -> SimpleDate? {
        // Most lines are no date: decided on the last character and the length before any copying.
        guard text.unicodeScalars.count <= 40, text.unicodeScalars.reversed().first(where: { !$0.properties.isWhitespace }) == "日" else { return nil }
        let compact = halfWidth(compact(text))
        guard compact.count <= 16, compact.hasSuffix("日"),
              let yearEnd = compact.firstIndex(of: "年"), let monthEnd = compact.firstIndex(of: "月"), yearEnd < monthEnd else { return nil }
        let yearText = compact[..<yearEnd]
        let monthText = compact[compact.index(after: yearEnd)..<monthEnd]
        let dayText = compact[compact.index(after: monthEnd)..<compact.index(before: compact.endIndex)]
        guard let year = yearNumber(yearText), let month = smallNumber(monthText), let day = smallNumber(dayText) else { return nil }
        return SimpleDate(year: year, month: month, day: day)
    }

    /// The first date inside a text (spaces allowed inside it: `2024 年 1 月 12 日`), and the text
    /// before and after it.
    static func findDate(in text: String) -> (before: String, date: SimpleDate, after: String)? {
        let characters = Array(text)
        for (index, character) in characters.enumerated() where character == "年" {
            // Four year digits before 年, spaces skipped.
            var start = index
            var digits = 0
            while start > 0, digits < 4 {
                let previous = characters[start - 1]
                if previous == " " || previous == "\u{3000}" {
                    start -= 1
                    continue
                }
                guard previous.isASCIIDigitCharacter || chineseDigits[previous] != nil || ("０"..."９").contains(previous) else { break }
                digits += 1
                start -= 1
            }
            guard digits == 4, let end = characters[index...].prefix(12).firstIndex(of: "日") else { continue }
            if let date = date(String(characters[start...end])) {
                return (String(characters[..<start]), date, String(characters[(end + 1)...]))
            }
        }
        return nil
    }

    static func yearNumber(_ text: Substring) -> Int? {
        guard text.count == 4 else { return nil }
        if text.allSatisfy(\.isASCIIDigitCharacter) { return Int(text) }
        var value = 0
        for character in text {
            guard let digit = chineseDigits[character] else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// 1–31 in Arabic numerals (`01` too) or Chinese (`十二`, `二十三`, `三十一`).
    static func smallNumber(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 3 else { return nil }
        if text.allSatisfy(\.isASCIIDigitCharacter) { return Int(text) }
        let characters = Array(text)
        if let ten = characters.firstIndex(of: "十") {
            let tens = ten == 0 ? 1 : (characters.count > 0 ? chineseDigits[characters[0]] : nil)
            let ones = ten == characters.count - 1 ? 0 : chineseDigits[characters[characters.count - 1]]
            guard let tens, let ones, ten <= 1 else { return nil }
            return tens * 10 + ones
        }
        guard characters.count == 1, let digit = chineseDigits[characters[0]], digit > 0 else { return nil }
        return digit
    }

    // MARK: 发文字号

    static let openBrackets: Set<Character> = ["〔", "[", "（", "(", "【", "［", "﹝", "„", "〈", "{"]
    static let closeBrackets: Set<Character> = ["〕", "]", "）", ")", "】", "］", "﹞", "‟", "〉", "}"]

    /// A 发文字号 in a text: 机关代字 + 〔年份〕 + 序号 + 号, brackets in any width (`许政[2009]34号`,
    /// `国办发明电〔2018〕15号`, `济政字〔2021〕30 号`). Its range in the text's characters.
    static func docNumberRange(in text: String) -> Range<Int>? {
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            guard openBrackets.contains(characters[index]) else {
                index += 1
                continue
            }
            // 〔2009〕: four digits and the closing bracket.
            var position = index + 1
            var digits = 0
            while position < characters.count, characters[position].isASCIIDigitCharacter { digits += 1; position += 1 }
            guard digits == 4, position < characters.count, closeBrackets.contains(characters[position]) else {
                index += 1
                continue
            }
            position += 1
            while position < characters.count, characters[position] == " " { position += 1 }
            var number = 0
            while position < characters.count, characters[position].isASCIIDigitCharacter { number += 1; position += 1 }
            while position < characters.count, characters[position] == " " { position += 1 }
            guard number > 0, position < characters.count, characters[position] == "号" else {
                index += 1
                continue
            }
            // The 机关代字 before: Chinese characters (and letters) right before the bracket.
            var start = index
            while start > 0, isCJK(characters[start - 1]) || characters[start - 1].isLetter, !"（(《，,、：:".contains(characters[start - 1]) {
                start -= 1
            }
            guard index - start >= 1, index - start <= 16 else {
                index += 1
                continue
            }
            return start..<(position + 1)
        }
        return nil
    }

    /// The 发文字号 in a text, without spaces; nil when there is none.
    static func docNumber(in text: String) -> String? {
        guard let range = docNumberRange(in: text) else { return nil }
        return compact(String(Array(text)[range]))
    }

    /// A line that is a 发文字号 and nothing else (brackets or spaces around it allowed), perhaps with
    /// 签发人 after it: the 文号, and the 签发人 names.
    static func docNumberLine(_ text: String) -> (number: String, signers: [String])? {
        var rest = text
        var signers: [String] = []
        if let range = rest.firstRange(of: "签发人") {
            let names = rest[range.upperBound...].drop { isColon($0) || $0.isWhitespace }
            signers = names.split(whereSeparator: { $0.isWhitespace || $0 == "、" || $0 == "，" || $0 == "," }).map(String.init)
            rest = String(rest[..<range.lowerBound])
        }
        guard let range = docNumberRange(in: rest) else { return nil }
        let characters = Array(rest)
        let around = String(characters[..<range.lowerBound]) + String(characters[range.upperBound...])
        guard around.allSatisfy({ $0.isWhitespace || "()（）".contains($0) }) else { return nil }
        return (compact(String(characters[range])), signers)
    }

    // MARK: Titles and offices

    /// 文种 words a title ends with, longest first (复函 before 函).
    static let genres = ["会议纪要", "实施意见", "指导意见", "情况说明", "决定书", "复函", "函", "批复", "通知", "通报", "意见", "决定", "报告",
                         "请示", "纪要", "答复", "公告", "通告", "决议", "命令", "议案", "公报", "令"]

    /// The 文种 a title ends with (`…的批复` → 批复, `…实施意见` → 意见); nil when it ends with none.
    static func genre(ofTitle title: String) -> String? {
        let text = compact(title)
        for genre in genres where text.hasSuffix(genre) {
            // 令 and 函 alone end many words (命令, 公函 is fine): require the title's 的/关于 shape for them.
            if genre == "令", !text.hasSuffix("的令") && !text.hasSuffix("命令") { continue }
            switch genre {
            case "会议纪要": return "纪要"
            case "实施意见", "指导意见": return "意见"
            default: return genre
            }
        }
        return nil
    }

    /// The kinds of attached documents a 转发/印发 notice carries: their titles become headings.
    static let attachedDocumentEnds = ["方案", "办法", "规定", "细则", "要点", "计划", "规则", "预案", "规划", "纲要", "名单", "清单",
                                       "标准", "制度", "意见", "报告", "请示", "说明", "通知", "函", "批复", "决定", "意见书"]

    /// Endings of office names: 发文机关, 署名, 编印单位.
    static let officeEnds = ["办公室", "办公厅", "人民政府", "政府", "委员会", "党委", "党组", "工委", "管委会", "指挥部", "领导小组",
                             "委", "局", "厅", "部", "署", "院", "组", "会", "中心", "室", "处", "所", "办", "军区", "总部", "公司",
                             "集团", "学校", "大学", "学院", "支部", "总局", "司", "站", "队", "馆", "社", "行", "庭", "科", "股"]

    /// Looks like the name of an office: short, no punctuation but （）、·, ends like one.
    static func isOfficeName(_ text: String) -> Bool {
        let compact = compact(text)
        guard compact.count >= 2, compact.count <= 40, !compact.contains(where: { "。，,；;：:！？!?“”《》|".contains($0) }) else { return false }
        guard !compact.contains(where: \.isASCIIDigitCharacter) else { return false }
        return officeEnds.contains { compact.hasSuffix($0) }
    }

    /// A line of 署名: one office, or several side by side (`国务院办公厅　中央军委办公厅`).
    static func signatureNames(_ text: String) -> [String]? {
        let parts = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        if parts.count > 1, parts.allSatisfy(isOfficeName) { return parts }
        return isOfficeName(text) ? [joiningCJK(text)] : nil
    }

    // MARK: Numbering

    static let chineseNumerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇", "零", "百"]

    /// The heading level a numbered line has in a 公文: 一、 → 2, （一） → 3; nil otherwise.
    static func headingLevel(_ text: String) -> Int? {
        guard let first = text.first(where: { !$0.isWhitespace }), chineseNumerals.contains(first) || first == "（" || first == "(" else { return nil }
        let compact = compact(text)
        guard compact.count <= 40, !compact.contains("。") else { return nil }
        let numerals = compact.prefix { chineseNumerals.contains($0) }
        if !numerals.isEmpty, compact.dropFirst(numerals.count).first == "、" { return 2 }
        if let first = compact.first, first == "（" || first == "(" {
            let inner = compact.dropFirst().prefix { chineseNumerals.contains($0) }
            let after = compact.dropFirst(1 + inner.count).first
            if !inner.isEmpty, after == "）" || after == ")", !ContentRules.isCaption(compact) { return 3 }
        }
        return nil
    }

    /// An item's number at the start of a line (`1.`, `1、`, `1．`, `(1)`, `①`) and the text after it.
    static func numberedItem(_ text: String) -> (number: Int?, rest: String)? {
        let trimmed = text.trimmingSpaces
        let digits = trimmed.prefix(while: \.isASCIIDigitCharacter)
        if !digits.isEmpty, digits.count <= 3 {
            let after = trimmed.dropFirst(digits.count)
            if let mark = after.first, ".．、:：".contains(mark), after.dropFirst().first?.isASCIIDigitCharacter != true {
                let rest = after.dropFirst().trimmingSpaces
                return rest.isEmpty ? nil : (Int(digits), rest)
            }
        }
        if let first = trimmed.unicodeScalars.first, (0x2460...0x2473).contains(first.value) {
            let rest = trimmed.dropFirst().trimmingSpaces
            return rest.isEmpty ? nil : (Int(first.value - 0x2460 + 1), rest)
        }
        return nil
    }

    /// A line of a list: `- 标题`, `· 标题`, `☆ 标题` → `标题`.
    static func listItem(_ line: String) -> String? {
        let trimmed = line.trimmingSpaces
        for bullet in ["- ", "-", "· ", "·", "• ", "•", "● ", "●", "◆", "■", "★", "☆", "▲", "◇", "○ "] where trimmed.hasPrefix(bullet) {
            let rest = trimmed.dropFirst(bullet.count).trimmingSpaces
            return rest.isEmpty ? nil : rest
        }
        return nil
    }

    // MARK: 简报 mastheads

    /// The issue numbers on a masthead line: `第19期`, `第1期(总第7期)`, `2018年第7期（总第7期）`,
    /// `增刊第1期`, `第二十四期`, and where in the line they stand.
    struct IssueNumbers: Equatable {
        var number: Int?
        var total: Int?
        var special: SpecialIssue?
        var year: Int?
        /// The line's text before and after the numbers.
        var before: String
        var after: String
    }

    static func issueNumbers(_ line: String) -> IssueNumbers? {
        let characters = Array(halfWidth(line))
        let original = Array(line)
        var result = IssueNumbers(before: "", after: "")
        var first: Int?, last: Int?
        var index = 0
        while index < characters.count {
            guard characters[index] == "第" else {
                index += 1
                continue
            }
            var position = index + 1
            while position < characters.count, characters[position] == " " { position += 1 }
            let start = position
            while position < characters.count, characters[position].isASCIIDigitCharacter || chineseNumerals.contains(characters[position]) { position += 1 }
            let digitsEnd = position
            while position < characters.count, characters[position] == " " { position += 1 }
            guard digitsEnd > start, position < characters.count, characters[position] == "期",
                  let value = numberValue(String(characters[start..<digitsEnd])) else {
                index += 1
                continue
            }
            var spanStart = index
            let isTotal = index > 0 && characters[index - 1] == "总"
            if isTotal {
                spanStart = index - 1
                if spanStart > 0, openBrackets.contains(characters[spanStart - 1]) { spanStart -= 1 }
                result.total = value
            } else if result.number == nil {
                result.number = value
                // 2018年第7期: the year before it belongs to the number.
                var back = spanStart
                while back > 0, characters[back - 1] == " " { back -= 1 }
                if back >= 5, characters[back - 1] == "年", let year = Int(String(characters[(back - 5)..<(back - 1)])) {
                    result.year = year
                    spanStart = back - 5
                }
                for special in SpecialIssue.allCases {
                    let word = Array(special.rawValue)
                    if spanStart >= word.count, Array(characters[(spanStart - word.count)..<spanStart]) == word {
                        result.special = special
                        spanStart -= word.count
                    }
                }
            } else {
                index += 1
                continue
            }
            var spanEnd = position + 1
            if isTotal, spanEnd < characters.count, closeBrackets.contains(characters[spanEnd]) { spanEnd += 1 }
            first = min(first ?? spanStart, spanStart)
            last = max(last ?? spanEnd, spanEnd)
            index = spanEnd
        }
        guard result.number != nil || result.total != nil, let first, let last else { return nil }
        // Brackets around the whole (（第19期）) go with it.
        var lower = first, upper = last
        if lower > 0, openBrackets.contains(characters[lower - 1]), upper < characters.count, closeBrackets.contains(characters[upper]) {
            lower -= 1
            upper += 1
        }
        result.before = String(original[..<lower]).trimmingSpaces
        result.after = String(original[upper...]).trimmingSpaces
        return result
    }

    static func numberValue(_ text: String) -> Int? {
        if text.allSatisfy(\.isASCIIDigitCharacter) { return Int(text) }
        var total = 0, current = 0
        for character in text {
            if let digit = chineseDigits[character] {
                current = digit
            } else if character == "十" {
                total += (current == 0 ? 1 : current) * 10
                current = 0
            } else if character == "百" {
                total += (current == 0 ? 1 : current) * 100
                current = 0
            } else {
                return nil
            }
        }
        let value = total + current
        return value > 0 ? value : nil
    }

    /// Words a 简报's name ends with.
    static let briefingNameEnds = ["简报", "信息", "动态", "通讯", "快报", "快讯", "专报", "参考", "要情", "周报", "月报", "导刊", "通报", "资讯", "参阅"]

    // MARK: Markdown

    /// A line of the source as a Markdown paragraph that says what it said: no list, heading,
    /// quote, code or HTML by accident.
    static func markdownEscaped(_ line: String) -> String {
        var text = line.trimmingSpaces
        if text.utf8.contains(UInt8(ascii: "\t")) { text = text.replacingTabs }
        if text.utf8.contains(UInt8(ascii: "<")) { text = text.replacingEvery("<", with: "\\<") }
        if text.utf8.contains(UInt8(ascii: "`")) { text = text.replacingEvery("`", with: "\\`") }
        if let first = text.first, "#>-+*=|_~".contains(first) { text = "\\" + text }
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

extension Character {
    var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
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
