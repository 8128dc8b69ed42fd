@testable import JianbaoRender
import JianbaoSupport
import Mustache
import Testing

/// Templates escape values with jianbao's byte-level escaper (`TemplateHTMLEscaping`) instead of
/// swift-mustache's own; pages come out byte for byte as the library would make them, except that a
/// special character joined by a mark is escaped too.
@Suite struct TemplateEscapingTests {
    /// What swift-mustache's own HTML escaping makes of `text` (a template's default content type).
    static func libraryEscaped(_ text: String) throws -> String {
        try MustacheTemplate(string: "{{x}}").render(["x": text])
    }

    /// Texts made only of Characters that are single scalars: here the library's escaper and ours agree.
    static let samples = [
        "", "plain", "a<b>c&d\"e'f", "<<>>&&\"\"''", "中文“引号”&符号<em>", "&amp;", "'中'", "中\"", "\"中",
        "👍🏽<", "é'", "\r\n<", "<\r\n", "\u{1F1E8}\u{1F1F3}\"",
    ]

    @Test(arguments: samples) func escapesAsSwiftMustacheDoes(_ text: String) throws {
        #expect(TemplateHTMLEscaping.escaped(text) == (try Self.libraryEscaped(text)))
    }

    /// A special character followed by a combining mark (or after a prepended mark) is one Character
    /// with it, which the library leaves unescaped: `"\u{301}` would close an attribute. Ours escapes it.
    @Test(arguments: ["\"\u{301}", "<\u{338}", "'\u{200D}", "&\u{FE0F}", ">\u{0903}", "x\u{0600}<y"])
    func escapesASpecialCharacterThatAMarkJoins(_ text: String) throws {
        let escaped = TemplateHTMLEscaping.escaped(text)
        #expect(!escaped.utf8.contains { [0x3C, 0x3E, 0x22, 0x27].contains($0) })
        #expect(escaped.utf8.filter { $0 == UInt8(ascii: "&") }.count == escaped.utf8.filter { $0 == UInt8(ascii: ";") }.count)
        #expect(try Self.libraryEscaped(text) != escaped, "the library escapes it after all: the comment above is stale")
    }

    /// Random texts: no special byte is left, and decoding the five entities gives the text back.
    @Test func randomTextsAreEscapedAndDecodeBack() throws {
        let pieces = ["<", ">", "&", "\"", "'", "a", " ", "\n", "中", "文", "\u{301}", "\u{338}", "\u{200D}", "\u{FE0F}",
                      "\u{0600}", "\u{0903}", "👍", "\u{1F3FD}", "\r", "é", "&amp;", "&lt;"]
        var generator = SeededRandom(state: 7)
        for _ in 0..<3000 {
            let length = Int(generator.next() % 12)
            let text = (0..<length).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let escaped = TemplateHTMLEscaping.escaped(text)
            #expect(!escaped.utf8.contains { [0x3C, 0x3E, 0x22, 0x27].contains($0) }, "\(Array(text.unicodeScalars))")
            let decoded = Self.decodedOnBytes(escaped)
            #expect(decoded == Array(text.utf8), "\(Array(text.unicodeScalars))")
        }
    }

    /// The five entities back to their characters, on bytes (Foundation's replacing works on
    /// Characters and would miss an entity whose `;` a mark joins).
    static func decodedOnBytes(_ text: String) -> [UInt8] {
        let entities: [(String, UInt8)] = [("&lt;", 0x3C), ("&gt;", 0x3E), ("&quot;", 0x22), ("&#39;", 0x27), ("&amp;", 0x26)]
        let bytes = Array(text.utf8)
        var output: [UInt8] = [], index = 0
        while index < bytes.count {
            if let (entity, byte) = entities.first(where: { bytes[index...].starts(with: $0.0.utf8) }) {
                output.append(byte)
                index += entity.utf8.count
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    /// The pragma is put before every template of a set, so pages use the byte escaper; a template's
    /// own `{{% CONTENT_TYPE: TEXT}}` still turns escaping off after it.
    @Test func templatesOfASetUseItAndTheirOwnPragmaStillWins() throws {
        let files = ["T/home.mustache": "{{pageTitle}}\n{{% CONTENT_TYPE: TEXT}}\n{{pageTitle}}", "T/series.mustache": "s",
                     "T/feed.mustache": "f", "T/sitemap.mustache": "m", "T/search.mustache": "q", "T/year.mustache": "y",
                     "T/404.mustache": "n", "T/topic.mustache": "t"]
        let set = try TemplateSet(folder: "T", fileSystem: MemoryFileSystem(files: files), requiredKinds: [])
        #expect(set.render(["pageTitle": "<a&b>"], with: "home") == "&lt;a&amp;b&gt;\n<a&b>")
        #expect((try? MustacheTemplate(string: TemplateHTMLEscaping.pragmaLine)) != nil)
    }
}
