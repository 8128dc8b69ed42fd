/// The text a reader sees in a piece of jianbao's sanitised HTML, for the search index: tags
/// dropped, block ends and table cells turned into line breaks or spaces (so no bigram joins the
/// last character of one paragraph or cell to the first of the next), entities decoded.
enum PlainText {
    /// Tags after which the text continues on a new line.
    static let blockTags: Set<String> = [
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "thead", "tbody",
        "blockquote", "figure", "figcaption", "caption", "section", "article", "dl", "dt", "dd", "br", "pre", "hr",
    ]

    /// Works on Unicode scalars, not Characters: the grapheme breaking of a Character walk was most
    /// of the search index's cost.
    static func fromHTML(_ html: String) -> String {
        let scalars = Array(html.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<", let close = scalars[index...].firstIndex(of: ">") {
                var nameStart = index + 1
                while nameStart < close && scalars[nameStart] == "/" { nameStart += 1 }
                var nameEnd = nameStart
                while nameEnd < close && isNameScalar(scalars[nameEnd]) {
                    nameEnd += 1
                }
                let name = String(String.UnicodeScalarView(scalars[nameStart..<nameEnd])).lowercased()
                if blockTags.contains(name) {
                    appendBreak("\n", to: &output)
                } else if name == "td" || name == "th" {
                    appendBreak(" ", to: &output)
                }
                index = close + 1
            } else if scalar == "&", let semicolon = scalars[index..<min(index + 12, scalars.count)].firstIndex(of: ";"),
                      let decoded = decodeEntity(String(String.UnicodeScalarView(scalars[(index + 1)..<semicolon]))[...]) {
                output.append(contentsOf: decoded.unicodeScalars)
                index = semicolon + 1
            } else {
                if isWhitespace(scalar) {
                    if scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n" { index += 1 }
                    appendBreak(scalar == "\n" || scalar == "\r" ? "\n" : " ", to: &output)
                } else {
                    output.append(scalar)
                }
                index += 1
            }
        }
        return tidy(String(output))
    }

    /// Lines trimmed, runs of spaces made one, empty lines dropped (on bytes: only U+0020 and U+000A count).
    static func tidy(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var pendingSpace = false, pendingLine = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\n"):
                pendingSpace = false
                if !output.isEmpty { pendingLine = true }
            case UInt8(ascii: " "):
                if !output.isEmpty && !pendingLine { pendingSpace = true }
            default:
                if pendingLine {
                    output.append(UInt8(ascii: "\n"))
                } else if pendingSpace {
                    output.append(UInt8(ascii: " "))
                }
                pendingLine = false
                pendingSpace = false
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// ASCII answered without the Unicode tables (nearly every scalar of a tag name, most of the text's white space).
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        if scalar.value >= 0x3400 && scalar.value < 0xFE00 { return false }  // CJK, Yi, Hangul: none is white space
        return scalar.properties.isWhitespace
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return (0x30...0x39).contains(scalar.value) || (0x41...0x5A).contains(scalar.value) || (0x61...0x7A).contains(scalar.value) }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    private static func appendBreak(_ separator: Unicode.Scalar, to output: inout String.UnicodeScalarView) {
        guard let last = output.last else { return }
        if last == "\n" { return }
        if last == " " {
            if separator == "\n" { output.removeLast(); output.append("\n") }
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
