import JianbaoSupport
import Mustache

/// swift-mustache's HTML escaping, done on bytes. The library's own escaper walks the text Character
/// by Character with a dictionary lookup, which was a tenth of a large build's time; this one gives
/// the same bytes for every text but one kind (see `escaped`). `TemplateSet` puts `{{% CONTENT_TYPE: JIANBAO_HTML}}` before
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

    /// `text` with every `< > & " '` replaced by `&lt; &gt; &amp; &quot; &#39;`, byte by byte.
    ///
    /// swift-mustache's escaper compares Characters (grapheme clusters), so it leaves a `"` that a
    /// combining mark follows as it is, which could end an attribute early; this one escapes the
    /// byte whatever follows it, so a value can never leave its attribute. Control characters
    /// (`ControlCharacters`) are left out: the loader refuses them, and a feed with one is not XML.
    static func escaped(_ text: String) -> String {
        var text = ControlCharacters.removed(from: text)
        return text.withUTF8 { bytes -> String? in
            var extra = 0
            for byte in bytes {
                switch byte {
                case 0x3C, 0x3E: extra += 3
                case 0x26, 0x27: extra += 4
                case 0x22: extra += 5
                default: continue
                }
            }
            guard extra > 0 else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count + extra) { output in
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
            }
        } ?? text
    }
}
