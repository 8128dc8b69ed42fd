/// The text a reader sees in a piece of jianbao's sanitised HTML, for the search index: tags
/// dropped, block ends and table cells turned into line breaks or spaces (so no bigram joins the
/// last character of one paragraph or cell to the first of the next), entities decoded.
enum PlainText {
    /// Tags after which the text continues on a new line.
    static let blockTags: Set<String> = [
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "thead", "tbody",
        "blockquote", "figure", "figcaption", "caption", "section", "article", "dl", "dt", "dd", "br", "pre", "hr",
    ]

    static func fromHTML(_ html: String) -> String {
        var output = ""
        output.reserveCapacity(html.utf8.count / 2)
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            if character == "<", let close = html[index...].firstIndex(of: ">") {
                let tag = html[html.index(after: index)..<close]
                let name = tag.drop(while: { $0 == "/" }).prefix(while: { $0.isLetter || $0.isNumber }).lowercased()
                if blockTags.contains(name) {
                    appendBreak("\n", to: &output)
                } else if name == "td" || name == "th" {
                    appendBreak(" ", to: &output)
                }
                index = html.index(after: close)
            } else if character == "&", let semicolon = html[index...].prefix(12).firstIndex(of: ";"),
                      let decoded = decodeEntity(html[html.index(after: index)..<semicolon]) {
                output.append(decoded)
                index = html.index(after: semicolon)
            } else {
                if character.isWhitespace {
                    appendBreak(character == "\n" || character == "\r\n" ? "\n" : " ", to: &output)
                } else {
                    output.append(character)
                }
                index = html.index(after: index)
            }
        }
        return tidy(output)
    }

    /// Lines trimmed, runs of spaces made one, empty lines dropped.
    static func tidy(_ text: String) -> String {
        text.split(separator: "\n").map { line in
            line.split(whereSeparator: { $0 == " " }).joined(separator: " ")
        }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    private static func appendBreak(_ separator: Character, to output: inout String) {
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
