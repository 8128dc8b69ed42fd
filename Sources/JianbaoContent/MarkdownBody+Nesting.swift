import CCmark
#if canImport(Glibc)
import Glibc
#endif
import JianbaoModel
import JianbaoSupport

/// How deeply lists and block quotes nest: refused beyond `maxNesting`, from the text before
/// libcmark reads it and in the tree for what indentation alone nests.
extension MarkdownBody {
    /// How deep lists and block quotes may nest; deeper is an error, not a slow or crashing build.
    static let maxNesting = 32

    func nestingError(at location: SourceLocation) -> Diagnostic {
        .error(at: location, "lists and quotes are nested more than \(Self.maxNesting) levels deep here",
               hint: "a briefing needs two or three levels: check for stray `-`, `*`, `1.` or `>` at the start of lines")
    }

    /// The first line that opens more than `maxNesting` lists or quotes at its start (`> > - - 1. …`),
    /// with the column of the marker that goes too deep. Deeper nesting through indentation needs
    /// long runs of spaces on many lines, is bounded by the file size limit and found in `clean`.
    static func firstTooDeeplyNestedLine(_ markdown: String) -> (line: Int, column: Int)? {
        let bytes = Array(markdown.utf8)
        return firstTooDeeplyNestedLine(bytes, lineStarts: lineStarts(bytes))
    }

    /// As above, on the text's bytes and the offsets where its lines start.
    static func firstTooDeeplyNestedLine(_ bytes: [UInt8], lineStarts: [Int]) -> (line: Int, column: Int)? {
        for (index, start) in lineStarts.enumerated() {
            // Most lines start with text: no marker, nothing to count.
            guard start < bytes.count, Self.mayStartNesting(bytes[start]) else { continue }
            let end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
            if let column = tooDeepColumn(in: bytes[start..<end]) { return (index + 1, column) }
        }
        return nil
    }

    /// Space, tab, `>`, `-`, `*`, `+` or a digit: what `tooDeepColumn` looks past.
    private static func mayStartNesting(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ">"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return false
        }
    }

    private static func tooDeepColumn(in line: ArraySlice<UInt8>) -> Int? {
        var depth = 0
        var index = line.startIndex
        var column = 1
        var markers: Set<UInt8> = []
        func isBlank(_ offset: Int) -> Bool {
            offset == line.endIndex || line[offset] == UInt8(ascii: " ") || line[offset] == UInt8(ascii: "\t")
        }
        while index < line.endIndex {
            let byte = line[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                index = line.index(after: index)
                column += 1
                continue
            }
            var next = line.index(after: index)
            if byte == UInt8(ascii: ">") {
                markers.insert(byte)
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "+") {
                guard isBlank(next) else { break }
                markers.insert(byte)
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                var digits = 1
                while next < line.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(line[next]), digits < 9 {
                    next = line.index(after: next)
                    digits += 1
                }
                guard next < line.endIndex, line[next] == UInt8(ascii: ".") || line[next] == UInt8(ascii: ")") else { break }
                next = line.index(after: next)
                guard isBlank(next) else { break }
                markers.insert(UInt8(ascii: "1"))
            } else {
                break
            }
            depth += 1
            if depth > maxNesting {
                // `- - - - …` alone on its line is a thematic break (a rule), not nesting.
                let rest = line[next...].allSatisfy { $0 == byte || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                if rest && markers.count == 1 && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "+") { return nil }
                return column
            }
            column += line.distance(from: index, to: next)
            index = next
        }
        return nil
    }
}
