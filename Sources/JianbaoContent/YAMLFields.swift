import JianbaoModel
import JianbaoSupport
import Yams

/// Typed reading of a YAML mapping (site.yml, series.yml, front matter) that reports every problem
/// as a diagnostic at the key's or value's own line and column.
struct YAMLFields {
    let file: String
    /// Added to Yams' 1-based line numbers to give the file's line numbers.
    let lineOffset: Int
    /// One `key: value` of the mapping, with where its key and value start.
    struct Pair {
        var key: String
        var keyLocation: SourceLocation
        var value: Node
        var valueLocation: SourceLocation

        /// The value's text when it is a plain (unquoted) scalar.
        var plainText: String? {
            guard case .scalar(let scalar) = value, scalar.style == .plain else { return nil }
            return scalar.string
        }
    }

    private(set) var pairs: [Pair] = []
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var wasReadable = true

    /// - Parameters:
    ///   - firstLine: the file line on which `yaml` starts.
    ///   - name: how messages name the YAML: `the front matter`, `site.yml`, `series.yml`.
    ///   - shortcut: read simple `key: value` lines without Yams (`simpleMapping`); off only in tests
    ///     that compare the two.
    init(yaml: String, file: String, firstLine: Int, name: String = "the front matter", shortcut: Bool = true) {
        self.file = file
        self.lineOffset = firstLine - 1
        if let deep = Self.firstTooDeeplyNested(yaml) {
            diagnostics.append(.error(
                at: SourceLocation(file: file, line: deep.line + lineOffset, column: deep.column),
                "\(name) is not valid YAML: lists and mappings are nested too deeply here (more than \(Self.maxNesting) levels)",
                hint: "a value is a piece of text, a date, a number or a short list"))
            wasReadable = false
            return
        }
        if yaml.utf8.count > ContentLimits.maxYAMLBytes {
            diagnostics.append(.error(
                at: SourceLocation(file: file, line: firstLine),
                "\(name) is \(ContentLimits.describe(bytes: yaml.utf8.count)) of YAML; jianbao reads at most \(ContentLimits.describe(bytes: ContentLimits.maxYAMLBytes))",
                hint: "it holds a few fields: check that the `---` line that ends it is there, and move long text into the body"))
            wasReadable = false
            return
        }
        if shortcut, let simple = Self.simpleMapping(yaml, file: file, lineOffset: lineOffset) {
            pairs = simple
            return
        }
        let node: Node?
        do {
            // The encoding is given: Yams' default reads the process environment on every call.
            node = try Yams.compose(yaml: yaml, .default, .default, .utf8)
        } catch let error as YamlError {
            diagnostics.append(Self.diagnostic(for: error, yaml: yaml, file: file, lineOffset: lineOffset, name: name))
            wasReadable = false
            return
        } catch {
            diagnostics.append(.error(at: SourceLocation(file: file, line: firstLine), "the YAML could not be read: \(error)"))
            wasReadable = false
            return
        }
        guard let node else { return }  // empty: no keys
        guard case .mapping(let mapping) = node else {
            diagnostics.append(.error(
                at: location(of: node),
                "expected `key: value` lines here, found \(Self.describe(node))",
                hint: "write one `key: value` per line, e.g. `date: 2024-01-12`"))
            wasReadable = false
            return
        }
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                diagnostics.append(.error(at: location(of: key), "a key must be plain text"))
                continue
            }
            pairs.append(Pair(key: name, keyLocation: location(of: key), value: value, valueLocation: location(of: value)))
        }
    }

    /// How deep YAML may nest. Yams builds its nodes recursively: refusing deep input before it
    /// parses keeps a build safe on the small stacks of worker threads (900 levels overflow 512 KiB).
    static let maxNesting = 50

    /// Where nesting first exceeds `maxNesting`, counted generously (an upper bound): indentation
    /// columns, `- ` and `? ` markers at the start of a line, and open `[` and `{`.
    static func firstTooDeeplyNested(_ yaml: String) -> (line: Int, column: Int)? {
        var flowDepth = 0
        var line = 1
        var column = 0
        var blockDepth = 0
        var atLineStart = true
        for character in yaml {
            column += 1
            switch character {
            case "\n":
                line += 1
                column = 0
                blockDepth = 0
                atLineStart = true
                continue
            case " " where atLineStart:
                blockDepth += 1
            case "-", "?":
                if atLineStart { blockDepth += 1 }
            case "[", "{":
                flowDepth += 1
                atLineStart = false
            case "]", "}":
                flowDepth = max(0, flowDepth - 1)
                atLineStart = false
            default:
                atLineStart = false
            }
            if blockDepth + flowDepth > maxNesting { return (line, column) }
        }
        return nil
    }

    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file, line: lineOffset + 1) }
        return SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
    }

    func has(_ key: String) -> Bool { value(key) != nil }

    func value(_ key: String) -> Node? {
        guard let node = pairs.first(where: { $0.key == key })?.value else { return nil }
        if case .scalar(let scalar) = node, scalar.style == .plain,
           ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return nil }
        return node
    }

    func keyLocation(_ key: String) -> SourceLocation? {
        pairs.first(where: { $0.key == key })?.keyLocation
    }

    /// Where the value of `key` starts.
    func valueLocation(_ key: String) -> SourceLocation {
        pairs.first(where: { $0.key == key })?.valueLocation ?? SourceLocation(file: file, line: lineOffset + 1)
    }

    mutating func string(_ key: String) -> String? {
        guard let node = value(key) else { return nil }
        guard case .scalar(let scalar) = node else {
            fail(valueOf: key, "`\(key)` must be a piece of text, not \(Self.describe(node))")
            return nil
        }
        let text = scalar.string.trimmingSpaces
        guard withoutControlCharacters(text, at: valueLocation(key), what: "`\(key)`") else { return nil }
        return text.isEmpty ? nil : text
    }

    /// Whether `text` is free of control characters; an error at `location` when it is not. A file
    /// holding one is refused as a whole before this: here they come from escapes in quoted YAML
    /// (`"\v"`, `"\e"`), which Yams decodes.
    mutating func withoutControlCharacters(_ text: String, at location: SourceLocation, what: String) -> Bool {
        guard let control = ControlCharacters.firstForbidden(in: text) else { return true }
        diagnostics.append(.error(
            at: location, "\(what) holds the control character \(ControlCharacters.describe(control.scalar)), written as an escape in quotes",
            hint: "remove the escape (a `\\` followed by a letter or number code) from the text"))
        return false
    }

    /// A whole number of at least `minimum`; `example` shows the user what to write.
    mutating func int(_ key: String, minimum: Int = 1, example: String) -> Int? {
        guard let node = value(key) else { return nil }
        guard case .scalar(let scalar) = node else {
            fail(valueOf: key, "`\(key)` must be a whole number, not \(Self.describe(node))", hint: "write it as `\(key): \(example)`")
            return nil
        }
        let text = scalar.string.trimmingSpaces
        if !text.isEmpty && text.allSatisfy({ $0.isASCII && $0.isNumber }) && text.count > 6 {
            fail(valueOf: key, "`\(key)` is too large: \(text)", hint: "write it as `\(key): \(example)`; jianbao counts up to 999999")
            return nil
        }
        guard let number = Int(text) else {
            let hint = ChineseNumeral.value(of: text).map { "write it in digits: `\(key): \($0)`" } ?? "write it as `\(key): \(example)`"
            fail(valueOf: key, "`\(key)` must be a whole number written in digits, not `\(text)`", hint: hint)
            return nil
        }
        guard number >= minimum else {
            fail(valueOf: key, "`\(key)` must be \(minimum) or more, not \(number)", hint: "write it as `\(key): \(example)`")
            return nil
        }
        return number
    }

    mutating func date(_ key: String) -> SimpleDate? {
        guard let node = value(key) else { return nil }
        guard case .scalar(let scalar) = node else {
            fail(valueOf: key, "`\(key)` must be a date, not \(Self.describe(node))",
                 hint: "write it as YYYY-MM-DD, e.g. `\(key): 2024-01-12`")
            return nil
        }
        guard let date = SimpleDate(iso: scalar.string) else {
            fail(valueOf: key, "`\(key)` is not a valid date: `\(Self.text(node))`",
                 hint: "write it as YYYY-MM-DD with a real month and day, e.g. `\(key): 2024-01-12`")
            return nil
        }
        return date
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let node = value(key) else { return nil }
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            fail(valueOf: key, "`\(key)` must be true or false, not `\(Self.text(node))`")
            return nil
        }
    }

    /// A list of texts; a single text counts as a list of one.
    mutating func stringList(_ key: String) -> [String]? {
        guard let node = value(key) else { return nil }
        if case .scalar(let scalar) = node {
            let text = scalar.string.trimmingSpaces
            return withoutControlCharacters(text, at: valueLocation(key), what: "`\(key)`") ? [text] : nil
        }
        guard case .sequence(let sequence) = node else {
            fail(valueOf: key, "`\(key)` must be a list, e.g. `\(key): [名称一, 名称二]`")
            return nil
        }
        var items: [String] = []
        for item in sequence {
            guard let text = item.scalar?.string.trimmingSpaces, !text.isEmpty else {
                fail(item, "each item of `\(key)` must be a piece of text")
                continue
            }
            guard withoutControlCharacters(text, at: location(of: item), what: "an item of `\(key)`") else { continue }
            items.append(text)
        }
        return items
    }

    /// A mapping of texts, in the order written, each with its location.
    mutating func stringMap(_ key: String) -> [(key: String, value: String, location: SourceLocation)]? {
        guard let node = value(key) else { return nil }
        guard case .mapping(let mapping) = node else {
            fail(valueOf: key, "`\(key)` must be a set of `label: text` lines indented under it")
            return nil
        }
        var result: [(String, String, SourceLocation)] = []
        for (label, value) in mapping {
            guard let name = label.scalar?.string, let text = value.scalar?.string else {
                fail(value, "each entry of `\(key)` must be `label: text`")
                continue
            }
            guard withoutControlCharacters(name + text, at: location(of: label), what: "the entry `\(name)` of `\(key)`") else { continue }
            result.append((name, text.trimmingSpaces, location(of: label)))
        }
        return result
    }

    /// Warns about keys nobody reads: most often a typo. After `DiagnosticList.defaultLimit` of
    /// them, one more warning counts the rest.
    mutating func warnAboutUnknownKeys(known: Set<String>, what: String) {
        let unknown = pairs.filter { !known.contains($0.key) }
        let limit = DiagnosticList.defaultLimit
        if unknown.count > limit {
            diagnostics.append(.warning(at: unknown[limit].keyLocation, "\(unknown.count - limit) more unknown keys in \(what) not shown",
                                        hint: "known keys: \(known.sorted().joined(separator: ", "))"))
        }
        for pair in unknown.prefix(limit) {
            let suggestion = known.min { Self.distance($0, pair.key) < Self.distance($1, pair.key) }
            let hint = suggestion.flatMap { Self.distance($0, pair.key) <= 2 ? "did you mean `\($0)`?" : nil }
                ?? "known keys: \(known.sorted().joined(separator: ", "))"
            diagnostics.append(.warning(at: pair.keyLocation, "unknown key `\(pair.key)` in \(what); it is ignored", hint: hint))
        }
    }

    mutating func fail(_ node: Node, _ message: String, hint: String? = nil) {
        diagnostics.append(.error(at: location(of: node), message, hint: hint))
    }

    /// An error at the value of `key`.
    mutating func fail(valueOf key: String, _ message: String, hint: String? = nil) {
        diagnostics.append(.error(at: valueLocation(key), message, hint: hint))
    }

    mutating func add(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    static func text(_ node: Node) -> String {
        node.scalar?.string ?? describe(node)
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return "`\(scalar.string)`"
        case .mapping: return "a set of `key: value` lines"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    static func diagnostic(for error: YamlError, yaml: String, file: String, lineOffset: Int, name: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
        }
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        func hasTab(_ mark: Mark) -> Bool {
            let index = mark.line - 1
            return lines.indices.contains(index) && lines[index].prefix(mark.column).contains("\t")
        }
        let invalid = "\(name) is not valid YAML"
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let contextText = context?.text ?? ""
            if hasTab(mark) {
                return .error(at: at(mark), "\(invalid): a tab is used for indentation here, and YAML allows only spaces",
                              hint: "replace the tab with spaces (two for each level)")
            }
            if let context, contextText.contains("quoted scalar") {
                return .error(at: at(context.mark), "\(invalid): the quote that starts here is never closed",
                              hint: "end the text with the same quote mark it starts with, on the same line")
            }
            if let context, contextText.contains("flow sequence") {
                return .error(at: at(context.mark), "\(invalid): the list `[` that starts here is never closed with `]`",
                              hint: "write the list on one line, e.g. `attachments: [名称一, 名称二]`")
            }
            if let context, contextText.contains("flow mapping") {
                return .error(at: at(context.mark), "\(invalid): the `{` that starts here is never closed with `}`",
                              hint: "write it as `key: value` lines instead")
            }
            if problem.contains("undefined alias") {
                return .error(at: at(mark), "\(invalid): `*` starts a reference to an anchor (`&name`), and none is defined",
                              hint: "to write text that starts with `*`, put it in quotes")
            }
            if problem.hasPrefix("Maximum nesting level") {
                return .error(at: at(mark), "\(invalid): lists and mappings are nested too deeply here (more than \(maxNesting) levels)",
                              hint: "a value is a piece of text, a date, a number or a short list")
            }
            if problem.contains("did not find expected key") || problem.contains("mapping values are not allowed") {
                return .error(at: at(mark), "\(invalid): this line is indented differently from the lines above it, or has a `:` where none can be",
                              hint: "indent the lines of one block by the same number of spaces; put text holding `: ` in quotes")
            }
            let during = context.map { " (\($0.text) that starts at line \($0.mark.line + lineOffset))" } ?? ""
            return .error(at: at(mark), "\(invalid): \(problem)\(during)",
                          hint: "check the quotes, colons and indentation on this line and the one before it")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the first occurrence; point at the repeated one, where the mistake usually is.
            let name = duplicates.first ?? ""
            let occurrences = lines.indices.filter { index in
                let line = lines[index]
                let indent = line.prefix { $0 == " " }.count
                return indent + 1 == context.mark.column && line.dropFirst(indent).hasPrefix(name)
                    && line.dropFirst(indent + name.count).drop(while: { $0 == " " }).first == ":"
            }
            let first = occurrences.first.map { $0 + 1 } ?? context.mark.line
            let second = occurrences.dropFirst().first.map { $0 + 1 } ?? context.mark.line
            let location = SourceLocation(file: file, line: second + lineOffset, column: context.mark.column)
            let also = second != first ? " (also on line \(first + lineOffset))" : ""
            return .error(at: location, "the key `\(name)` is given twice\(also)", hint: "keep one of them")
        default:
            return .error(at: SourceLocation(file: file, line: lineOffset + 1), "\(invalid): \(error)")
        }
    }

    /// Edit distance, for "did you mean" hints.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
