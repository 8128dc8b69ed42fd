import CCmark
#if canImport(Glibc)
import Glibc
#endif
import JianbaoModel
import JianbaoSupport

/// Caption paragraphs `（…）` and photos with their captions.
extension MarkdownBody {
    /// Caption paragraphs `（…）` get their class; a paragraph that is one image becomes a figure.
    func shapeParagraph(_ node: CmarkNode) {
        let children = node.children
        if children.count == 1, let image = children.first, image.type == CMARK_NODE_IMAGE {
            let caption = image.plainText.trimmingSpaces
            guard !caption.isEmpty else { return }
            let src = (image.url ?? "").htmlEscaped
            node.replace(withHTMLBlock: "<figure><img src=\"\(src)\" alt=\"\(caption.htmlEscaped)\"><figcaption>\(caption.htmlEscaped)</figcaption></figure>\n")
            return
        }
        guard children.allSatisfy({ child in
            let type = child.type
            return type == CMARK_NODE_TEXT || type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK
        }) else { return }
        if let first = children.first, Self.startsWithIdeographOrLetter(first) { return }
        let lines = node.plainText.linesSplitOnNewline(omittingEmpty: true).map(\.trimmingSpaces).filter { !$0.isEmpty }
        guard !lines.isEmpty, lines.allSatisfy(Self.isCaption) else { return }
        node.replace(withHTMLBlock: lines.map { "<p class=\"caption\">\($0.htmlEscaped)</p>\n" }.joined())
    }

    /// Whether a text node's first character after spaces and tabs is an ASCII character other than
    /// `(`, or a CJK ideograph (U+4000–U+9FFF, three UTF-8 bytes led by E4–E9): then the paragraph it
    /// starts is no caption, which most are not, and its text need not be gathered and split to see it.
    /// Such a character starts a Character of its own after spaces, so the check is exact.
    private static func startsWithIdeographOrLetter(_ node: CmarkNode) -> Bool {
        guard node.type == CMARK_NODE_TEXT, var byte = cmark_node_get_literal(node.pointer) else { return false }
        while byte.pointee == 0x20 || byte.pointee == 0x09 { byte += 1 }
        let lead = UInt8(bitPattern: byte.pointee)
        return (0x21...0x7E).contains(lead) && lead != UInt8(ascii: "(") || (0xE4...0xE9).contains(lead)
    }

    /// A whole line in full-width (or half-width) parentheses whose opening bracket closes at its end:
    /// （督导组在县公安局督导创建工作）, but not （一）组织筹备阶段（7月31日前）.
    static func isCaption(_ line: String) -> Bool {
        guard let first = line.first, first == "（" || first == "(", let last = line.last, last == "）" || last == ")" else { return false }
        var depth = 0
        for (offset, character) in line.enumerated() {
            if character == "（" || character == "(" { depth += 1 }
            if character == "）" || character == ")" {
                depth -= 1
                if depth == 0 && offset != line.count - 1 { return false }
            }
        }
        return depth == 0 && line.count > 2
    }
}
