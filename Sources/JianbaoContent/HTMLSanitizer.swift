/// Keeps the raw HTML an author may publish and drops the rest.
///
/// Allowed: `<table>` blocks (table structure with `rowspan`, `colspan` and `scope` only) and a short
/// list of inline tags without attributes. Everything else — `<script>`, `<style>`, `<iframe>`, event
/// handlers, `style`, links — is removed; the text inside dropped containers such as `<script>` goes
/// too.
enum HTMLSanitizer {
    static let inlineTags: Set<String> = ["b", "strong", "i", "em", "u", "s", "sub", "sup", "br", "small", "mark", "span", "code"]
    static let tableTags: Set<String> = ["table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "p"]
    /// Containers whose content is dropped with them.
    static let droppedWithContent: Set<String> = ["script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "title", "svg", "math", "select"]
    static let voidTags: Set<String> = ["br", "col", "img", "hr", "input", "meta", "link"]

    /// Whether a raw HTML block is a table an author may publish.
    static func isTableBlock(_ html: String) -> Bool {
        let start = html.drop(while: \.isWhitespace).prefix(6).lowercased()
        return start == "<table"
    }

    /// The table block with only allowed tags and attributes left.
    static func sanitizeTable(_ html: String) -> String {
        sanitize(html, allowed: tableTags.union(inlineTags), allowedAttributes: ["rowspan", "colspan", "scope"])
    }

    /// One inline tag (cmark gives each tag as its own node): the canonical tag, or nil to drop it.
    static func sanitizeInlineTag(_ html: String) -> String? {
        let result = sanitize(html, allowed: inlineTags, allowedAttributes: [])
        return result.isEmpty ? nil : result
    }

    static func sanitize(_ html: String, allowed: Set<String>, allowedAttributes: Set<String>) -> String {
        let bytes = Array(html.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var skippingUntil: String?  // a dropped container's closing tag
        while index < bytes.count {
            let byte = bytes[index]
            if byte != UInt8(ascii: "<") {
                if skippingUntil == nil {
                    if byte == UInt8(ascii: ">") {
                        output.append(contentsOf: Array("&gt;".utf8))
                    } else {
                        output.append(byte)
                    }
                }
                index += 1
                continue
            }
            // Comments, doctypes, processing instructions: dropped.
            if starts(bytes, at: index, with: "<!--") {
                index = find(bytes, "-->", from: index + 4).map { $0 + 3 } ?? bytes.count
                continue
            }
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "!") || bytes[index + 1] == UInt8(ascii: "?") {
                index = find(bytes, ">", from: index).map { $0 + 1 } ?? bytes.count
                continue
            }
            guard let tag = parseTag(bytes, at: index) else {
                if skippingUntil == nil { output.append(contentsOf: Array("&lt;".utf8)) }
                index += 1
                continue
            }
            index = tag.end
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
                if !voidTags.contains(tag.name) { output.append(contentsOf: Array("</\(tag.name)>".utf8)) }
                continue
            }
            var rebuilt = "<" + tag.name
            for (name, value) in tag.attributes where allowedAttributes.contains(name) {
                if name == "scope" {
                    guard ["row", "col", "rowgroup", "colgroup"].contains(value.lowercased()) else { continue }
                } else {
                    guard !value.isEmpty, value.count <= 4, value.allSatisfy({ $0.isASCII && $0.isNumber }) else { continue }
                }
                rebuilt += " \(name)=\"\(value.lowercased())\""
            }
            rebuilt += ">"
            output.append(contentsOf: Array(rebuilt.utf8))
        }
        return String(decoding: output, as: UTF8.self)
    }

    struct Tag {
        var name: String
        var isClosing: Bool
        var selfClosing: Bool
        var attributes: [(String, String)]
        var end: Int
    }

    /// Parses `<name attr="v" …>` at `start`; nil when it is not a tag (a lone `<` in text).
    static func parseTag(_ bytes: [UInt8], at start: Int) -> Tag? {
        var index = start + 1
        var isClosing = false
        if index < bytes.count && bytes[index] == UInt8(ascii: "/") {
            isClosing = true
            index += 1
        }
        let nameStart = index
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        guard index > nameStart, isLetter(bytes[nameStart]) else { return nil }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
        var attributes: [(String, String)] = []
        var selfClosing = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") {
                return Tag(name: name, isClosing: isClosing, selfClosing: selfClosing, attributes: attributes, end: index + 1)
            }
            if byte == UInt8(ascii: "/") {
                selfClosing = true
                index += 1
                continue
            }
            if isSpace(byte) {
                index += 1
                continue
            }
            let attributeStart = index
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="),
                  bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") { index += 1 }
            let attributeName = String(decoding: bytes[attributeStart..<index], as: UTF8.self).lowercased()
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            var value = ""
            if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                index += 1
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                guard index < bytes.count else { return nil }
                let quote = bytes[index]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    guard let close = bytes[(index + 1)...].firstIndex(of: quote) else { return nil }
                    value = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
                    index = close + 1
                } else {
                    let valueStart = index
                    while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                    value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                }
            }
            if !attributeName.isEmpty { attributes.append((attributeName, value.trimmingSpaces)) }
        }
        return nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static func starts(_ bytes: [UInt8], at index: Int, with prefix: String) -> Bool {
        let pattern = Array(prefix.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        return Array(bytes[index..<(index + pattern.count)]) == pattern
    }

    private static func find(_ bytes: [UInt8], _ needle: String, from start: Int) -> Int? {
        let pattern = Array(needle.utf8)
        guard pattern.count <= bytes.count else { return nil }
        var index = start
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0] && Array(bytes[index..<(index + pattern.count)]) == pattern { return index }
            index += 1
        }
        return nil
    }
}

/// URLs an author may link to: no script or data URLs, which run code or hide content.
enum URLPolicy {
    static func isSafe(_ url: String) -> Bool {
        let compact = url.unicodeScalars.filter { $0.value > 0x20 }.map(Character.init)
        let lower = String(compact).lowercased()
        guard let colon = lower.firstIndex(of: ":") else { return true }
        let scheme = lower[..<colon]
        // A colon after a slash, `?` or `#` is part of a path, not a scheme.
        if scheme.contains(where: { "/?#".contains($0) }) { return true }
        return ["http", "https", "mailto", "tel"].contains(String(scheme))
    }

    /// A relative path to a file of the site (not a web address, not a fragment).
    static func isLocalPath(_ url: String) -> Bool {
        !url.isEmpty && !url.hasPrefix("#") && !url.hasPrefix("/") && !url.contains(":") && !url.hasPrefix("?")
    }
}
