import JianbaoSupport

/// A line of a converted file as the readers see it.
struct ImportLine: Sendable {
    /// Without the padding around it (spaces, tabs, NBSP, U+3000).
    var text: String
    /// Without any white space at all: what patterns match against.
    var compact: String
    /// A blank line (or several) came before it: a break the author made.
    var blankBefore: Bool
    /// An HTML table block; `text` and `compact` are empty then.
    var table: String?
    /// As read, padding and inner runs of spaces and tabs kept (for tables made of aligned text).
    var raw: String

    var isTable: Bool { table != nil }

    /// The lines of a converted file: blank ones dropped (remembered as `blankBefore` of the next),
    /// Word's `[bookmark: …]` marks removed.
    static func lines(from blocks: [ImportBlock]) -> [ImportLine] {
        var result: [ImportLine] = []
        var blank = false
        for block in blocks {
            switch block {
            case .table(let html):
                result.append(ImportLine(text: "", compact: "", blankBefore: blank, table: html, raw: ""))
                blank = false
            case .line(let raw):
                var cleaned = raw
                while let start = cleaned.firstRange(of: "[bookmark:"), let end = cleaned[start.upperBound...].firstIndex(of: "]") {
                    cleaned.removeSubrange(start.lowerBound...end)
                }
                let text = cleaned.trimmingSpaces
                if text.isEmpty {
                    blank = true
                    continue
                }
                result.append(ImportLine(text: text, compact: ImportedText.compact(text), blankBefore: blank, table: nil, raw: cleaned))
                blank = false
            }
        }
        return result
    }
}
