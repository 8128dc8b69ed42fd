import JianbaoSupport
#if canImport(Glibc)
import Glibc
#endif

/// Turns a file's bytes into text the parsers can trust: UTF-8 checked, BOM dropped, CRLF → LF.
enum SourceText {
    /// Why a file's bytes are not usable text, and where (1-based line and column, in characters).
    enum Problem: Error, Equatable {
        /// `byte` cannot start or continue a UTF-8 character; `looksLikeGB18030` when every
        /// non-ASCII byte of the file forms a GB18030 character, as files saved on Chinese Windows do.
        case notUTF8(line: Int, column: Int, byte: UInt8, looksLikeGB18030: Bool)
        case nulByte(line: Int, column: Int)
    }

    static func decode(_ bytes: [UInt8]) -> Result<String, Problem> {
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        let body = bytes[start...]
        if body.containsByte(0), let nul = body.firstIndex(of: 0) {
            let (line, column) = position(in: body, of: nul)
            return .failure(.nulByte(line: line, column: column))
        }
        guard let text = String(checking: body) else {
            let offset = firstInvalidByte(body)
            let (line, column) = position(in: body, of: offset)
            return .failure(.notUTF8(line: line, column: column, byte: body[offset], looksLikeGB18030: isGB18030(body)))
        }
        if !body.containsByte(UInt8(ascii: "\r")) { return .success(text) }
        // "\r\n" is one Character in Swift; split on scalars to catch lone "\r" too.
        var normalized = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                normalized.append("\n")
                previousWasCR = true
            } else {
                if !(scalar == "\n" && previousWasCR) { normalized.append(scalar) }
                previousWasCR = false
            }
        }
        return .success(String(normalized))
    }

    /// The diagnostic for an unusable file.
    static func diagnostic(for problem: Problem, file: String) -> Diagnostic {
        switch problem {
        case .notUTF8(let line, let column, _, true):
            return .error(
                at: SourceLocation(file: file, line: line, column: column),
                "the file is not UTF-8 text: it looks like GB18030/GBK, as Windows saves Chinese text",
                hint: "convert it to UTF-8 and put the result in its place: `iconv -f GB18030 -t UTF-8 \(file) > converted.md` (or in WPS / Notepad: 另存为, 编码 UTF-8)")
        case .notUTF8(let line, let column, let byte, false):
            return .error(
                at: SourceLocation(file: file, line: line, column: column),
                "the file is not UTF-8 text: byte 0x\(String(byte, radix: 16, uppercase: true)) here is not part of a UTF-8 character",
                hint: "save the file again as UTF-8 text; if it is not a text file, move it out of the content folder")
        case .nulByte(let line, let column):
            return .error(
                at: SourceLocation(file: file, line: line, column: column),
                "the file contains a NUL byte: it looks like a binary file, not Markdown text",
                hint: "remove the file or save it again as plain UTF-8 text")
        }
    }

    /// The error for a control character found in a decoded file, at its line and column.
    static func controlCharacterDiagnostic(_ scalar: Unicode.Scalar, at byteOffset: Int, in text: String, file: String) -> Diagnostic {
        let (line, column) = position(in: Array(text.utf8)[...], of: byteOffset)
        return .error(
            at: SourceLocation(file: file, line: line, column: column),
            "the file contains the control character \(ControlCharacters.describe(scalar)), which no web page, feed or terminal should get",
            hint: "delete it (most editors do not show it): text pasted from Word brings U+000B for a line break and U+000C for a page break")
    }

    /// Line and column (in characters, as editors count them) of the byte at `index`.
    static func position(in bytes: ArraySlice<UInt8>, of index: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = bytes.startIndex
        for offset in bytes.startIndex..<index where bytes[offset] == UInt8(ascii: "\n") {
            line += 1
            lineStart = offset + 1
        }
        let before = String(decoding: bytes[lineStart..<index], as: UTF8.self)
        return (line, before.count + 1)
    }

    /// The offset of the first byte that is not part of a valid UTF-8 sequence.
    private static func firstInvalidByte(_ bytes: ArraySlice<UInt8>) -> Int {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = bytes.startIndex
        var scalarStart = offset
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset = scalarStart + UTF8.width(scalar)
                scalarStart = offset
            case .emptyInput:
                return bytes.endIndex - 1
            case .error:
                return scalarStart
            }
        }
    }

    /// Whether every non-ASCII byte forms a GB18030 character (two bytes, or four for rare ones).
    static func isGB18030(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        var sawMultiByte = false
        while index < bytes.endIndex {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            guard (0x81...0xFE).contains(lead), index + 1 < bytes.endIndex else { return false }
            let second = bytes[index + 1]
            if (0x40...0xFE).contains(second) && second != 0x7F {
                index += 2
            } else if (0x30...0x39).contains(second), index + 3 < bytes.endIndex,
                      (0x81...0xFE).contains(bytes[index + 2]), (0x30...0x39).contains(bytes[index + 3]) {
                index += 4
            } else {
                return false
            }
            sawMultiByte = true
        }
        return sawMultiByte
    }
}

/// A Markdown file split into its YAML front matter and its body.
struct FrontMatterSplit {
    /// The YAML between the `---` lines; nil when the file has none.
    var yaml: String?
    var body: String
    /// The line of the file on which the YAML starts (2 when the file starts with `---`).
    var yamlFirstLine: Int
    /// The line of the file on which the body starts.
    var bodyFirstLine: Int
    /// Set when an opening `---` has no closing one.
    var unclosed: Bool

    init(_ text: String) {
        yamlFirstLine = 2
        unclosed = false
        guard text.hasPrefix("---\n") || text == "---" || text.hasPrefix("--- \n") else {
            yaml = nil
            body = text
            bodyFirstLine = 1
            return
        }
        // Lines are found on the UTF-8 bytes ("\n" is never part of a longer sequence): splitting the
        // whole file into Characters cost more than parsing its Markdown.
        let utf8 = text.utf8
        let newline = UInt8(ascii: "\n")
        let yamlStart = utf8.firstIndex(of: newline).map { utf8.index(after: $0) } ?? utf8.endIndex
        var lineStart = yamlStart
        var lineNumber = 2
        while true {
            let lineEnd = utf8[lineStart...].firstIndex(of: newline) ?? utf8.endIndex
            let line = text[lineStart..<lineEnd]
            if line.trimmingCharacters(in: " \t") == "---" || line == "..." {
                yaml = lineStart == yamlStart ? "" : String(text[yamlStart..<utf8.index(before: lineStart)])
                body = lineEnd == utf8.endIndex ? "" : String(text[utf8.index(after: lineEnd)...])
                bodyFirstLine = lineNumber + 1
                return
            }
            if lineEnd == utf8.endIndex { break }
            lineStart = utf8.index(after: lineEnd)
            lineNumber += 1
        }
        yaml = String(text[yamlStart...])
        body = ""
        bodyFirstLine = utf8.reduce(0) { $0 + ($1 == newline ? 1 : 0) } + 2
        unclosed = true
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var result = self
        while let first = result.first, set.contains(first) { result.removeFirst() }
        while let last = result.last, set.contains(last) { result.removeLast() }
        return result
    }
}

extension ArraySlice<UInt8> {
    /// Whether `byte` occurs, found by the C library's `memchr`, many bytes at a time.
    func containsByte(_ byte: UInt8) -> Bool {
        withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, Int32(byte), buffer.count) != nil
        }
    }
}

extension String {
    /// The text of UTF-8 `bytes`, or nil when they are not valid UTF-8. Decoded once, with invalid
    /// bytes repaired, and compared with the input: `String(validating:as:)` checked the bytes a
    /// second time, which cost as much as the decoding.
    init?(checking bytes: ArraySlice<UInt8>) {
        var text = String(decoding: bytes, as: UTF8.self)
        let same = text.withUTF8 { utf8 in
            bytes.withUnsafeBufferPointer { original in
                guard utf8.count == original.count else { return false }
                guard let left = utf8.baseAddress, let right = original.baseAddress else { return true }
                return memcmp(left, right, original.count) == 0
            }
        }
        guard same else { return nil }
        self = text
    }
}
