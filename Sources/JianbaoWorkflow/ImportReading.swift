import JianbaoContent
import JianbaoModel
import JianbaoSupport

/// What import found in one text: front matter values, the Markdown body, and what it could not place.
struct ImportReading: Sendable {
    var kind: DocumentKind
    var number: Int?
    var total: Int?
    var special: SpecialIssue?
    var date: SimpleDate?
    var office: String?
    var column: String?
    var marking: String?
    var issuer: String?
    var docNumber: String?
    var title: String?
    var addressees: String?
    var attachments: [String] = []
    var signedBy: String?
    var bodyLines: [String] = []
    /// Lines joined to the one before because a sentence was broken across them.
    var joinedLines = 0
    var trailerLines: [String] = []
    var recognised: [String] = []
    var unrecognised: [String] = []
}

/// Reads the lines of a pasted briefing or 公文 (from Word, a PDF or pandoc) into an `ImportReading`.
struct ImportReader {
    let series: Series

    func read(_ text: String) -> ImportReading {
        let lines = Self.cleanLines(text)
        let kind = Self.kind(ofTitleIn: lines) ?? series.kind
        return kind.isBriefing ? readBriefing(lines) : readOfficial(lines, kind: kind)
    }

    /// Lines without blank ones, Word's bookmarks and trailing spaces.
    static func cleanLines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var text = String(line)
            while let start = text.firstRange(of: "[bookmark:"), let end = text[start.upperBound...].firstIndex(of: "]") {
                text.removeSubrange(start.lowerBound...end)
            }
            return text.trimmingSpaces
        }.filter { !$0.isEmpty && $0 != "\u{3000}" }
    }

    /// 通知, 报告, 情况说明 from a title line near the top (关于…的通知); nil when there is none.
    static func kind(ofTitleIn lines: [String]) -> DocumentKind? {
        for line in lines.prefix(8) {
            let compact = ImportedText.compact(line)
            guard compact.count <= 160, !compact.hasSuffix("。") else { continue }
            if compact.hasSuffix("情况说明") { return .statement }
            if compact.hasPrefix("关于") || compact.contains("关于") {
                if compact.hasSuffix("通知") { return .notice }
                if compact.hasSuffix("报告") { return .report }
            }
        }
        return nil
    }

    // MARK: Briefing

    func readBriefing(_ lines: [String]) -> ImportReading {
        var reading = ImportReading(kind: .briefing)
        var index = 0
        var contents: [String] = []
        let seriesName = ImportedText.compact(series.name)
        // The masthead: until the first line that is an article title or a paragraph.
        while index < lines.count {
            let line = lines[index], compact = ImportedText.compact(line)
            if compact == seriesName || (compact.hasSuffix("简报") && compact.count <= 40) {
                reading.recognised.append("series name `\(line)`")
            } else if let numbers = ImportedText.issueNumbers(line) {
                if let number = numbers.number { reading.number = number; reading.recognised.append("第\(number)期") }
                if let total = numbers.total { reading.total = total; reading.recognised.append("总第\(total)期") }
                if let special = numbers.special { reading.special = special; reading.recognised.append(special.rawValue) }
            } else if let (office, date) = ImportedText.trailingDate(line), office.count <= 40, reading.date == nil {
                reading.date = date
                reading.recognised.append("date \(date.chinese)")
                if !office.isEmpty {
                    reading.office = office
                    reading.recognised.append("office `\(office)`")
                }
            } else if compact.contains("内部") || compact.contains("注意保存") , compact.count <= 12 {
                reading.marking = line
                reading.recognised.append("marking `\(line)`")
            } else if compact == "本期要目" || compact == "要目" {
                reading.recognised.append("本期要目")
            } else if let item = ImportedText.listItem(line) {
                contents.append(item)
            } else if contents.isEmpty, compact.count <= 10, index + 1 < lines.count, ImportedText.listItem(lines[index + 1]) != nil {
                reading.column = line
                reading.recognised.append("column `\(line)`")
            } else {
                break
            }
            index += 1
        }
        if !contents.isEmpty { reading.recognised.append("本期要目 with \(contents.count) item\(contents.count == 1 ? "" : "s")") }
        let wanted = contents.map(ImportedText.letters)
        var titles = 0, captions = 0
        for (offset, line) in lines[index...].enumerated() {
            let letters = ImportedText.letters(line)
            let isListedTitle = wanted.contains(letters)
            let isFirstTitle = offset == 0 && contents.isEmpty && Self.looksLikeTitle(line)
            if let trailer = ContentRules.trailerLine(line) {
                reading.trailerLines.append(line)
                if let label = trailer.label { reading.recognised.append("trailer line \(label)：") }
                if let copies = trailer.copies { reading.recognised.append("print count （共印\(copies)份）") }
            } else if isListedTitle || isFirstTitle {
                reading.bodyLines.append("# " + line.replacingTabs)
                titles += 1
            } else if ContentRules.isCaption(line) {
                reading.bodyLines.append(line)
                captions += 1
            } else {
                Self.appendParagraph(line, to: &reading)
            }
        }
        reading.recognised.append("\(titles) article title\(titles == 1 ? "" : "s")")
        if captions > 0 { reading.recognised.append("\(captions) caption\(captions == 1 ? "" : "s")") }
        if titles < contents.count {
            reading.unrecognised.append("\(contents.count - titles) title\(contents.count - titles == 1 ? "" : "s") of the 本期要目 not found in the text")
        }
        if reading.joinedLines > 0 { reading.recognised.append("\(reading.joinedLines) sentence\(reading.joinedLines == 1 ? "" : "s") broken across lines, joined") }
        if reading.number == nil { reading.unrecognised.append("第N期: no masthead line `第N期`") }
        if reading.date == nil { reading.unrecognised.append("date: no masthead line ending in a date, such as 2024年1月12日") }
        if reading.trailerLines.isEmpty { reading.unrecognised.append("报尾: no trailer lines (报：… 送：… 发：… （共印N份）)") }
        return reading
    }

    /// Adds a body line as a paragraph, or joins it to the paragraph before when the layout broke
    /// a sentence there: the previous line is long and stops on a character, not on punctuation.
    static func appendParagraph(_ line: String, to reading: inout ImportReading) {
        let paragraph = Self.paragraph(line)
        if !paragraph.hasPrefix("#"), let previous = reading.bodyLines.last, isUnfinished(previous) {
            reading.bodyLines[reading.bodyLines.count - 1] = previous + paragraph
            reading.joinedLines += 1
            return
        }
        reading.bodyLines.append(paragraph)
    }

    /// A paragraph that ends in mid-sentence: 30 characters or more, ending in a Chinese character.
    static func isUnfinished(_ paragraph: String) -> Bool {
        guard !paragraph.hasPrefix("#"), !ContentRules.isCaption(paragraph), paragraph.count >= 30, let last = paragraph.last else { return false }
        return ImportedText.isCJK(last) && last.isLetter
    }

    /// A short line without end punctuation, such as an article's title.
    static func looksLikeTitle(_ line: String) -> Bool {
        let compact = ImportedText.compact(line)
        guard compact.count >= 4, compact.count <= 60, let last = compact.last else { return false }
        return !"。！？；：，,.;:!?）)".contains(last)
    }

    /// `一、提高认识，强化组织保障` → a `##` heading; `（一）…` short → `###`; anything else a paragraph.
    static func paragraph(_ line: String) -> String {
        let compact = ImportedText.compact(line)
        let numerals = "一二三四五六七八九十"
        if let first = compact.first, numerals.contains(first), compact.count <= 40, !compact.contains("。"),
           let mark = compact.drop(while: { numerals.contains($0) }).first, mark == "、" {
            return "## " + line.replacingTabs
        }
        if (compact.hasPrefix("（") || compact.hasPrefix("(")), compact.count <= 30, !compact.contains("。"), !ContentRules.isCaption(compact),
           compact.dropFirst().prefix(while: { numerals.contains($0) }).count > 0 {
            return "### " + line.replacingTabs
        }
        return ImportedText.markdownEscaped(line)
    }

    // MARK: 公文

    func readOfficial(_ lines: [String], kind: DocumentKind) -> ImportReading {
        var reading = ImportReading(kind: kind)
        if kind != series.kind { reading.recognised.append("kind \(kind.rawValue) (\(kind.label)) from the title") }
        var index = 0
        // Head: 发文机关标志, 发文字号, title, 主送机关.
        while index < lines.count && index < 8 {
            let line = lines[index], compact = ImportedText.compact(line)
            if reading.title == nil, Self.kind(ofTitleIn: [line]) != nil {
                reading.title = ImportedText.joiningCJK(line)
                reading.recognised.append("title `\(reading.title!)`")
            } else if reading.title == nil, reading.docNumber == nil, compact.contains("〔"), compact.hasSuffix("号"), compact.count <= 30 {
                reading.docNumber = compact
                reading.recognised.append("发文字号 `\(compact)`")
            } else if reading.title == nil, reading.issuer == nil, Self.looksLikeTitle(line), compact.count <= 40 {
                reading.issuer = ImportedText.joiningCJK(line)
                reading.recognised.append("发文机关 `\(reading.issuer!)`")
            } else if reading.title != nil, reading.addressees == nil, compact.hasSuffix("：") || compact.hasSuffix(":"), !compact.contains("。"), compact.count <= 300 {
                reading.addressees = String(ImportedText.joiningCJK(line).dropLast())
                reading.recognised.append("主送机关")
            } else {
                break
            }
            index += 1
        }
        let issuerName = reading.issuer.map { ImportedText.compact($0.hasSuffix("文件") ? String($0.dropLast(2)) : $0) }
        var rest = Array(lines[index...])
        // 落款 and 成文日期: a date line, the line before it if short; or a line that repeats the issuer.
        var drop: Set<Int> = []
        if let dateIndex = rest.firstIndex(where: { SimpleDate(chinese: $0) != nil }) {
            reading.date = SimpleDate(chinese: rest[dateIndex])
            reading.recognised.append("date \(reading.date!.chinese)")
            drop.insert(dateIndex)
            if dateIndex > 0, Self.looksLikeTitle(rest[dateIndex - 1]), ImportedText.compact(rest[dateIndex - 1]).count <= 30 {
                reading.signedBy = ImportedText.joiningCJK(rest[dateIndex - 1])
                drop.insert(dateIndex - 1)
            }
        }
        if reading.signedBy == nil, let issuerName, let signature = rest.firstIndex(where: { ImportedText.compact($0) == issuerName }) {
            reading.signedBy = ImportedText.compact(rest[signature])
            drop.insert(signature)
        }
        if let signedBy = reading.signedBy { reading.recognised.append("落款 `\(signedBy)`") }
        rest = rest.enumerated().filter { !drop.contains($0.offset) }.map(\.element)

        // 附件说明 (`附件：1. …` and the lines that continue it), 附件 headings, attached documents' titles.
        var inAttachmentList = false
        var headedAttachments: Set<Int> = []
        /// The 附件 heading just written: its title line, next, is dropped.
        var lastHeading: Int?
        for line in rest {
            let compact = ImportedText.compact(line)
            if compact.hasPrefix("附件：") || compact.hasPrefix("附件:") {
                inAttachmentList = true
                let item = String(compact.dropFirst(3))
                if let name = Self.attachmentName(item) { reading.attachments.append(name) }
                continue
            }
            if inAttachmentList, let name = Self.attachmentName(compact), compact.first?.isNumber == true {
                reading.attachments.append(name)
                continue
            }
            inAttachmentList = false
            if compact.hasPrefix("附件"), let number = Int(compact.dropFirst(2)) {
                reading.bodyLines.append("# 附件\(number)")
                headedAttachments.insert(number)
                lastHeading = number
                continue
            }
            // An attachment's title line: printed from `attachments:`, so it becomes (or follows) `# 附件N`.
            if let index = reading.attachments.firstIndex(where: { ImportedText.letters($0) == ImportedText.letters(line) }) {
                let number = index + 1
                if lastHeading == number {
                    lastHeading = nil
                    continue
                }
                if !headedAttachments.contains(number) {
                    reading.bodyLines.append("# 附件\(number)")
                    headedAttachments.insert(number)
                    reading.recognised.append("附件\(number) by its title")
                    continue
                }
            }
            lastHeading = nil
            if compact.hasPrefix("关于"), Self.looksLikeTitle(line), ["方案", "办法", "规定", "细则", "意见", "要点", "计划"].contains(where: { compact.hasSuffix($0) }) {
                reading.bodyLines.append("# " + ImportedText.joiningCJK(line))
                reading.recognised.append("attached document `\(ImportedText.joiningCJK(line))`")
                continue
            }
            if let trailer = ContentRules.trailerLine(line), trailer.label == "抄送" {
                reading.trailerLines.append(line)
                reading.recognised.append("版记 抄送")
                continue
            }
            Self.appendParagraph(line, to: &reading)
        }
        if reading.joinedLines > 0 { reading.recognised.append("\(reading.joinedLines) sentence\(reading.joinedLines == 1 ? "" : "s") broken across lines, joined") }
        if !reading.attachments.isEmpty { reading.recognised.append("附件说明 with \(reading.attachments.count) attachment\(reading.attachments.count == 1 ? "" : "s")") }
        if reading.issuer == nil { reading.unrecognised.append("发文机关: no issuer line at the top") }
        if reading.title == nil { reading.unrecognised.append("title: no line 关于…的通知/报告/情况说明 at the top") }
        if kind == .notice && reading.docNumber == nil { reading.unrecognised.append("发文字号: no line such as 鲁法办〔2024〕3号") }
        if reading.signedBy == nil { reading.unrecognised.append("落款 (signed_by): no signature line at the end") }
        if reading.date == nil { reading.unrecognised.append("成文日期: no line that is only a date, such as 2024年1月12日") }
        return reading
    }

    /// `1. 名称` / `1.名称` / `1、名称` → `名称`.
    static func attachmentName(_ item: String) -> String? {
        let digits = item.prefix { $0.isASCII && $0.isNumber }
        var rest = item.dropFirst(digits.count)
        if let mark = rest.first, ".．、".contains(mark) { rest = rest.dropFirst() }
        let name = String(rest).trimmingSpaces
        return name.isEmpty ? nil : name
    }
}
