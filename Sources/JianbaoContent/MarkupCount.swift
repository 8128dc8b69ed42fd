/// Counts what can become a node of libcmark's tree before libcmark builds it: lines, and the bytes
/// that start inline markup (`*`, `_`, `` ` ``, `[`, `<`, `&`, `\`). A raw `<table>` block is one
/// node however many tags it holds: its lines are not counted, from a line that starts (after at most
/// three spaces) with `<table` to the next blank line, where libcmark ends such a block too.
enum MarkupCount {
    /// The 1-based line on which the count passes `limit`, or nil when it never does.
    static func lineExceeding(_ limit: Int, in text: String) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            var count = 0
            var line = 1
            var lineStart = 0
            var inTable = false
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                let content = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                if inTable {
                    inTable = !isBlank(content)
                } else {
                    inTable = startsTable(content)
                    count += 1
                    if !inTable {
                        for byte in content where isMarkup(byte) { count += 1 }
                    }
                    if count > limit { return line }
                }
                line += 1
                lineStart = lineEnd + 1
            }
            return nil
        }
    }

    private static func isMarkup(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "["), UInt8(ascii: "<"), UInt8(ascii: "&"),
             UInt8(ascii: "\\"):
            return true
        default:
            return false
        }
    }

    private static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }

    /// `<table` followed by a space, `>`, `/` or the end of the line, after at most three spaces.
    private static func startsTable(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < line.count && index < 3 && line[index] == UInt8(ascii: " ") { index += 1 }
        let tag = Array("<table".utf8)
        guard index + tag.count <= line.count else { return false }
        for (offset, byte) in tag.enumerated() where line[index + offset] | (offset > 0 ? 0x20 : 0) != byte { return false }
        let after = index + tag.count
        guard after < line.count else { return true }
        let next = line[after]
        return next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") || next == UInt8(ascii: ">") || next == UInt8(ascii: "/")
    }
}
