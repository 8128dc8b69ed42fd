import JianbaoContent
#if canImport(Glibc)
import Glibc
#endif

/// Reads text as offices save it: UTF-8 (with or without a BOM), GB18030/GBK from Windows, or
/// UTF-16 with a byte order mark (Notepad's "Unicode").
enum TextDecoding {
    enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case gb18030 = "GB18030"
        case utf16 = "UTF-16"
    }

    /// The text and the encoding it was read as; nil when it is none of them.
    static func decode(_ bytes: [UInt8]) -> (text: String, encoding: Encoding)? {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            // iconv's "UTF-16" reads the BOM and drops it.
            guard let converted = iconv(bytes, from: "UTF-16", to: "UTF-8"), let text = ContentRules.decode(converted) else { return nil }
            return (text, .utf16)
        }
        if let text = ContentRules.decode(bytes) { return (text, .utf8) }
        guard let converted = iconv(bytes, from: "GB18030", to: "UTF-8"), let text = ContentRules.decode(converted) else { return nil }
        return (text, .gb18030)
    }

    /// Converts with the C library's iconv; nil when the bytes are not valid in `from`.
    static func iconv(_ bytes: [UInt8], from: String, to: String) -> [UInt8]? {
        let converter = iconv_open(to, from)
        guard let converter, Int(bitPattern: converter) != -1 else { return nil }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress
                var inLeft = inBuffer.count
                var outPointer = outBuffer.baseAddress
                var outLeft = outBuffer.count
                let result = Glibc.iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                if result == -1 || inLeft != 0 { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let produced else { return nil }
        return output.prefix(produced).map { UInt8(bitPattern: $0) }
    }
}
