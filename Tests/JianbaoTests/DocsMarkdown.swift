import Foundation

/// The parts of a documentation page that the docs test runs or checks: its fenced code blocks, the
/// `<!-- docs-test: … -->` directives written just above each, and its inline code spans. A small
/// line scanner of our own: the pages are ours, and what it must find is only fences and spans.
///
/// The convention it reads is described for writers in docs/development.md ("Commands in the docs").
struct DocsPage {
    /// A fenced block: the line of its opening fence (1-based), its info string, its lines (the
    /// fence's indentation removed) and the directives above it.
    struct Block {
        var line: Int
        var info: String
        var lines: [String]
        var directives: [Directive]

        /// Blocks of these languages are commands: `sh` (one command a line, no output shown) and
        /// `console` (`$ command`, then the output it prints).
        var isCommands: Bool { ["sh", "console", "shell", "bash"].contains(info) }
    }

    /// What a writer says about the block below the comment.
    enum Directive: Equatable {
        /// Not run, with the reason (printed and counted by the test).
        case skip(String)
        /// Every command of the block must end with this status (0 unless said).
        case exit(Int32)
        /// A shell command run before the block, not shown to readers (to break a file for an
        /// error example, say).
        case setup(String)
        /// A shell command that says whether the block can run here (`command -v pandoc`): when it
        /// fails, the block is skipped, and under CI=true that is a failure.
        case needs(String)
        /// The block starts from a fresh copy of the example site.
        case fresh
    }

    /// One command of a block, with the output lines the page shows under it (console blocks).
    struct Command {
        var line: Int
        var text: String
        var shownOutput: [String]
    }

    var path: String
    var blocks: [Block] = []
    /// Inline code spans outside blocks, with their line.
    var codeSpans: [(line: Int, text: String)] = []
    /// `[text](target)` links outside blocks, with their line.
    var links: [(line: Int, target: String)] = []
    /// Headings outside blocks.
    var headings: [String] = []
    /// Directives that name no known key, or stand above no block.
    var problems: [String] = []

    init(path: String, text: String) {
        self.path = path
        var pending: [Directive] = []
        var open: (fence: String, indent: Int, block: Block)?
        for (index, raw) in text.components(separatedBy: "\n").enumerated() {
            let number = index + 1
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            let indent = line.prefix(while: { $0 == " " }).count
            let trimmed = line.dropFirst(indent)
            if var current = open {
                if trimmed.hasPrefix(current.fence) && trimmed.allSatisfy({ $0 == current.fence.first }) {
                    blocks.append(current.block)
                    open = nil
                } else {
                    current.block.lines.append(String(line.dropFirst(min(indent, current.indent))))
                    open = current
                }
                continue
            }
            if let fence = Self.fence(trimmed) {
                let info = trimmed.dropFirst(fence.count).trimmingCharacters(in: .whitespaces)
                open = (fence, indent, Block(line: number, info: info, lines: [], directives: pending))
                pending = []
                continue
            }
            if let directive = Self.directive(in: String(trimmed)) {
                switch directive {
                case .success(let value): pending.append(value)
                case .failure(let message): problems.append("\(path):\(number): \(message)")
                }
                continue
            }
            if !pending.isEmpty && !trimmed.isEmpty {
                problems.append("\(path):\(number): a docs-test directive must stand right above a fenced block")
                pending = []
            }
            if trimmed.hasPrefix("#") {
                headings.append(trimmed.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces))
            }
            codeSpans += Self.codeSpans(in: line).map { (number, $0) }
            links += Self.linkTargets(in: line).map { (number, $0) }
        }
        if let open { problems.append("\(path):\(open.block.line): a fence that is never closed") }
    }

    /// "```" or "~~~" (three or more) opening a block.
    static func fence(_ line: Substring) -> String? {
        for mark in ["`", "~"] {
            let run = line.prefix(while: { String($0) == mark })
            if run.count >= 3 && !line.dropFirst(run.count).contains("`") { return String(run) }
        }
        return nil
    }

    /// `<!-- docs-test: KEY[: VALUE] -->`.
    static func directive(in line: String) -> Result<Directive, DirectiveError>? {
        guard line.hasPrefix("<!-- docs-test:"), line.hasSuffix("-->") else { return nil }
        let body = line.dropFirst("<!-- docs-test:".count).dropLast(3).trimmingCharacters(in: .whitespaces)
        let key = body.prefix(while: { $0 != ":" }).trimmingCharacters(in: .whitespaces)
        let value = body.contains(":") ? body.drop(while: { $0 != ":" }).dropFirst().trimmingCharacters(in: .whitespaces) : ""
        switch key {
        case "skip" where !value.isEmpty: return .success(.skip(value))
        case "exit": return Int32(value).map { .success(.exit($0)) } ?? .failure(DirectiveError("`exit:` takes a number, not `\(value)`"))
        case "setup" where !value.isEmpty: return .success(.setup(value))
        case "needs" where !value.isEmpty: return .success(.needs(value))
        case "fresh": return .success(.fresh)
        default: return .failure(DirectiveError("unknown docs-test directive `\(body)` (skip: REASON, exit: N, setup: COMMAND, needs: COMMAND, fresh)"))
        }
    }

    struct DirectiveError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// `code` spans of one line (single backticks; a double-backtick span is taken whole).
    static func codeSpans(in line: String) -> [String] {
        var spans: [String] = []
        var rest = Substring(line)
        while let start = rest.firstIndex(of: "`") {
            let ticks = rest[start...].prefix(while: { $0 == "`" })
            let after = rest[ticks.endIndex...]
            guard let end = after.range(of: String(ticks)) else { break }
            spans.append(after[..<end.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = after[end.upperBound...]
        }
        return spans
    }

    /// The targets of `[text](target)` links of one line, outside code spans.
    static func linkTargets(in line: String) -> [String] {
        var text = line
        for span in codeSpans(in: line) { text = text.replacingOccurrences(of: span, with: "") }
        var targets: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "](") {
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: ")") else { break }
            targets.append(String(after[..<close]))
            rest = after[close...]
        }
        return targets
    }

    /// The commands of a block: every line of a `sh` block (a line ending in `\` goes on with the
    /// next), the `$ ` lines of a `console` block with the lines under each as its shown output.
    static func commands(of block: Block) -> [Command] {
        var commands: [Command] = []
        let console = block.info == "console"
        var index = 0
        while index < block.lines.count {
            let line = block.lines[index]
            let number = block.line + 1 + index
            index += 1
            if console && !line.hasPrefix("$ ") {
                if commands.isEmpty { continue }
                commands[commands.count - 1].shownOutput.append(line)
                continue
            }
            var text = console ? String(line.dropFirst(2)) : line
            while text.hasSuffix("\\") && index < block.lines.count {
                text = String(text.dropLast()) + "\n" + block.lines[index]
                index += 1
            }
            let bare = text.trimmingCharacters(in: .whitespaces)
            if bare.isEmpty || bare.hasPrefix("#") { continue }
            commands.append(Command(line: number, text: text, shownOutput: []))
        }
        return commands
    }

    /// The GitHub anchor of a heading: lower case, punctuation dropped (letters of any script, digits,
    /// `-` and `_` kept), spaces made `-`.
    static func anchor(_ heading: String) -> String {
        var anchor = ""
        for character in heading.lowercased() {
            if character == " " {
                anchor.append("-")
            } else if character == "-" || character == "_" || character.isLetter || character.isNumber {
                anchor.append(character)
            }
        }
        return anchor
    }
}

/// Whether a command printed what a page shows under it. Each shown line must be a line of the
/// output (standard output or error, trailing spaces aside), with two placeholders: `…` stands for
/// any text (a line that is only `…` for lines left out), and a number before a unit of time or size
/// (`7 ms`, `1.4 s`, `416 KiB`) for any number and any unit of the same kind (a time for a time, a
/// size for a size), since those differ from run to run.
enum ShownOutput {
    static var unitPattern: Regex<(Substring, Substring?, Substring)> { #/[0-9][0-9,]*(\.[0-9]+)? (ms|s|KiB|MiB|KB|MB)\b/# }

    /// The shown lines the output lacks.
    static func missing(_ shown: [String], in output: String) -> [String] {
        let lines = output.components(separatedBy: "\n").map { trimmedEnd($0) }
        return shown.map { trimmedEnd($0) }.filter { line in
            if line.isEmpty || line == "…" { return false }
            guard let pattern = try? Regex(regex(for: line)) else { return true }
            return !lines.contains { $0.wholeMatch(of: pattern) != nil }
        }
    }

    /// The regular expression one shown line stands for.
    static func regex(for line: String) -> String {
        var pattern = ""
        var rest = Substring(line)
        while !rest.isEmpty {
            if let match = rest.prefixMatch(of: unitPattern) {
                let unit = String(match.output.2)
                pattern += "[0-9][0-9,.]* " + (["ms", "s"].contains(unit) ? "(ms|s)" : "(KiB|MiB|KB|MB)")
                rest = rest[match.range.upperBound...]
                continue
            }
            let character = rest.removeFirst()
            if character == "…" {
                pattern += ".*"
            } else if character.isASCII && (character.isPunctuation || character.isSymbol) {
                pattern += "\\" + String(character)
            } else {
                pattern.append(character)
            }
            // A unit placeholder starts only at the beginning of a number.
            if character.isNumber || character == "." || character == "," {
                let digits = rest.prefix(while: { $0.isNumber || $0 == "." || $0 == "," })
                pattern += String(digits).map { $0.isNumber ? String($0) : "\\" + String($0) }.joined()
                rest = rest[digits.endIndex...]
            }
        }
        return pattern
    }

    static func trimmedEnd(_ line: String) -> String {
        String(line.reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed())
    }
}
