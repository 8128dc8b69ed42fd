import JianbaoContent
import JianbaoSupport

/// Writes body lines as Markdown blocks: paragraphs (escaped), 一、 and （一） headings, tables,
/// and a sentence the source broke over lines joined again — in time linear in the text.
struct BodyWriter {
    private(set) var blocks: [String] = []
    /// Lines joined to the one before because a sentence was broken across them.
    private(set) var joined = 0
    /// The width at which the source wrapped its lines (a PDF, a text from a PDF); nil when it keeps
    /// a paragraph on one line.
    let wrapWidth: Int?
    /// The previous source line (compact) when it ended a paragraph block that a next line may continue.
    private var open: String?

    init(wrapWidth: Int?) {
        self.wrapWidth = wrapWidth
    }

    /// The width most long lines stop at, when at least 40 % of them stop within 4 characters of the
    /// longest usual line: the mark of a text wrapped by a layout.
    static func wrapWidth(of lines: [ImportLine]) -> Int? {
        let lengths = lines.filter { !$0.isTable }.map(\.compact.count).filter { $0 >= 20 }.sorted()
        guard lengths.count >= 6 else { return nil }
        let width = lengths[lengths.count * 9 / 10]
        let near = lengths.filter { $0 >= width - 4 }.count
        return near * 10 >= lengths.count * 4 ? width : nil
    }

    mutating func heading(_ level: Int, _ text: String) {
        blocks.append(String(repeating: "#", count: level) + " " + ImportedText.joiningCJK(text).replacingTabs)
        open = nil
    }

    /// A block written as it is (a table, a quote, a comment).
    mutating func raw(_ block: String) {
        blocks.append(block)
        open = nil
    }

    /// A line of text: a heading when it is numbered like one, else a paragraph, joined to the one
    /// before when that one broke off in mid-sentence.
    mutating func line(_ line: ImportLine, headings: Bool = true) {
        if let table = line.table {
            raw(table)
            return
        }
        if headings, let level = ImportedText.headingLevel(line.text) {
            heading(level, line.text)
            return
        }
        let escaped = ImportedText.markdownEscaped(line.text)
        if let previous = open, continues(previous, with: line) {
            var text = escaped
            // A joined line's leading backslash (an escaped 1. at a line start) is not at a start now.
            if text.hasPrefix("\\"), !previous.isEmpty { text.removeFirst() }
            blocks[blocks.count - 1].append(contentsOf: text)
            joined += 1
        } else {
            blocks.append(escaped)
        }
        open = line.compact
    }

    /// Whether `next` continues the sentence `previous` broke off: the previous line stops short of
    /// a sentence's end at the source's wrap width (or is long and stops on a character), and the next
    /// starts nothing of its own (a number, a heading, a date, a bracketed note, 附件).
    private func continues(_ before: String, with next: ImportLine) -> Bool {
        guard let last = before.last, !ImportedText.endsSentence(before), !ImportedText.isColon(last) else { return false }
        guard !Self.startsElement(next) else { return false }
        // A line that stops at the wrap width continues, whatever the next one starts with: a layout
        // breaks before brackets and quotes too (`…(济发` / `〔2021〕9号)要求`).
        if let wrapWidth, before.count >= wrapWidth - 4 { return true }
        guard !Self.startsSomething(next) else { return false }
        if before.count >= 30, ImportedText.isCJK(last), last.isLetter || "，、".contains(last) { return true }
        return false
    }

    /// A line that is an element of its own: a table, a heading, a numbered or bulleted item, a date,
    /// a note in brackets, 附件.
    static func startsElement(_ line: ImportLine) -> Bool {
        let text = line.compact
        guard !text.isEmpty else { return true }
        if line.isTable || ImportedText.headingLevel(text) != nil || ImportedText.numberedItem(text) != nil || ImportedText.listItem(text) != nil {
            return true
        }
        return ImportedText.date(text) != nil || ContentRules.isCaption(text) || text.hasPrefix("附件") || text.hasPrefix("附：")
    }

    /// A line that starts something of its own, never continues a line that was not cut at the
    /// layout's width: an element, or an opening bracket, quote or dash, or 第…条/章.
    static func startsSomething(_ line: ImportLine) -> Bool {
        let text = line.compact
        guard let first = text.first else { return true }
        if startsElement(line) || "（(【〔[—“".contains(first) { return true }
        if text.hasPrefix("第"), let end = text.prefix(8).firstIndex(where: { "条章节部分".contains($0) }), end > text.index(after: text.startIndex) {
            return true
        }
        return false
    }

    /// Groups runs of text lines that are rows of a table made with TABs, or with runs of spaces in
    /// at least three columns, into HTML table blocks.
    static func tablesFromAlignedText(_ lines: [ImportLine]) -> [ImportLine] {
        var result: [ImportLine] = []
        var index = 0
        while index < lines.count {
            let cells = Self.cells(lines[index])
            guard cells.count >= 2 else {
                result.append(lines[index])
                index += 1
                continue
            }
            var end = index + 1
            while end < lines.count, Self.cells(lines[end]).count == cells.count { end += 1 }
            let minimumRows = lines[index].raw.contains("\t") ? 2 : 3
            guard end - index >= minimumRows, cells.count >= (lines[index].raw.contains("\t") ? 2 : 3) else {
                result.append(lines[index])
                index += 1
                continue
            }
            var html = "<table>"
            for row in lines[index..<end] {
                html += "\n<tr>" + Self.cells(row).map { "<td>" + $0.htmlEscaped + "</td>" }.joined() + "</tr>"
            }
            html += "\n</table>"
            result.append(ImportLine(text: "", compact: "", blankBefore: lines[index].blankBefore, table: html, raw: ""))
            index = end
        }
        return result
    }

    /// The cells of an aligned line: split at TABs, or at runs of two or more spaces (U+3000 and NBSP count).
    static func cells(_ line: ImportLine) -> [String] {
        guard !line.isTable else { return [] }
        // Only a line with a TAB or two spaces in a row can hold cells.
        var run = 0, longest = 0
        for scalar in line.raw.unicodeScalars {
            if scalar == "\t" { longest = 2; break }
            run = scalar == " " || scalar == "\u{3000}" || scalar == "\u{00A0}" ? run + 1 : 0
            longest = max(longest, run)
        }
        guard longest >= 2 else { return [] }
        let raw = line.raw.trimmingSpaces
        if raw.contains("\t") {
            return raw.split(separator: "\t").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        }
        var cells: [String] = []
        var current = ""
        var spaces = 0
        for character in raw {
            if character == " " || character == "\u{3000}" || character == "\u{00A0}" {
                spaces += 1
                continue
            }
            if spaces >= 2, !current.isEmpty {
                cells.append(current)
                current = ""
            } else if spaces > 0 {
                current.append(" ")
            }
            spaces = 0
            current.append(character)
        }
        if !current.isEmpty { cells.append(current) }
        return cells
    }
}
