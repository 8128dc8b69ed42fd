import JianbaoSupport
import Yams

extension YAMLFields {
    /// The pairs of YAML made only of `key: value` lines (a lowercase key at the start of the line, a
    /// plain value on one line), such as most front matter: `number: 19` and `date: 2024-01-12`.
    /// Read without libyaml, which cost more than the rest of loading a document's fields; nil for
    /// anything else, which Yams then reads (and reports on, when it is wrong).
    ///
    /// It accepts only what libyaml reads as the same plain scalars at the same lines and columns
    /// (`SimpleYAMLTests` compares the two): no quotes, indicators at the start of a value, comments,
    /// `: ` inside a value, tabs, blank lines, control or line-separator characters, characters
    /// outside the Basic Multilingual Plane, or repeated keys.
    static func simpleMapping(_ yaml: String, file: String, lineOffset: Int) -> [Pair]? {
        var yaml = yaml
        return yaml.withUTF8 { bytes -> [Pair]? in
            guard !bytes.isEmpty else { return nil }
            var pairs: [Pair] = []
            var keys: Set<String> = []
            var lineStart = 0
            var lineNumber = 1
            while true {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                guard let (key, value) = Self.simplePair(bytes, lineStart..<lineEnd) else { return nil }
                let keyText = String(decoding: UnsafeBufferPointer(rebasing: bytes[key]), as: UTF8.self)
                guard keys.insert(keyText).inserted else { return nil }
                var scalar = Node.Scalar(String(decoding: UnsafeBufferPointer(rebasing: bytes[value]), as: UTF8.self))
                scalar.style = .plain
                let line = lineNumber + lineOffset
                pairs.append(Pair(key: keyText, keyLocation: SourceLocation(file: file, line: line, column: 1),
                                  value: .scalar(scalar),
                                  valueLocation: SourceLocation(file: file, line: line, column: value.lowerBound - lineStart + 1)))
                guard lineEnd < bytes.count else { return pairs }
                lineStart = lineEnd + 1
                lineNumber += 1
            }
        }
    }

    /// The key's and the value's bytes on a `key: value` line, or nil when the line is anything else.
    private static func simplePair(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> (key: Range<Int>, value: Range<Int>)? {
        var index = line.lowerBound
        guard index < line.upperBound, isLowercaseLetter(bytes[index]) else { return nil }
        while index < line.upperBound, isLowercaseLetter(bytes[index]) || isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "_") {
            index += 1
        }
        let key = line.lowerBound..<index
        guard key.count <= 64, index + 1 < line.upperBound, bytes[index] == UInt8(ascii: ":"),
              bytes[index + 1] == UInt8(ascii: " ") else { return nil }
        index += 1
        while index < line.upperBound && bytes[index] == UInt8(ascii: " ") { index += 1 }
        guard index < line.upperBound, !isIndicator(bytes[index]) else { return nil }
        let valueStart = index
        var valueEnd = index
        while index < line.upperBound {
            let byte = bytes[index]
            let next: UInt8 = index + 1 < line.upperBound ? bytes[index + 1] : 0
            switch byte {
            case UInt8(ascii: ":"):
                // `: ` or `:` at the end makes the value a mapping key.
                if next == 0 || next == UInt8(ascii: " ") { return nil }
            case UInt8(ascii: " "):
                // ` #` starts a comment.
                if next == UInt8(ascii: "#") { return nil }
            case 0..<0x20, 0x7F:
                return nil
            case 0xC2:
                // U+0080–U+009F: control characters, and NEL, a line break to libyaml.
                if next < 0xA0 { return nil }
            case 0xE2:
                // U+2028 and U+2029 break lines in YAML.
                if next == 0x80, index + 2 < line.upperBound, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { return nil }
            case 0xEF:
                // U+FEFF (a byte order mark), U+FFFE and U+FFFF.
                let third: UInt8 = index + 2 < line.upperBound ? bytes[index + 2] : 0
                if (next == 0xBB && third == 0xBF) || (next == 0xBF && (third == 0xBE || third == 0xBF)) { return nil }
            case 0xF0...:
                return nil
            default:
                break
            }
            index += 1
            if byte != UInt8(ascii: " ") { valueEnd = index }
        }
        return (key, valueStart..<valueEnd)
    }

    private static func isLowercaseLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    /// Characters that give a value's first character another meaning than text.
    private static func isIndicator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
             UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
             UInt8(ascii: "`"):
            return true
        default:
            return false
        }
    }
}
