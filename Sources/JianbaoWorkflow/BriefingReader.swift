import JianbaoContent
import JianbaoModel
import JianbaoSupport

/// Reads a 简报 issue: the masthead in its variants (name; 第N期 with 总第N期 in either width of
/// brackets, a year before it, 增刊/专刊; "XX编" or "XX编印" and the date, on the number's line or
/// under it; 内部资料), the 本期要目 or 目录 (numbered, bulleted, or with dot leaders and page
/// numbers), the 编者按, the articles under their titles, and the 报尾.
struct BriefingReader {
    let series: Series

    /// A 第N期 line in the first lines, with at most a name before it.
    func hasMasthead(_ lines: [ImportLine]) -> Bool {
        mastheadLine(lines) != nil
    }

    func mastheadLine(_ lines: [ImportLine]) -> Int? {
        lines.prefix(14).firstIndex { line in
            guard let numbers = ImportedText.issueNumbers(line.text), numbers.number != nil || numbers.total != nil else { return false }
            return ImportedText.compact(numbers.before).count <= 40 && !ImportedText.endsSentence(line.compact) && !line.compact.contains("关于")
        }
    }

    func read(_ lines: [ImportLine]) -> ImportReading {
        var reading = ImportReading(kind: .briefing)
        reading.genre = "简报"
        var used = [Bool](repeating: false, count: lines.count)
        var rest: String?
        if let masthead = mastheadLine(lines) {
            let read = readMasthead(lines, at: masthead, used: &used, reading: &reading)
            rest = read.rest
            // A name other than the series' is in no field: its line is kept (unpublished) with it.
            if let name = reading.name, let line = read.nameLine, ImportedText.compact(name) != ImportedText.compact(series.name) {
                reading.unplaced.append(lines[line].text)
            }
        }
        let mastheadEnd = (used.lastIndex(of: true) ?? -1) + 1
        // Lines above or within the masthead nothing placed: page furniture, a line the reader does not know.
        for index in 0..<mastheadEnd where !used[index] {
            if let marking = Self.marking(lines[index].compact) {
                reading.marking = marking
                reading.recognised.append("marking `\(marking)`")
            } else {
                reading.unplaced.append(lines[index].text)
            }
            used[index] = true
        }

        var body = BodyWriter(wrapWidth: BodyWriter.wrapWidth(of: lines))
        var index = mastheadEnd
        // Page furniture under the masthead (编辑: 发表时间: 阅读:) is kept unpublished too.
        while index < lines.count, PageMetadata.isFurniture(lines[index].text) {
            reading.unplaced.append(lines[index].text)
            used[index] = true
            index += 1
        }
        let contentsStart = index
        // Contents: a 要目/目录 heading and its items, or numbered or bulleted items under the masthead.
        var contentLines: [String] = []
        if let rest, !rest.isEmpty { contentLines.append(rest) }
        while index < lines.count {
            let compact = lines[index].compact
            if Self.isContentsHeading(compact) {
                contentLines.append(lines[index].raw)
                used[index] = true
                index += 1
                continue
            }
            if !contentLines.isEmpty || index == contentsStart || reading.column != nil,
               ImportedText.numberedItem(compact) != nil || ImportedText.listItem(lines[index].text) != nil || Self.hasDotLeader(compact)
                || (!contentLines.isEmpty && lines[index].raw.hasPrefix(" ") && compact.count <= 30 && !ImportedText.endsInPunctuation(compact)) {
                contentLines.append(lines[index].raw)
                used[index] = true
                index += 1
                continue
            }
            // A column name over the items (工作动态).
            if contentLines.isEmpty, reading.column == nil, compact.count <= 10, index + 1 < lines.count,
               ImportedText.numberedItem(lines[index + 1].compact) != nil || ImportedText.listItem(lines[index + 1].text) != nil {
                reading.column = lines[index].text
                reading.recognised.append("column `\(lines[index].text)`")
                used[index] = true
                index += 1
                continue
            }
            break
        }
        let contents = Self.contents(Array(contentLines.prefix(200)))
        reading.contents = contents.items
        if !contents.items.isEmpty { reading.recognised.append("本期要目 with \(contents.items.count) item\(contents.items.count == 1 ? "" : "s")") }

        // The articles: titles the 要目 names (or, without one, a title over the first paragraph).
        var titles = 0
        var found = Set<Int>()
        let bodyStart = index
        while index < lines.count {
            let line = lines[index]
            if used[index] {
                index += 1
                continue
            }
            if let note = Self.editorsNote(line.text) {
                body.raw("> " + ImportedText.markdownEscaped(note))
                used[index] = true
                reading.recognised.append("编者按")
                index += 1
                continue
            }
            if let trailer = ContentRules.trailerLine(line.text), Self.isInTrailer(lines, at: index) {
                reading.trailerLines.append(line.text)
                if let label = trailer.label { reading.recognised.append("trailer line \(label)：") }
                if let copies = trailer.copies { reading.recognised.append("print count （共印\(copies)份）") }
                used[index] = true
                index += 1
                continue
            }
            if let match = Self.articleTitle(lines, at: index, items: contents.items, first: index == bodyStart && contents.items.isEmpty) {
                body.heading(1, match.text)
                match.lines.forEach { used[$0] = true }
                if let item = match.item { found.insert(item) }
                titles += 1
                index = match.lines.upperBound + 1
                continue
            }
            if ContentRules.isCaption(line.compact) {
                body.raw(line.text)
            } else {
                body.line(line)
            }
            used[index] = true
            index += 1
        }
        // 要目 items no article title answers are kept as they were written, as a list at the top.
        if !contents.items.isEmpty, found.count < contents.items.count {
            reading.bodyBlocks.append(Self.contentsList(contentLines))
            reading.unrecognised.append("\(contents.items.count - found.count) item\(contents.items.count - found.count == 1 ? "" : "s") of the 本期要目 not found as an article's title: the 要目 is kept as a list")
        }
        if found.count == contents.items.count, !contents.runIn.isEmpty {
            reading.bodyBlocks.append(ImportedText.markdownEscaped(contents.runIn))
        }
        reading.bodyBlocks += body.blocks
        reading.joinedLines = body.joined
        reading.recognised.append("\(titles) article title\(titles == 1 ? "" : "s")")
        if body.joined > 0 { reading.recognised.append("\(body.joined) sentence\(body.joined == 1 ? "" : "s") broken across lines, joined") }
        if reading.number == nil { reading.unrecognised.append("第N期: no masthead line `第N期`") }
        if reading.date == nil { reading.unrecognised.append("date: no masthead date, such as 2024年1月12日") }
        if reading.trailerLines.isEmpty { reading.unrecognised.append("报尾: no trailer lines (报：… 送：… 发：… （共印N份）)") }
        if !reading.unplaced.isEmpty {
            reading.unrecognised.append("\(reading.unplaced.count) masthead or page line\(reading.unplaced.count == 1 ? "" : "s") kept unpublished at the top of the file: \(reading.unplaced.prefix(3).map { "`\($0.prefix(30))`" }.joined(separator: ", "))")
        }
        return reading
    }

    // MARK: Masthead

    /// Reads the 第N期 line and what stands around it; returns text after the date on the same line
    /// (a 目录 run in with the masthead).
    func readMasthead(_ lines: [ImportLine], at index: Int, used: inout [Bool], reading: inout ImportReading) -> (rest: String?, nameLine: Int?) {
        let numbers = ImportedText.issueNumbers(lines[index].text)!
        used[index] = true
        reading.number = numbers.number
        reading.total = numbers.total
        reading.special = numbers.special
        if let number = numbers.number { reading.recognised.append("第\(number)期") }
        if let total = numbers.total { reading.recognised.append("总第\(total)期") }
        if let special = numbers.special { reading.recognised.append(special.rawValue) }

        // Before the numbers: the name (高教动态 2018年第7期), or the office (发展研究中心编 第1期).
        var before = numbers.before
        if let office = Self.office(before) {
            reading.office = office
            before = ""
        }
        var nameLine: Int?
        if !before.isEmpty {
            reading.name = ImportedText.joiningCJK(before)
            nameLine = index
        } else if let line = (max(0, index - 4)..<index).last(where: { isName(lines[$0]) }) {
            reading.name = ImportedText.joiningCJK(lines[line].text)
            used[line] = true
            nameLine = line
        }
        if let name = reading.name { reading.recognised.append("name `\(name)`") }

        // After the numbers, or on the lines under them: the office and the date.
        var rest: String? = numbers.after
        var lineIndex = index
        while reading.date == nil, lineIndex < min(lines.count, index + 3) {
            let text = lineIndex == index ? numbers.after : lines[lineIndex].text
            if lineIndex > index, Self.isContentsHeading(lines[lineIndex].compact) || ImportedText.numberedItem(lines[lineIndex].compact) != nil { break }
            if let found = ImportedText.findDate(in: text) {
                let office = found.before.trimmingSpaces
                if !office.isEmpty, ImportedText.compact(office).count <= 40 {
                    reading.office = Self.office(office) ?? ImportedText.joiningCJK(office)
                }
                reading.date = found.date
                rest = lineIndex == index ? found.after.trimmingSpaces : nil
                if lineIndex > index {
                    used[lineIndex] = true
                    if !found.after.trimmingSpaces.isEmpty { rest = found.after.trimmingSpaces }
                }
            } else if lineIndex > index, reading.office == nil, let office = Self.office(text) {
                reading.office = office
                used[lineIndex] = true
            } else if lineIndex > index {
                break
            }
            lineIndex += 1
        }
        if let office = reading.office { reading.recognised.append("office `\(office)`") }
        if let date = reading.date { reading.recognised.append("date \(date.chinese)") }
        return (rest, nameLine)
    }

    /// The masthead's name: the series' name, or a short line that ends like one (…简报, …信息, …动态).
    func isName(_ line: ImportLine) -> Bool {
        let compact = line.compact
        if compact == ImportedText.compact(series.name) { return true }
        return compact.count <= 30 && !PageMetadata.isFurniture(line.text) && ImportedText.briefingNameEnds.contains { compact.hasSuffix($0) }
    }

    /// `XX编`, `XX编印`, `XX主办` → `XX`.
    static func office(_ text: String) -> String? {
        let compact = ImportedText.compact(text)
        for suffix in ["编印", "主办", "编辑", "编"] where compact.hasSuffix(suffix) && compact.count > suffix.count && compact.count <= 40 {
            return ImportedText.joiningCJK(String(text.trimmingSpaces.dropLast(suffix.count)).trimmingSpaces)
        }
        return nil
    }

    static func marking(_ compact: String) -> String? {
        guard compact.count <= 14 else { return nil }
        return ["内部", "注意保存", "秘密", "机密", "绝密"].contains(where: compact.contains) ? compact : nil
    }

    // MARK: Contents

    /// The 要目 as written, as a Markdown list: numbered items keep their numbers, bulleted ones get
    /// Markdown's bullet, entries indented under an item are indented under it.
    static func contentsList(_ lines: [String]) -> String {
        lines.map { raw in
            let indent = raw.hasPrefix(" ") || raw.hasPrefix("\u{3000}") || raw.hasPrefix("\t") ? "  " : ""
            let text = raw.trimmingSpaces
            if let item = ImportedText.numberedItem(text), let number = item.number {
                return indent + "\(number). " + ImportedText.markdownEscaped(item.rest)
            }
            let rest = ImportedText.listItem(text) ?? text
            return indent + "- " + ImportedText.markdownEscaped(rest)
        }.joined(separator: "\n")
    }

    static func isContentsHeading(_ compact: String) -> Bool {
        let bare = compact.filter { !"【】[]〔〕".contains($0) }
        return ["本期要目", "要目", "目录", "本期目录", "本期导读", "导读", "本期内容"].contains(bare)
    }

    static func hasDotLeader(_ compact: String) -> Bool {
        compact.contains("....") || compact.contains("……") || compact.contains("…...") || compact.contains("·····")
    }

    /// The items of the contents' lines: numbers, bullets, column labels (【新政推送】), dot leaders
    /// and page numbers taken off; several items on one line split at their page numbers.
    static func contents(_ lines: [String]) -> (items: [String], columns: [String], runIn: String) {
        var items: [String] = []
        var columns: [String] = []
        var runIn = ""
        for line in lines {
            var text = line.trimmingSpaces
            // The heading itself (目录, 【本期要目】) before the items of its line.
            for heading in ["本期要目", "本期目录", "本期导读", "本期内容", "目录", "要目", "导读"] {
                let opened = text.hasPrefix("【") || text.hasPrefix("[") ? String(text.dropFirst()) : text
                guard opened.hasPrefix(heading) else { continue }
                var after = opened.dropFirst(heading.count)
                if after.first == "】" || after.first == "]" { after = after.dropFirst() }
                text = String(after).trimmingSpaces
                break
            }
            if let item = ImportedText.numberedItem(text) { text = item.rest }
            if let item = ImportedText.listItem(text) { text = item }
            // Sub-entries (indented lines under a ☆ item) are no items of their own.
            if line.hasPrefix(" ") || line.hasPrefix("\u{3000}") || line.hasPrefix("\t") { continue }
            let split = splitAtPageNumbers(text)
            runIn = split.runIn
            for piece in split.pieces {
                var item = piece
                while let open = item.firstIndex(of: "【"), let close = item[open...].firstIndex(of: "】") {
                    columns.append(String(item[item.index(after: open)..<close]))
                    item.removeSubrange(open...close)
                }
                item = item.trimmingSpaces
                if !item.isEmpty, !isContentsHeading(ImportedText.compact(item)) { items.append(item) }
            }
        }
        return (items, columns, runIn)
    }

    /// `标题....................1 标题二......3` → the titles; the text itself when it has no leaders.
    static func splitAtPageNumbers(_ text: String) -> (pieces: [String], runIn: String) {
        guard hasDotLeader(ImportedText.compact(text)) else { return ([text], "") }
        var pieces: [String] = []
        var current = ""
        var characters = Array(text)[...]
        while let character = characters.first {
            if ".…·".contains(character) {
                var run = 0
                while let next = characters.first, ".…·".contains(next) { run += 1; characters = characters.dropFirst() }
                if run >= 3 {
                    while let next = characters.first, next == " " { characters = characters.dropFirst() }
                    while let next = characters.first, next.isASCIIDigitCharacter { characters = characters.dropFirst() }
                    pieces.append(current.trimmingSpaces)
                    current = ""
                } else {
                    current += String(repeating: ".", count: run)
                }
                continue
            }
            current.append(character)
            characters = characters.dropFirst()
        }
        // What follows the last page number is text run in after the 目录 (an article), not an item.
        return (pieces.filter { !$0.isEmpty }, current.trimmingSpaces)
    }

    /// `【编者按:…】`, `编者按：…`, `按语：…` → the note's text.
    static func editorsNote(_ text: String) -> String? {
        let compact = ImportedText.halfWidth(ImportedText.compact(text))
        guard compact.hasPrefix("【编者按") || compact.hasPrefix("编者按") || compact.hasPrefix("按语:") || compact.hasPrefix("[编者按") else { return nil }
        return text
    }

    /// A trailer line among the last lines of the issue (报：… 送：… 编校：…), not one in an article.
    static func isInTrailer(_ lines: [ImportLine], at index: Int) -> Bool {
        lines[index...].allSatisfy { ContentRules.trailerLine($0.text) != nil || $0.compact.isEmpty }
    }

    /// An article's title at `index` (one or two lines) that a 要目 item names, or — without a 要目 —
    /// a title over the first paragraph.
    static func articleTitle(_ lines: [ImportLine], at index: Int, items: [String], first: Bool) -> (text: String, lines: ClosedRange<Int>, item: Int?)? {
        let line = lines[index]
        guard !line.isTable, line.compact.count <= 60, !ImportedText.endsSentence(line.compact) else { return nil }
        let wanted = items.map(ImportedText.letters)
        for span in [0, 1] where index + span < lines.count {
            let block = lines[index...(index + span)]
            guard block.allSatisfy({ !$0.isTable && $0.compact.count <= 60 && !ImportedText.endsSentence($0.compact) }) else { continue }
            let letters = ImportedText.letters(block.map(\.compact).joined())
            if let item = wanted.firstIndex(where: { Self.sameTitle($0, letters) }) {
                return (ImportedText.joinLines(block.map(\.text)), index...(index + span), item)
            }
        }
        if first, Self.looksLikeTitle(line.compact), index + 1 < lines.count, lines[index + 1].compact.count > line.compact.count {
            return (ImportedText.joiningCJK(line.text), index...index, nil)
        }
        return nil
    }

    /// Two titles are the same when their letters are, or differ in at most one in ten (部长 / 部部长).
    static func sameTitle(_ a: String, _ b: String) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return false }
        if a == b { return true }
        // An item that names its column first (本期关注:书院制教育考察报告) ends with the title.
        if b.count >= 6, a.count > b.count, a.hasSuffix(b), a.count - b.count <= 6 { return true }
        guard min(a.count, b.count) >= 6, abs(a.count - b.count) <= max(a.count, b.count) / 10 + 1,
              a.prefix(2) == b.prefix(2) || a.suffix(2) == b.suffix(2) else { return false }
        return TrailerLabelTypos.editDistance(Array(a), Array(b)) <= max(a.count, b.count) / 10 + 1
    }

    static func looksLikeTitle(_ compact: String) -> Bool {
        compact.count >= 4 && compact.count <= 60 && !ImportedText.endsInPunctuation(compact) && ImportedText.numberedItem(compact) == nil
            && ImportedText.headingLevel(compact) == nil && !ContentRules.isCaption(compact)
    }
}
