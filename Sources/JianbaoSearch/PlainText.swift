import JianbaoSupport

/// The text a reader sees in a piece of jianbao's sanitised HTML, for the search index: tags
/// dropped, block ends and table cells turned into line breaks or spaces (so no bigram joins the
/// last character of one paragraph or cell to the first of the next), entities decoded.
enum PlainText {
    /// Tags after which the text continues on a new line.
    static let blockTags: Set<String> = [
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "thead", "tbody",
        "blockquote", "figure", "figcaption", "caption", "section", "article", "dl", "dt", "dd", "br", "pre", "hr",
    ]

    /// Works on the UTF-8 bytes: tags, entities and nearly all white space are ASCII, and every
    /// other character is copied as it is; only a non-ASCII scalar that may be white space or part
    /// of a tag name is decoded.
    static func fromHTML(_ html: String) -> String {
        var html = html
        return html.withUTF8 { source in
            var output: [UInt8] = []
            output.reserveCapacity(source.count)
            let count = source.count
            var index = 0
            while index < count {
                // a run of characters that are copied as they are
                var runEnd = index
                while runEnd < count && isPlain(source[runEnd]) { runEnd += 1 }
                if runEnd > index {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: source[index..<runEnd]))
                    index = runEnd
                    continue
                }
                let byte = source[index]
                if byte == UInt8(ascii: "<"), let close = firstIndex(of: UInt8(ascii: ">"), in: source, from: index + 1) {
                    switch tagBreak(source[(index + 1)..<close]) {
                    case .line: appendBreak(UInt8(ascii: "\n"), to: &output)
                    case .cell: appendBreak(UInt8(ascii: " "), to: &output)
                    case .none: break
                    }
                    index = close + 1
                } else if byte == UInt8(ascii: "&"), let (decoded, next) = entity(in: source, at: index) {
                    output += decoded
                    index = next
                } else if byte < 0x80 {
                    if byte == UInt8(ascii: " ") || (0x09...0x0D).contains(byte) {
                        if byte == UInt8(ascii: "\r") && index + 1 < count && source[index + 1] == UInt8(ascii: "\n") { index += 1 }
                        appendBreak(byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") ? UInt8(ascii: "\n") : UInt8(ascii: " "), to: &output)
                    } else {
                        output.append(byte)
                    }
                    index += 1
                } else {
                    let length = byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                    if isWhitespace(scalar(in: source, at: index, length: length)) {
                        appendBreak(UInt8(ascii: " "), to: &output)
                    } else {
                        output.append(contentsOf: UnsafeBufferPointer(rebasing: source[index..<(index + length)]))
                    }
                    index += length
                }
            }
            return output.withUnsafeBufferPointer { tidy(bytes: $0) }
        }
    }

    /// Lines trimmed, runs of spaces made one, empty lines dropped (on bytes: only U+0020 and U+000A count).
    static func tidy(_ text: String) -> String {
        var text = text
        return text.withUTF8 { tidy(bytes: $0) }
    }

    private static func tidy(bytes text: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var pendingSpace = false, pendingLine = false
        var index = 0
        while index < text.count {
            switch text[index] {
            case UInt8(ascii: "\n"):
                pendingSpace = false
                if !output.isEmpty { pendingLine = true }
                index += 1
            case UInt8(ascii: " "):
                if !output.isEmpty && !pendingLine { pendingSpace = true }
                index += 1
            default:
                if pendingLine {
                    output.append(UInt8(ascii: "\n"))
                } else if pendingSpace {
                    output.append(UInt8(ascii: " "))
                }
                pendingLine = false
                pendingSpace = false
                var runEnd = index + 1
                while runEnd < text.count && text[runEnd] != UInt8(ascii: " ") && text[runEnd] != UInt8(ascii: "\n") { runEnd += 1 }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<runEnd]))
                index = runEnd
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A byte that `fromHTML` copies as it is: not the start of a tag, an entity or ASCII white space,
    /// nor the first byte of a character that may be white space (U+0085, U+00A0, U+1680, U+2000–U+205F,
    /// U+3000; every other lead byte starts a character that never is).
    @inline(__always)
    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "<"), UInt8(ascii: "&"), UInt8(ascii: " "), 0x09...0x0D, 0xC2, 0xE1, 0xE2, 0xE3: false
        default: true
        }
    }

    private enum TagBreak { case line, cell, none }

    /// What a tag (the bytes between `<` and `>`) ends: a line, a table cell, or nothing. Its name is
    /// what follows any `/`, up to the first character that is not a letter or digit (Unicode's, as
    /// HTML allows; a name with any non-ASCII letter is not one of jianbao's tags unless it lower-cases
    /// to one, which the slow path asks Swift).
    private static func tagBreak(_ tag: UnsafeBufferPointer<UInt8>.SubSequence) -> TagBreak {
        var start = tag.startIndex
        while start < tag.endIndex && tag[start] == UInt8(ascii: "/") { start += 1 }
        var end = start
        var ascii = true
        while end < tag.endIndex {
            let byte = tag[end]
            if byte < 0x80 {
                guard isASCIIAlphanumeric(byte) else { break }
                end += 1
            } else {
                let length = byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                let scalar = scalar(in: UnsafeBufferPointer(rebasing: tag.base[end..<(end + length)]), at: 0, length: length)
                guard scalar.properties.isAlphabetic || scalar.properties.numericType != nil else { break }
                ascii = false
                end += length
            }
        }
        guard end > start else { return .none }
        let name: String
        if ascii {
            name = String(decoding: tag[start..<end].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
        } else {
            name = String(decoding: UnsafeBufferPointer(rebasing: tag.base[start..<end]), as: UTF8.self).lowercased()
        }
        if blockTags.contains(name) { return .line }
        return name == "td" || name == "th" ? .cell : .none
    }

    /// The decoded bytes of the entity at `index` (an `&`) and the index after its `;`, or nil when
    /// no known entity starts there. The `;` must come within 11 characters of the `&`.
    private static func entity(in source: UnsafeBufferPointer<UInt8>, at index: Int) -> ([UInt8], Int)? {
        var semicolon = index + 1
        let limit = min(index + 12, source.count)
        while semicolon < limit && source[semicolon] != UInt8(ascii: ";") {
            // a name with a non-ASCII character is no entity
            if source[semicolon] >= 0x80 { return nil }
            semicolon += 1
        }
        guard semicolon < limit else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: source[(index + 1)..<semicolon]), as: UTF8.self)
        guard let decoded = decodeEntity(name[...]) else { return nil }
        return (Array(String(decoded).utf8), semicolon + 1)
    }

    private static func firstIndex(of wanted: UInt8, in source: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index < source.count {
            if source[index] == wanted { return index }
            index += 1
        }
        return nil
    }

    /// The scalar of the `length`-byte UTF-8 sequence at `index` (valid: it comes from a String).
    private static func scalar(in source: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> Unicode.Scalar {
        var value = UInt32(source[index]) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length { value = value << 6 | UInt32(source[index + offset] & 0x3F) }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// Non-ASCII white space (the ASCII kind is answered on bytes): CJK, Yi and Hangul have none.
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value >= 0x3400 && scalar.value < 0xFE00 { return false }
        return scalar.properties.isWhitespace
    }

    /// A line break or a space, unless the text is empty or already ends in one (a line break wins).
    private static func appendBreak(_ separator: UInt8, to output: inout [UInt8]) {
        guard let last = output.last else { return }
        if last == UInt8(ascii: "\n") { return }
        if last == UInt8(ascii: " ") {
            if separator == UInt8(ascii: "\n") { output[output.count - 1] = separator }
            return
        }
        output.append(separator)
    }

    private static func decodeEntity(_ name: Substring) -> Character? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos", "#39": return "'"
        case "nbsp": return " "
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X")
                ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init).map(Character.init)
        }
    }
}
