/// The characters no published text may hold, and how to show them on a terminal.
///
/// Forbidden: the C0 control characters other than tab, line feed and carriage return (XML 1.0
/// allows no others, so one vertical tab makes a feed unreadable), DEL, the C1 controls U+0080–U+009F
/// (which terminals may obey as escape sequences), and U+FFFE and U+FFFF (not characters in XML).
/// Word's manual line break (U+000B) and page break (U+000C) are the ones pasted text brings in.
public enum ControlCharacters {
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }

    /// The first forbidden character of `text` and its offset in UTF-8 bytes; nil when there is none.
    /// Looks at the bytes: most texts have none, and this runs on every text that is published.
    public static func firstForbidden(in text: some StringProtocol) -> (scalar: Unicode.Scalar, byteOffset: Int)? {
        firstForbidden(utf8: text.utf8)
    }

    /// As above, on UTF-8 bytes.
    public static func firstForbidden<Bytes: Sequence>(utf8 bytes: Bytes) -> (scalar: Unicode.Scalar, byteOffset: Int)?
    where Bytes.Element == UInt8 {
        var offset = 0
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in bytes {
            if byte < 0x20 {
                if byte != 0x09 && byte != 0x0A && byte != 0x0D { return (Unicode.Scalar(byte), offset) }
            } else if byte == 0x7F {
                return (Unicode.Scalar(byte), offset)
            } else if previous == 0xC2 && byte >= 0x80 && byte <= 0x9F {
                return (Unicode.Scalar(byte), offset - 1)
            } else if beforePrevious == 0xEF && previous == 0xBF && (byte == 0xBE || byte == 0xBF) {
                return (Unicode.Scalar(UInt16(0xFF00) | UInt16(byte))!, offset - 2)
            }
            beforePrevious = previous
            previous = byte
            offset += 1
        }
        return nil
    }

    public static func contains(_ text: some StringProtocol) -> Bool {
        firstForbidden(in: text) != nil
    }

    /// `U+000B (vertical tab)`, for messages.
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        let code = String(scalar.value, radix: 16, uppercase: true)
        let hex = "U+" + String(repeating: "0", count: max(0, 4 - code.count)) + code
        let names: [UInt32: String] = [
            0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab, Word's manual line break",
            0x0C: "form feed, Word's page break", 0x1B: "escape, which starts terminal control sequences", 0x7F: "delete",
        ]
        if let name = names[scalar.value] { return "\(hex) (\(name))" }
        return "\(hex) (a control character)"
    }

    /// The text with every forbidden character shown as `\u{1B}`: what is printed on a terminal, so
    /// that content cannot move the cursor, recolour or retitle it, or hide what comes before.
    /// - Parameter lineBreaks: show line feeds, carriage returns and tabs too (for a file name,
    ///   which must stay on its line).
    public static func visible(_ text: String, lineBreaks: Bool = false) -> String {
        let shown: (Unicode.Scalar) -> Bool = { isForbidden($0) || lineBreaks && ($0 == "\n" || $0 == "\r" || $0 == "\t") }
        guard text.unicodeScalars.contains(where: shown) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if shown(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The text without forbidden characters.
    public static func removed(from text: String) -> String {
        guard contains(text) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !isForbidden($0) }))
    }
}
