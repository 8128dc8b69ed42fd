import Mustache

/// swift-mustache's HTML escaping, done on bytes. The library's own escaper walks the text Character
/// by Character with a dictionary lookup, which was a tenth of a large build's time; this one gives
/// the same bytes for every text. `TemplateSet` puts `{{% CONTENT_TYPE: JIANBAO_HTML}}` before
/// every template, so templates use it without writing the pragma (a template's own pragma still wins).
struct TemplateHTMLEscaping: MustacheContentType {
    /// The pragma's name for this content type.
    static let name = "JIANBAO_HTML"

    /// Registers the content type with swift-mustache (once; parsing a template needs it registered).
    static let registered: Bool = {
        MustacheContentTypes.register(TemplateHTMLEscaping(), named: name)
        return true
    }()

    /// What goes before a template's text: the pragma on a line of its own, which the parser drops
    /// as a standalone tag, so the template's own text parses into the same tokens as without it.
    static let pragmaLine = "{{% CONTENT_TYPE: \(name)}}\n"

    func escapeText(_ text: String) -> String {
        Self.escaped(text)
    }

    /// `text` with `< > & " '` replaced by `&lt; &gt; &amp; &quot; &#39;`, as swift-mustache does.
    ///
    /// The library compares Characters (grapheme clusters), so a `"` followed by a combining mark is
    /// one Character, not `"`, and stays as it is. A special byte with only ASCII (or the text's ends)
    /// on both sides is always a Character of its own; when one has a non-ASCII neighbour, the text
    /// is escaped Character by Character as the library does, to give the same bytes.
    static func escaped(_ text: String) -> String {
        var text = text
        let result: String?? = text.withUTF8 { bytes -> String?? in
            var extra = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0x22 || byte == 0x27 else { continue }
                if (index > 0 && bytes[index - 1] >= 0x80) || (index + 1 < bytes.count && bytes[index + 1] >= 0x80) {
                    return .some(nil)
                }
                extra += byte == 0x22 ? 5 : byte == 0x26 || byte == 0x27 ? 4 : 3
            }
            guard extra > 0 else { return nil }
            return .some(String(unsafeUninitializedCapacity: bytes.count + extra) { output in
                var out = 0
                func put(_ entity: StaticString) {
                    entity.withUTF8Buffer { entity in
                        for byte in entity { output[out] = byte; out += 1 }
                    }
                }
                for byte in bytes {
                    switch byte {
                    case 0x3C: put("&lt;")
                    case 0x3E: put("&gt;")
                    case 0x26: put("&amp;")
                    case 0x22: put("&quot;")
                    case 0x27: put("&#39;")
                    default: output[out] = byte; out += 1
                    }
                }
                return out
            })
        }
        switch result {
        case .none: return text
        case .some(.some(let escaped)): return escaped
        case .some(.none): return escapedByCharacter(text)
        }
    }

    /// The library's way, for texts where a special character may be part of a larger Character.
    static func escapedByCharacter(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
