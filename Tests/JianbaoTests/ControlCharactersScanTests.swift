import JianbaoSupport
import Testing

/// `ControlCharacters.firstForbidden` reads contiguous bytes in place and copies any other sequence
/// first: every kind of byte sequence gives the same answer. The offsets are counted by hand from
/// the UTF-8 encodings (简 and 报 three bytes each, U+0085 is C2 85, U+FFFF is EF BF BF).
@Suite struct ControlCharactersScanTests {
    static let cases: [(text: String, scalar: UInt32?, offset: Int)] = [
        ("简报", nil, 0),
        ("简报\u{0B}", 0x0B, 6),
        ("a\u{85}b", 0x85, 1),
        ("简\u{FFFF}", 0xFFFF, 3),
        ("tab\tand\r\nlines", nil, 0),
    ]

    @Test(arguments: cases.indices)
    func everyKindOfSequenceFindsTheSamePlace(_ index: Int) {
        let (text, scalar, offset) = Self.cases[index]
        let expected = scalar.map { (UInt32?($0), offset) } ?? (nil, 0)
        func check(_ found: (scalar: Unicode.Scalar, byteOffset: Int)?, _ kind: Comment) {
            #expect(found?.scalar.value == expected.0, kind)
            #expect((found?.byteOffset ?? 0) == expected.1, kind)
        }
        check(ControlCharacters.firstForbidden(in: text), "String")
        // a substring that does not start at its string's start: offsets count from the substring
        let padded = "前" + text
        check(ControlCharacters.firstForbidden(in: padded.dropFirst()), "Substring")
        check(ControlCharacters.firstForbidden(utf8: Array(text.utf8)), "Array")
        check(ControlCharacters.firstForbidden(utf8: text.utf8.lazy.map { $0 }), "lazy, not contiguous")
        check(ControlCharacters.firstForbidden(utf8: AnySequence(text.utf8)), "AnySequence")
    }
}
