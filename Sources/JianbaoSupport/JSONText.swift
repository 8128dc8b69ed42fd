/// Builds JSON text by hand for the few flat shapes jianbao writes (JSON Feed, the search index):
/// deterministic key order and no Foundation needed in the render stage.
///
/// The escaping works on UTF-8 bytes: every byte a JSON string must escape is ASCII, and U+2028 and
/// U+2029 are the only other sequences it touches, so runs of other bytes are copied whole.
public enum JSONText {
    /// A JSON string literal, quotes included. Escapes what RFC 8259 requires, plus U+2028/U+2029
    /// (so the text is also a valid JavaScript literal) and `</` (so it may sit inside a script file).
    public static func string(_ value: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 2)
        append(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value` as a JSON string literal (see `string(_:)`) to `bytes`.
    public static func append(_ value: String, to bytes: inout [UInt8]) {
        var value = value
        value.withUTF8 { append(utf8: $0, to: &bytes) }
    }

    /// Appends valid UTF-8 as a JSON string literal (see `string(_:)`) to `bytes`.
    public static func append(utf8 source: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0, index = 0
        let count = source.count
        while index < count {
            let byte = source[index]
            let escape: (StaticString, UInt8?)?
            switch byte {
            case UInt8(ascii: "\""): escape = ("\\\"", nil)
            case UInt8(ascii: "\\"): escape = ("\\\\", nil)
            case UInt8(ascii: "\n"): escape = ("\\n", nil)
            case UInt8(ascii: "\r"): escape = ("\\r", nil)
            case UInt8(ascii: "\t"): escape = ("\\t", nil)
            case UInt8(ascii: "/") where index > 0 && source[index - 1] == UInt8(ascii: "<"): escape = ("\\/", nil)
            case 0xE2 where index + 2 < count && source[index + 1] == 0x80 && (source[index + 2] == 0xA8 || source[index + 2] == 0xA9):
                escape = (source[index + 2] == 0xA8 ? "\\u2028" : "\\u2029", nil)
            case 0..<0x20: escape = ("", byte)
            default: escape = nil
            }
            guard let (text, control) = escape else {
                index += 1
                continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index]))
            if let control {
                appendEscape(UInt16(control), to: &bytes)
            } else {
                bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
            }
            index += byte == 0xE2 ? 3 : 1
            runStart = index
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<count]))
        bytes.append(UInt8(ascii: "\""))
    }

    /// A JSON string literal of UTF-16 code units, which may be lone surrogates (a bigram can split
    /// a character outside the BMP): those are written as `\uXXXX` escapes, which JavaScript reads back.
    public static func string(utf16 units: [UInt16]) -> String {
        var bytes: [UInt8] = []
        append(utf16: units, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `string(utf16:)` of `units` to `bytes`.
    public static func append(utf16 units: [UInt16], to bytes: inout [UInt8]) {
        if let scalars = String(validatingUTF16: units) {
            append(scalars, to: &bytes)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for unit in units { appendEscape(unit, to: &bytes) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// An object from keys and already-encoded values, in the order given.
    public static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    public static func array(_ items: [String]) -> String {
        "[" + items.joined(separator: ",") + "]"
    }

    public static func hex4(_ value: UInt16) -> String {
        var bytes: [UInt8] = []
        appendHex4(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `\u` and four lower-case hex digits.
    public static func appendEscape(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(UInt8(ascii: "u"))
        appendHex4(value, to: &bytes)
    }

    public static func appendHex4(_ value: UInt16, to bytes: inout [UInt8]) {
        for shift in stride(from: 12, through: 0, by: -4) {
            let digit = UInt8((value >> UInt16(shift)) & 0xF)
            bytes.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
        }
    }

    /// A non-negative number in decimal.
    public static func appendDigits(_ number: Int, to bytes: inout [UInt8]) {
        var value = number
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
            value /= 10
        } while value > 0
        bytes[start...].reverse()
    }
}

extension String {
    /// Decodes UTF-16 code units; nil when they hold a lone surrogate.
    public init?(validatingUTF16 units: [UInt16]) {
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
