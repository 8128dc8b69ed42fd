import CCmark
#if canImport(Glibc)
import Glibc
#endif
import JianbaoModel
import JianbaoSupport

/// Lifting the 报尾 (trailer) lines from the end of the body: the lines that start with a known label.
extension MarkdownBody {
    /// Lifts the trailing lines that start with a known label (and the 共印 line) out of the body.
    mutating func liftTrailer(from document: CmarkNode) -> Trailer {
        // Paragraphs are read last first; each one's lines are put before those of the paragraphs after it.
        var groups: [[Trailer.Line]] = []
        var copies: Int?
        var candidate = document.lastChild
        while let paragraph = candidate, paragraph.type == CMARK_NODE_PARAGRAPH {
            candidate = paragraph.previous
            let end = Self.trailerAtEnd(of: paragraph)
            guard !end.recognized.isEmpty else { break }
            let lastLine = Int(cmark_node_get_end_line(paragraph.pointer)) + firstLine - 1
            var lifted: [Trailer.Line] = []
            for (fromEnd, recognized) in end.recognized.enumerated().reversed() {
                if let count = recognized.copies, copies == nil { copies = count }
                if let label = recognized.label {
                    let at = SourceLocation(file: file, line: lastLine - fromEnd, column: 1)
                    lifted.append(Trailer.Line(label: label, text: recognized.text, location: at))
                }
            }
            groups.append(lifted)
            guard let keepUntil = end.bodyEnd else {
                paragraph.delete()
                continue
            }
            // Keep the body text before the trailer lines, drop the break that led into them.
            var node = keepUntil.next
            while let current = node {
                node = current.next
                current.delete()
            }
            break
        }
        let lines = groups.reversed().flatMap { $0 }
        var seenLabels: Set<String> = []
        for line in lines where !seenLabels.insert(line.label).inserted {
            diagnostics.append(.warning(at: line.location ?? SourceLocation(file: file),
                                        "the trailer line `\(line.label)：` is given twice; the last one is used"))
        }
        var unique: [Trailer.Line] = []
        for line in lines {
            unique.removeAll { $0.label == line.label }
            unique.append(line)
        }
        return Trailer(lines: unique, copies: copies)
    }

    /// The trailer lines at the end of a paragraph (the lines between soft or hard breaks, read from
    /// the last one back while they are trailer lines), last first, and the break that ends the body
    /// text before them (nil when the whole paragraph is trailer). Reads only those lines: a long
    /// paragraph without a trailer costs one line.
    private static func trailerAtEnd(of paragraph: CmarkNode) -> (recognized: [TrailerRecognizer.Recognized], bodyEnd: CmarkNode?) {
        var recognized: [TrailerRecognizer.Recognized] = []
        var node = paragraph.lastChild
        // The break before the last line read: it ends the line read next.
        var breakAfter: CmarkNode?
        while true {
            var pieces: [String] = []
            var lineBreak: CmarkNode?
            while let current = node {
                node = current.previous
                if current.type == CMARK_NODE_SOFTBREAK || current.type == CMARK_NODE_LINEBREAK {
                    lineBreak = current
                    break
                }
                pieces.append(current.plainText)
            }
            guard let line = TrailerRecognizer.recognize(pieces.reversed().joined()) else { return (recognized, breakAfter) }
            recognized.append(line)
            guard let lineBreak else { return (recognized, nil) }
            breakAfter = lineBreak
        }
    }
}
