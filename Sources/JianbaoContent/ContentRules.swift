import JianbaoModel
import JianbaoSupport

/// The loader's own reading rules, for the tools that write or inspect content (`new`, `check`,
/// `import`): they must recognise trailer lines and captions exactly as a build does.
public enum ContentRules {
    /// What a trailer line holds: `编校：徐亚利、陈宇  （共印80份）` → 编校, 徐亚利、陈宇, 80.
    public struct TrailerLine: Sendable, Equatable {
        /// nil for a line that is only `（共印80份）`.
        public var label: String?
        public var text: String
        public var copies: Int?
    }

    /// The trailer content of one line, as the loader reads it; nil when the line is body text.
    public static func trailerLine(_ line: String) -> TrailerLine? {
        TrailerRecognizer.recognize(line).map { TrailerLine(label: $0.label, text: $0.text, copies: $0.copies) }
    }

    /// A whole line in parentheses, `（督导组在县公安局督导创建工作）`: published as a caption.
    public static func isCaption(_ line: String) -> Bool {
        MarkdownBody.isCaption(line)
    }

    /// The front matter lines and the line the body starts on; nil when the text has no front matter.
    public static func frontMatter(of text: String) -> (yaml: String, yamlFirstLine: Int, body: String, bodyFirstLine: Int)? {
        let split = FrontMatterSplit(text)
        guard let yaml = split.yaml, !split.unclosed else { return nil }
        return (yaml, split.yamlFirstLine, split.body, split.bodyFirstLine)
    }

    /// Decodes a content file as the loader does (UTF-8, BOM and CRLF allowed); nil when it is not UTF-8.
    public static func decode(_ bytes: [UInt8]) -> String? {
        if case .success(let text) = SourceText.decode(bytes) { return text }
        return nil
    }
}
