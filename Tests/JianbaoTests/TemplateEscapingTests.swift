@testable import JianbaoRender
import JianbaoSupport
import Mustache
import Testing

/// Templates escape values with jianbao's byte-level escaper (`TemplateHTMLEscaping`) instead of
/// swift-mustache's own; pages must come out byte for byte as the library would make them.
@Suite struct TemplateEscapingTests {
    /// What swift-mustache's own HTML escaping makes of `text` (a template's default content type).
    static func libraryEscaped(_ text: String) throws -> String {
        try MustacheTemplate(string: "{{x}}").render(["x": text])
    }

    static let samples = [
        "", "plain", "a<b>c&d\"e'f", "<<>>&&\"\"''", "中文“引号”&符号<em>", "&amp;", "'中'", "中\"", "\"中",
        // A special character that is the start of a larger Character: the library leaves it as it is.
        "\"\u{301}", "<\u{338}", "'\u{200D}", "&\u{FE0F}", ">\u{0903}", "a\"\u{301}b<c",
        // …or its end, after a prepended mark (U+0600 ARABIC NUMBER SIGN).
        "x\u{0600}<y", "\u{0600}&",
        "👍🏽<", "é'", "\r\n<", "<\r\n", "\u{1F1E8}\u{1F1F3}\"",
    ]

    @Test(arguments: samples) func escapesAsSwiftMustacheDoes(_ text: String) throws {
        #expect(TemplateHTMLEscaping.escaped(text) == (try Self.libraryEscaped(text)))
    }

    @Test func randomTextsEscapeAsSwiftMustacheDoes() throws {
        let pieces = ["<", ">", "&", "\"", "'", "a", " ", "\n", "中", "文", "\u{301}", "\u{338}", "\u{200D}", "\u{FE0F}",
                      "\u{0600}", "\u{0903}", "👍", "\u{1F3FD}", "\r", "é"]
        var generator = KillTests.SplitMix64(state: 7)
        for _ in 0..<3000 {
            let length = Int(generator.next() % 12)
            let text = (0..<length).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            #expect(TemplateHTMLEscaping.escaped(text) == (try Self.libraryEscaped(text)), "\(Array(text.unicodeScalars))")
        }
    }

    /// The pragma is put before every template of a set, so pages use the byte escaper; a template's
    /// own `{{% CONTENT_TYPE: TEXT}}` still turns escaping off after it.
    @Test func templatesOfASetUseItAndTheirOwnPragmaStillWins() throws {
        let files = ["T/home.mustache": "{{pageTitle}}\n{{% CONTENT_TYPE: TEXT}}\n{{pageTitle}}", "T/series.mustache": "s",
                     "T/feed.mustache": "f", "T/sitemap.mustache": "m", "T/search.mustache": "q", "T/year.mustache": "y",
                     "T/404.mustache": "n"]
        let set = try TemplateSet(folder: "T", fileSystem: MemoryFileSystem(files: files), requiredKinds: [])
        #expect(set.render(["pageTitle": "<a&b>"], with: "home") == "&lt;a&amp;b&gt;\n<a&b>")
        #expect((try? MustacheTemplate(string: TemplateHTMLEscaping.pragmaLine)) != nil)
    }
}
