import JianbaoSupport

/// Turns a file's bytes into text the parsers can trust: UTF-8 checked, BOM dropped, CRLF → LF.
enum SourceText {
    /// Why a file's bytes are not usable text.
    enum Problem: Error, Equatable {
        case notUTF8(line: Int)
        case nulByte(line: Int)
    }

    static func decode(_ bytes: [UInt8]) -> Result<String, Problem> {
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        let body = bytes[start...]
        if let nul = body.firstIndex(of: 0) {
            return .failure(.nulByte(line: lineNumber(in: body, at: nul)))
        }
        guard let text = String(validating: body, as: UTF8.self) else {
            return .failure(.notUTF8(line: firstInvalidLine(body)))
        }
        if !text.utf8.contains(UInt8(ascii: "\r")) { return .success(text) }
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
        case .notUTF8(let line):
            return .error(
                at: SourceLocation(file: file, line: line),
                "the file is not UTF-8 text (probably GB18030/GBK, as Windows saves Chinese text)",
                hint: "save it as UTF-8, e.g. `iconv -f GB18030 -t UTF-8 old.md > new.md`")
        case .nulByte(let line):
            return .error(
                at: SourceLocation(file: file, line: line),
                "the file contains a NUL byte: it looks like a binary file, not Markdown text",
                hint: "remove the file or save it again as plain UTF-8 text")
        }
    }

    private static func lineNumber(in bytes: ArraySlice<UInt8>, at index: Int) -> Int {
        1 + bytes[bytes.startIndex..<index].reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    /// The line of the first byte sequence that is not valid UTF-8.
    private static func firstInvalidLine(_ bytes: ArraySlice<UInt8>) -> Int {
        var line = 1
        var lineStart = bytes.startIndex
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            if String(validating: bytes[lineStart..<index], as: UTF8.self) == nil { return line }
            line += 1
            lineStart = index + 1
        }
        return line
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
