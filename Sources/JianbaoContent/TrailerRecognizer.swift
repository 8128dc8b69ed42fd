import JianbaoModel

/// Recognises 报尾 lines: `报：…`, `编校：徐亚利、陈宇    （共印80份）`, `（共印 80 份）`.
enum TrailerRecognizer {
    /// What one line of text holds, when it is a trailer line.
    struct Recognized: Equatable {
        var label: String?
        var text: String
        var copies: Int?
    }

    /// Longest labels first, so that 抄报 is not read as 报.
    private static let labelsByLength = Trailer.knownLabels.sorted { $0.count > $1.count }

    /// The first characters of the labels, and the brackets a lone `（共印N份）` starts with.
    private static let possibleFirstScalars = Set(Trailer.knownLabels.map { $0.unicodeScalars.first! } + ["（", "("])

    /// The trailer content of `line`, or nil when it is body text.
    static func recognize(_ line: String) -> Recognized? {
        certainlyBodyText(line) ? nil : recognizeFully(line)
    }

    /// `recognize` without the shortcut for body text.
    static func recognizeFully(_ line: String) -> Recognized? {
        let trimmed = line.trimmingSpaces
        // `（共印80份）` alone starts with its bracket; a labelled line must not be looked at twice.
        if trimmed.first == "（" || trimmed.first == "(", let copies = copiesOnly(trimmed) {
            return Recognized(label: nil, text: "", copies: copies)
        }
        let first = trimmed.unicodeScalars.first
        for label in labelsByLength where couldStart(label, first) && trimmed.hasPrefix(label) {
            var rest = trimmed.dropFirst(label.count).drop(while: { $0 == " " || $0 == "\u{3000}" })
            guard let colon = rest.first, colon == "：" || colon == ":" else { continue }
            rest = rest.dropFirst()
            var text = rest.trimmingSpaces
            var copies: Int?
            if let (count, remainder) = trailingCopies(text) {
                copies = count
                text = remainder
            }
            guard !text.isEmpty else { return nil }
            return Recognized(label: label, text: text, copies: copies)
        }
        return nil
    }

    /// True when the first scalar after white space is an ASCII character or a CJK ideograph that no
    /// trailer line starts with: most body lines, told apart without copying or comparing them.
    ///
    /// Exact: such a scalar always starts a Character of its own after white space (nothing joins it
    /// to a space before it, and no ideograph decomposes), so the full check below would compare that
    /// Character with each label's first one and with the brackets, and find no match either.
    static func certainlyBodyText(_ line: String) -> Bool {
        for scalar in line.unicodeScalars {
            if scalar.properties.isWhitespace { continue }
            if possibleFirstScalars.contains(scalar) { return false }
            return (0x21...0x7E).contains(scalar.value) || (0x4E00...0x9FFF).contains(scalar.value)
        }
        return false
    }

    /// Whether a text whose first scalar is `first` could start with `label` (a canonical comparison,
    /// which `hasPrefix` makes, is slow): only with the label's own first ideograph, or with a CJK
    /// compatibility ideograph, which can decompose to it.
    private static func couldStart(_ label: String, _ first: Unicode.Scalar?) -> Bool {
        guard let first else { return false }
        return first == label.unicodeScalars.first || (0xF900...0xFAFF).contains(first.value) || (0x2F800...0x2FA1F).contains(first.value)
    }

    /// `（共印80份）` alone, with full- or half-width brackets and spaces allowed inside.
    static func copiesOnly(_ text: String) -> Int? {
        guard let (count, remainder) = trailingCopies(text), remainder.isEmpty else { return nil }
        return count
    }

    /// Splits `… （共印80份）` into the count and what stands before it.
    static func trailingCopies(_ text: String) -> (Int, String)? {
        // Most lines (whole paragraphs of body text) do not end in a bracket: say so before copying.
        guard let end = text.last(where: { !$0.isWhitespace }), end == "）" || end == ")" else { return nil }
        let trimmed = text.trimmingSpaces
        guard let close = trimmed.last, close == "）" || close == ")" else { return nil }
        // Characters from the end: only the bracketed tail is walked, not the whole line.
        guard let open = trimmed.lastIndex(where: { $0 == "（" || $0 == "(" }) else { return nil }
        let inside = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            .filter { !$0.isWhitespace && $0 != "\u{3000}" }
        guard inside.hasPrefix("共印"), inside.hasSuffix("份") else { return nil }
        let digits = inside.dropFirst(2).dropLast()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int(digits) else { return nil }
        return (count, String(trimmed[..<open]).trimmingSpaces.trimmingCharacters(in: ["\u{3000}"]))
    }
}

