/// Reads raw HTML left to right into text, tags and the rest, as a browser's tokenizer does: a tag
/// starts at `<` followed by a letter (or `/` and a letter) and ends at the first `>` outside a
/// quoted attribute value; comments, `<!…>` and `<?…>` are skipped. Every step moves past what it
/// read and nothing is read twice, so a whole block takes linear time whatever it holds.
///
/// A tag that is never ended (no `>`, or a quote that never closes) runs to the end of the input,
/// as it does in a browser, and ends the reading: `unended`.
struct HTMLTagReader {
    let bytes: [UInt8]
    private(set) var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    struct Tag {
        /// Lower case.
        var name: String
        var isClosing: Bool
        var selfClosing: Bool
        /// Names in lower case, values as written (without their quotes, spaces trimmed).
        var attributes: [(name: String, value: String)]
    }

    enum Token {
        case text(Range<Int>)
        case tag(Tag)
        /// A `<` that starts no tag (`a < b`): text.
        case lessThan
        /// A comment, doctype or processing instruction.
        case ignored
        /// A tag that starts at this offset and is never ended.
        case unended(Int)
    }

    mutating func next() -> Token? {
        guard index < bytes.count else { return nil }
        let start = index
        guard bytes[index] == UInt8(ascii: "<") else {
            index = nextLessThan(from: index)
            return .text(start..<index)
        }
        if starts(with: "<!--") {
            index = find("-->", from: index + 4).map { $0 + 3 } ?? bytes.count
            return .ignored
        }
        if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "!") || bytes[index + 1] == UInt8(ascii: "?") {
            index = find(">", from: index + 2).map { $0 + 1 } ?? bytes.count
            return .ignored
        }
        switch readTag(at: index) {
        case .notATag:
            index += 1
            return .lessThan
        case .unended:
            index = bytes.count
            return .unended(start)
        case .tag(let tag, let end):
            index = end
            return .tag(tag)
        }
    }

    private enum TagResult {
        case notATag
        case unended
        case tag(Tag, end: Int)
    }

    /// Reads `<name attr="v" …>` at `start`.
    private func readTag(at start: Int) -> TagResult {
        var index = start + 1
        var isClosing = false
        if index < bytes.count && bytes[index] == UInt8(ascii: "/") {
            isClosing = true
            index += 1
        }
        let nameStart = index
        while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
        guard index > nameStart, Self.isLetter(bytes[nameStart]) else { return .notATag }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
        var attributes: [(name: String, value: String)] = []
        var selfClosing = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") {
                return .tag(Tag(name: name, isClosing: isClosing, selfClosing: selfClosing, attributes: attributes), end: index + 1)
            }
            if byte == UInt8(ascii: "/") {
                selfClosing = true
                index += 1
                continue
            }
            if Self.isSpace(byte) {
                index += 1
                continue
            }
            let attributeStart = index
            while index < bytes.count, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="),
                  bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") { index += 1 }
            let attributeName = String(decoding: bytes[attributeStart..<index], as: UTF8.self).lowercased()
            while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
            var value = ""
            if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                index += 1
                while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
                guard index < bytes.count else { return .unended }
                let quote = bytes[index]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    guard let close = bytes[(index + 1)...].firstIndex(of: quote) else { return .unended }
                    value = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
                    index = close + 1
                } else {
                    let valueStart = index
                    while index < bytes.count, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                    value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                }
            }
            if !attributeName.isEmpty { attributes.append((attributeName, value.trimmingSpaces)) }
        }
        return .unended
    }

    private func nextLessThan(from start: Int) -> Int {
        bytes[start...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
    }

    private func starts(with prefix: StaticString) -> Bool {
        prefix.withUTF8Buffer { pattern in
            index + pattern.count <= bytes.count && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
        }
    }

    private func find(_ needle: StaticString, from start: Int) -> Int? {
        needle.withUTF8Buffer { pattern -> Int? in
            guard let first = pattern.first else { return nil }
            var index = start
            while index + pattern.count <= bytes.count {
                if bytes[index] == first && bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
                index += 1
            }
            return nil
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }
}
