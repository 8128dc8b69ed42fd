import JianbaoSupport

/// Keeps the raw HTML an author may publish and drops the rest.
///
/// Allowed: `<table>` blocks (table structure with `rowspan`, `colspan` and `scope` only) and a short
/// list of inline tags without attributes. Everything else — `<script>`, `<style>`, `<iframe>`, event
/// handlers, `style`, links — is removed; the text inside dropped containers such as `<script>` goes
/// too. The raw HTML is read once, left to right (`HTMLTagReader`), and the kept tags are written
/// anew; a table block comes out balanced (`TagBalancer`), so nothing it opens stays open after it.
enum HTMLSanitizer {
    static let inlineTags: Set<String> = ["b", "strong", "i", "em", "u", "s", "sub", "sup", "br", "small", "mark", "span", "code"]
    static let tableTags: Set<String> = ["table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "p"]
    /// Containers whose content is dropped with them.
    static let droppedWithContent: Set<String> = ["script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "title", "svg", "math", "select"]
    static let voidTags: Set<String> = ["br", "col", "img", "hr", "input", "meta", "link"]
    /// The inline tags, for messages.
    static let inlineTagList = inlineTags.sorted().joined(separator: " ")

    /// A sanitised table block, and whether a tag in it was never ended with `>` (the rest of the
    /// block, which a browser would read as part of that tag, is then left out).
    struct Table {
        var html: String
        /// The byte offset of the unended tag's `<` in the block.
        var unendedTagOffset: Int?
    }

    /// Whether a raw HTML block is a table an author may publish.
    static func isTableBlock(_ html: String) -> Bool {
        let start = html.drop(while: \.isWhitespace).prefix(6).lowercased()
        return start == "<table"
    }

    /// The table block with only allowed tags and attributes left, every element it opens closed.
    static func sanitizeTable(_ html: String) -> Table {
        var balancer: TagBalancer? = TagBalancer()
        let result = sanitize(html, allowed: tableTags.union(inlineTags), allowedAttributes: ["rowspan", "colspan", "scope"],
                              balancer: &balancer)
        return Table(html: result.html, unendedTagOffset: result.unendedTagOffset)
    }

    /// One inline tag (cmark gives each tag as its own node): the canonical tag, or nil to drop it.
    /// Inline tags are balanced per paragraph by `MarkdownBody`, which sees them all.
    static func sanitizeInlineTag(_ html: String) -> String? {
        if let simple = simpleTag(html) {
            // `<b>`, `</SPAN>`: most inline tags have no attributes; no need to read them in full.
            guard inlineTags.contains(simple.name) else { return nil }
            if simple.isClosing { return voidTags.contains(simple.name) ? nil : "</\(simple.name)>" }
            return "<\(simple.name)>"
        }
        var balancer: TagBalancer?
        let result = sanitize(html, allowed: inlineTags, allowedAttributes: [], balancer: &balancer)
        return result.html.isEmpty ? nil : result.html
    }

    /// The lower-case name of a tag that is only `<name>` or `</name>`; nil for anything else.
    private static func simpleTag(_ html: String) -> (name: String, isClosing: Bool)? {
        let bytes = html.utf8
        guard bytes.count >= 3, bytes.count <= 16, bytes.first == UInt8(ascii: "<"), bytes.last == UInt8(ascii: ">") else { return nil }
        let isClosing = bytes.dropFirst().first == UInt8(ascii: "/")
        let name = bytes.dropFirst(isClosing ? 2 : 1).dropLast()
        guard let first = name.first, (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z"),
              name.allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") || ($0 >= 0x30 && $0 <= 0x39) })
        else { return nil }
        return (String(decoding: name, as: UTF8.self).lowercased(), isClosing)
    }

    /// One pass over the bytes: every step moves forward, so the time is linear in the input.
    static func sanitize(_ html: String, allowed: Set<String>, allowedAttributes: Set<String>,
                         balancer: inout TagBalancer?) -> (html: String, unendedTagOffset: Int?) {
        var reader = HTMLTagReader(Array(html.utf8))
        var output: [UInt8] = []
        output.reserveCapacity(reader.bytes.count)
        var skippingUntil: String?  // a dropped container's closing tag
        var unended: Int?
        scanning: while let token = reader.next() {
            switch token {
            case .text(let range):
                guard skippingUntil == nil else { continue }
                appendText(reader.bytes[range], to: &output)
            case .lessThan:
                if skippingUntil == nil { output += "&lt;".utf8 }
            case .ignored:
                continue
            case .unended(let offset):
                unended = offset
                break scanning
            case .tag(let tag):
                if let closing = skippingUntil {
                    if tag.isClosing && tag.name == closing { skippingUntil = nil }
                    continue
                }
                if droppedWithContent.contains(tag.name) {
                    if !tag.isClosing && !tag.selfClosing { skippingUntil = tag.name }
                    continue
                }
                guard allowed.contains(tag.name) else { continue }
                if tag.isClosing {
                    if voidTags.contains(tag.name) { continue }
                    if balancer != nil { balancer?.close(tag.name, into: &output) } else { output += "</\(tag.name)>".utf8 }
                    continue
                }
                if !voidTags.contains(tag.name) { balancer?.open(tag.name, into: &output) }
                output += canonicalOpening(tag, allowedAttributes: allowedAttributes).utf8
            }
        }
        balancer?.closeAll(into: &output)
        return (String(decoding: output, as: UTF8.self), unended)
    }

    /// Text between tags: `>` escaped, a character reference to a control character (`&#11;`) left
    /// out, everything else as it is.
    private static func appendText(_ text: ArraySlice<UInt8>, to output: inout [UInt8]) {
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: ">") {
                output += "&gt;".utf8
            } else if byte == UInt8(ascii: "&"), let end = controlCharacterReference(in: text, at: index) {
                index = end
                continue
            } else {
                output.append(byte)
            }
            index += 1
        }
    }

    /// The end of `&#11;` or `&#x0B;` at `start` when it names a control character (or NUL), which
    /// no published page may carry; nil for any other text.
    private static func controlCharacterReference(in text: ArraySlice<UInt8>, at start: Int) -> Int? {
        var index = start + 1
        guard index < text.endIndex, text[index] == UInt8(ascii: "#") else { return nil }
        index += 1
        let hex = index < text.endIndex && (text[index] | 0x20) == UInt8(ascii: "x")
        if hex { index += 1 }
        var value: UInt32 = 0
        let digitsStart = index
        while index < text.endIndex, index - digitsStart < 8 {
            let byte = text[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: digit = .max
            }
            if digit == .max { break }
            value = value * (hex ? 16 : 10) + digit
            index += 1
        }
        guard index > digitsStart else { return nil }
        // Browsers end a reference at the first non-digit even without `;`.
        if index < text.endIndex, text[index] == UInt8(ascii: ";") { index += 1 }
        // 128–159 are not controls here: browsers read them as Windows-1252 (`&#150;` is a dash).
        guard value == 0 || !(0x80...0x9F).contains(value) && Unicode.Scalar(value).map(ControlCharacters.isForbidden) == true
        else { return nil }
        return index
    }

    /// `<td rowspan="2">`: the tag with its allowed attributes only, each value checked.
    private static func canonicalOpening(_ tag: HTMLTagReader.Tag, allowedAttributes: Set<String>) -> String {
        var rebuilt = "<" + tag.name
        for (name, value) in tag.attributes where allowedAttributes.contains(name) {
            if name == "scope" {
                guard ["row", "col", "rowgroup", "colgroup"].contains(value.lowercased()) else { continue }
            } else {
                guard !value.isEmpty, value.count <= 4, value.allSatisfy({ $0.isASCII && $0.isNumber }) else { continue }
            }
            rebuilt += " \(name)=\"\(value.lowercased())\""
        }
        return rebuilt + ">"
    }
}
