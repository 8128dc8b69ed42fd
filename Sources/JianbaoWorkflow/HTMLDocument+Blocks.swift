import JianbaoSupport

/// One piece of a converted file: a line of text, or a table kept as an HTML table block.
enum ImportBlock: Sendable, Equatable {
    case line(String)
    /// `<table>…</table>` on lines of its own, cells escaped, only rowspan and colspan kept.
    case table(String)

    var text: String? {
        if case .line(let text) = self { return text }
        return nil
    }
}

extension HTMLDocument {
    /// The text below `root` as lines, the way a browser breaks it (blocks, `<br>`, cells of layout
    /// tables), with data tables kept as table blocks.
    func blocks(from root: Int) -> [ImportBlock] {
        var writer = LineWriter()
        // An explicit stack rather than recursion: a page nested a million deep is no danger.
        enum Step { case enter(Int), leave(Int), text(Int) }
        var steps: [Step] = [.enter(root)]
        while let step = steps.popLast() {
            switch step {
            case .text(let index):
                writer.append(texts[index])
            case .leave(let index):
                if Self.breaksLine(elements[index].name) { writer.endLine() }
            case .enter(let index):
                let element = elements[index]
                if element.name == "br" {
                    writer.endLine()
                    continue
                }
                // A rule (the red line under a 版头) parts what is above from what is below, as a
                // blank line does in text.
                if element.name == "hr" {
                    writer.endLine()
                    writer.blocks.append(.line(""))
                    continue
                }
                if Self.breaksLine(element.name) { writer.endLine() }
                if element.name == "li" { writer.append(listMarker(index)) }
                if element.name == "table", let table = dataTable(index) {
                    writer.endLine()
                    writer.blocks.append(.table(table))
                    continue
                }
                steps.append(.leave(index))
                for child in element.children.reversed() {
                    switch child {
                    case .element(let e): steps.append(.enter(e))
                    case .text(let t): steps.append(.text(t))
                    }
                }
            }
        }
        writer.endLine()
        return writer.blocks
    }

    /// What a browser shows before a list item: its number in an ordered list (Word's automatic
    /// numbering, which pandoc turns into one), a bullet (`- `, Markdown's) otherwise.
    func listMarker(_ item: Int) -> String {
        let parent = elements[item].parent
        guard parent >= 0, elements[parent].name == "ol" else { return "- " }
        var number = elements[parent].start
        for child in elements[parent].children {
            guard case .element(let sibling) = child else { continue }
            if sibling == item { break }
            if elements[sibling].name == "li" { number += 1 }
        }
        return "\(number). "
    }

    static func breaksLine(_ name: String) -> Bool {
        blockElements.contains(name) || ["li", "dt", "dd", "tr", "td", "th", "caption", "tbody", "thead", "tfoot", "br"].contains(name)
    }

    /// A table of data (two rows or more, two cells in some row, no table inside) as an HTML block;
    /// nil for a layout table, whose cells are read as lines instead.
    func dataTable(_ table: Int) -> String? {
        var rows: [[Int]] = []
        var pending: [Int] = [table]
        var order: [Int] = []
        while let index = pending.popLast() {
            order.append(index)
            for child in elements[index].children.reversed() {
                guard case .element(let e) = child else { continue }
                if elements[e].name == "table" { return nil }
                pending.append(e)
            }
        }
        for index in order where elements[index].name == "tr" {
            rows.append(elements[index].children.compactMap { child in
                guard case .element(let e) = child, ["td", "th"].contains(elements[e].name) else { return nil }
                return e
            })
        }
        guard rows.count >= 2, rows.contains(where: { $0.count >= 2 }) else { return nil }
        var html = "<table>"
        for row in rows where !row.isEmpty {
            html += "\n<tr>"
            for cell in row {
                let element = elements[cell]
                var attributes = ""
                if element.rowspan > 1 { attributes += " rowspan=\"\(element.rowspan)\"" }
                if element.colspan > 1 { attributes += " colspan=\"\(element.colspan)\"" }
                let lines = blocks(from: cell).compactMap(\.text)
                html += "<\(element.name)\(attributes)>" + lines.map(\.htmlEscaped).joined(separator: "<br>") + "</\(element.name)>"
            }
            html += "</tr>"
        }
        return html + "\n</table>"
    }
}

/// Gathers text into lines as a browser shows it: ASCII white space collapses to one space (none
/// between two Chinese characters when the source broke the line there), NBSP and U+3000 stay.
private struct LineWriter {
    var blocks: [ImportBlock] = []
    private var line = ""
    private var pendingSpace = false
    private var spaceHadNewline = false

    mutating func append(_ text: String) {
        for character in text {
            if character == " " || character == "\t" || character == "\n" || character == "\r" || character == "\u{0C}" || character == "\r\n" {
                pendingSpace = true
                if character == "\n" || character == "\r" || character == "\r\n" { spaceHadNewline = true }
                continue
            }
            if pendingSpace, let last = line.last {
                let joinsChinese = spaceHadNewline && ImportedText.isCJK(last) && ImportedText.isCJK(character)
                if !joinsChinese && last != " " { line.append(" ") }
            }
            pendingSpace = false
            spaceHadNewline = false
            line.append(character)
        }
    }

    mutating func endLine() {
        let trimmed = line.trimmingSpaces
        if !trimmed.isEmpty { blocks.append(.line(trimmed)) }
        line = ""
        pendingSpace = false
        spaceHadNewline = false
    }
}
