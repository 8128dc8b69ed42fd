import Foundation

/// Finds markup in a rendered page that could run code: a `<script>`, `<iframe>`, `<style>` …
/// element, an `on…=` event attribute, or a `javascript:`, `vbscript:` or `data:` address.
///
/// It reads every tag of the page, so it holds for any content. The templates themselves use none
/// of these but their own scripts and search forms, which `withoutTemplateMarkup` removes exactly
/// before a page is audited. Shared by the hostile-content tests and the fuzz target (Fuzz/, through a link).
enum HTMLAudit {
    /// The problems of a whole rendered page, once the templates' own markup is taken out.
    static func problems(inPage html: String) -> [String] {
        problems(in: withoutTemplateMarkup(html))
    }

    /// The templates' own scripts (print.js, search.js, elder.js) and search forms: the only ones a page may
    /// carry, and none of them made from what an author wrote. Removed before the audit, exactly.
    static func withoutTemplateMarkup(_ html: String) -> String {
        let patterns = [
            // Relative from a page, or from the site's path on the 404 page (which may be served anywhere).
            #"<script src="((\.\./)*|(/[A-Za-z0-9._-]+)*/)(print|search|elder)\.js"( defer)?></script>"#,
            #"<form class="(site-search|search-form)" role="search" action="((\.\./)*|(/[A-Za-z0-9._-]+)*/)(search/)?index\.html" method="get">"#,
            #"</form>"#,
        ]
        var result = html
        for pattern in patterns {
            result = result.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
        }
        return result
    }

    static let forbiddenElements: Set<String> = ["script", "iframe", "style", "object", "embed", "frame", "frameset", "base", "form", "svg", "math"]
    static let addressAttributes: Set<String> = ["href", "src", "action", "formaction", "poster", "srcset", "xlink:href", "background", "cite"]
    static let forbiddenSchemes = ["javascript:", "vbscript:", "data:"]

    /// Each problem found, e.g. "<script>" or "onerror= on <img>"; empty when the page is clean.
    static func problems(in html: String) -> [String] {
        let bytes = Array(html.utf8)
        var problems: [String] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count else {
                index += 1
                continue
            }
            var cursor = index + 1
            if bytes[cursor] == UInt8(ascii: "/") { cursor += 1 }
            let nameStart = cursor
            while cursor < bytes.count, isNameByte(bytes[cursor]) { cursor += 1 }
            guard cursor > nameStart else {
                index += 1
                continue
            }
            let name = String(decoding: bytes[nameStart..<cursor], as: UTF8.self).lowercased()
            if forbiddenElements.contains(name) { problems.append("<\(name)>") }
            // Attributes up to the closing `>`, honouring quotes.
            while cursor < bytes.count, bytes[cursor] != UInt8(ascii: ">") {
                if isSpace(bytes[cursor]) || bytes[cursor] == UInt8(ascii: "/") {
                    cursor += 1
                    continue
                }
                let attributeStart = cursor
                while cursor < bytes.count, !isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: "="), bytes[cursor] != UInt8(ascii: ">") { cursor += 1 }
                let attribute = String(decoding: bytes[attributeStart..<cursor], as: UTF8.self).lowercased()
                var value = ""
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") {
                    cursor += 1
                    if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") {
                        let quote = bytes[cursor]
                        let valueStart = cursor + 1
                        cursor = valueStart
                        while cursor < bytes.count, bytes[cursor] != quote { cursor += 1 }
                        value = String(decoding: bytes[valueStart..<min(cursor, bytes.count)], as: UTF8.self)
                        cursor += 1
                    } else {
                        let valueStart = cursor
                        while cursor < bytes.count, !isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: ">") { cursor += 1 }
                        value = String(decoding: bytes[valueStart..<cursor], as: UTF8.self)
                    }
                }
                if attribute.hasPrefix("on") { problems.append("\(attribute)= on <\(name)>") }
                if addressAttributes.contains(attribute) {
                    let address = compact(decodingEntities(value))
                    if let scheme = forbiddenSchemes.first(where: { address.hasPrefix($0) }) {
                        problems.append("\(attribute)=\"\(scheme)…\" on <\(name)>")
                    }
                }
            }
            index = cursor
        }
        return problems
    }

    /// The value as a browser reads an address: numeric entities and `&colon;` decoded.
    static func decodingEntities(_ value: String) -> String {
        guard value.contains("&") else { return value }
        var result = ""
        var rest = Substring(value)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            rest = rest[ampersand...]
            guard let semicolon = rest.firstIndex(of: ";"), rest.distance(from: rest.startIndex, to: semicolon) <= 12 else {
                result.append("&")
                rest = rest.dropFirst()
                continue
            }
            let entity = rest[rest.index(after: rest.startIndex)..<semicolon].lowercased()
            var scalar: Unicode.Scalar?
            if entity.hasPrefix("#x") {
                scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
            } else if entity.hasPrefix("#") {
                scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init)
            } else {
                scalar = ["colon": ":", "tab": "\t", "newline": "\n", "amp": "&"][entity].map { Unicode.Scalar($0) }
            }
            if let scalar {
                result.unicodeScalars.append(scalar)
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result.append("&")
                rest = rest.dropFirst()
            }
        }
        return result + rest
    }

    /// Lower case, without the spaces and control characters browsers skip in a scheme.
    static func compact(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value > 0x20 })).lowercased()
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }
}
