/// Builds JSON text by hand for the few flat shapes jianbao writes (JSON Feed, the search index):
/// deterministic key order and no Foundation needed in the render stage.
enum JSONText {
    /// A JSON string literal, quotes included. Escapes what RFC 8259 requires, plus U+2028/U+2029
    /// (so the text is also a valid JavaScript literal) and `</` (so it may sit inside a script file).
    static func string(_ value: String) -> String {
        var output = "\""
        output.reserveCapacity(value.utf8.count + 2)
        var previous: Unicode.Scalar?
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "/" where previous == "<": output += "\\/"
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    output += "\\u" + hex4(UInt16(scalar.value))
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
            previous = scalar
        }
        return output + "\""
    }

    /// A JSON string literal of UTF-16 code units, which may be lone surrogates (a bigram can split
    /// a character outside the BMP): those are written as `\uXXXX` escapes, which JavaScript reads back.
    static func string(utf16 units: [UInt16]) -> String {
        if let scalars = String(validatingUTF16: units) { return string(scalars) }
        return "\"" + units.map { "\\u" + hex4($0) }.joined() + "\""
    }

    /// An object from keys and already-encoded values, in the order given.
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    static func array(_ items: [String]) -> String {
        "[" + items.joined(separator: ",") + "]"
    }

    static func hex4(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

extension String {
    /// Decodes UTF-16 code units; nil when they hold a lone surrogate.
    init?(validatingUTF16 units: [UInt16]) {
        var result = ""
        var iterator = units.makeIterator()
        var decoder = UTF16()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): result.unicodeScalars.append(scalar)
            case .emptyInput: self = result; return
            case .error: return nil
            }
        }
    }
}
