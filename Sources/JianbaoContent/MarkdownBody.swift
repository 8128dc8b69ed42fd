import CCmark
#if canImport(Glibc)
import Glibc
#endif
import JianbaoModel
import JianbaoSupport

/// The body of a document after the libcmark walk: 按语, lead text, sections, the lifted trailer,
/// and the files it refers to.
struct ParsedBody {
    var noteHTML: String?
    var leadHTML: String
    var sections: [Section]
    var trailer: Trailer
    /// Relative paths of local images and links, with where they were written.
    var assets: [AssetReference]
    var diagnostics: [Diagnostic]
}

/// A local file the body refers to: an image, or a link to a file published beside the page.
struct AssetReference {
    var path: String
    var location: SourceLocation
    /// Images are always published; links only to files with a known extension (see `DocumentLoader`).
    var isImage: Bool
}

/// Parses a Markdown body through libcmark and turns its syntax tree into publishable HTML pieces.
struct MarkdownBody {
    let file: String
    /// The file line on which the body starts; cmark counts from 1 at the body's first line.
    let firstLine: Int
    let kind: DocumentKind

    private var diagnostics: [Diagnostic] = []
    private var assets: [AssetReference] = []

    /// How deep lists and block quotes may nest; deeper is an error, not a slow or crashing build.
    static let maxNesting = 32

    init(file: String, firstLine: Int, kind: DocumentKind) {
        self.file = file
        self.firstLine = firstLine
        self.kind = kind
    }

    /// The body's bytes and where each line starts: cmark counts columns in bytes, people in characters.
    private var bytes: [UInt8] = []
    private var lineStarts: [Int] = [0]

    func location(_ node: CmarkNode) -> SourceLocation {
        SourceLocation(file: file, line: node.startLine + firstLine - 1, column: characterColumn(line: node.startLine, byteColumn: node.startColumn))
    }

    /// The 1-based character column of a 1-based byte column on a body line.
    private func characterColumn(line: Int, byteColumn: Int) -> Int {
        guard byteColumn > 1, lineStarts.indices.contains(line - 1) else { return byteColumn }
        let start = lineStarts[line - 1]
        let end = min(start + byteColumn - 1, bytes.count)
        guard start <= end else { return byteColumn }
        return String(decoding: bytes[start..<end], as: UTF8.self).count + 1
    }

    mutating func parse(_ markdown: String) -> ParsedBody {
        bytes = Array(markdown.utf8)
        lineStarts = Self.lineStarts(bytes)
        if let tooDeep = Self.firstTooDeeplyNestedLine(bytes, lineStarts: lineStarts) {
            // Refused before libcmark builds a tree of millions of nodes for it.
            diagnostics.append(nestingError(at: SourceLocation(file: file, line: tooDeep.line + firstLine - 1, column: tooDeep.column)))
            return ParsedBody(noteHTML: nil, leadHTML: "", sections: [], trailer: Trailer(), assets: [], diagnostics: diagnostics)
        }
        let tree = CmarkTree(markdown: markdown)
        let document = CmarkNode(pointer: tree.root)
        let trailer = liftTrailer(from: document)
        clean(document)
        var noteHTML: String?
        var lead: [CmarkNode] = []
        var groups: [(heading: CmarkNode, nodes: [CmarkNode])] = []
        for node in document.children {
            if node.type == CMARK_NODE_HEADING && node.headingLevel == 1 {
                groups.append((node, []))
            } else if groups.isEmpty {
                if noteHTML == nil && lead.isEmpty && isNote(node) {
                    noteHTML = renderChildren(of: node)
                } else {
                    lead.append(node)
                }
            } else {
                groups[groups.count - 1].nodes.append(node)
            }
        }
        var sections: [Section] = []
        var articleCount = 0, partCount = 0
        for group in groups {
            let title = group.heading.plainText.trimmingSpaces
            let attachment = kind.isBriefing ? nil : Self.attachmentNumber(inHeading: title)
            let anchor: String
            if let attachment {
                anchor = "fujian-\(attachment)"
            } else if kind.isBriefing {
                articleCount += 1
                anchor = "article-\(articleCount)"
            } else {
                partCount += 1
                anchor = "part-\(partCount)"
            }
            if title.isEmpty {
                diagnostics.append(.error(at: location(group.heading), "a level-1 heading has no text",
                                          hint: "write the article's title after `# `"))
            }
            sections.append(Section(title: title, anchor: anchor, html: render(group.nodes),
                                    attachmentNumber: attachment, location: location(group.heading)))
        }
        return ParsedBody(noteHTML: noteHTML, leadHTML: render(lead), sections: sections, trailer: trailer,
                          assets: assets, diagnostics: diagnostics)
    }

    /// `附件1`, `附件 2`, `附件`: the attachment's number (0 for a lone one); nil for other headings.
    static func attachmentNumber(inHeading title: String) -> Int? {
        guard title.hasPrefix("附件") else { return nil }
        let rest = title.dropFirst(2).filter { !$0.isWhitespace }
        if rest.isEmpty { return 0 }
        let digits = rest.map { character -> Character in
            // Full-width digits ０-９ count as digits.
            if let scalar = character.unicodeScalars.first, (0xFF10...0xFF19).contains(scalar.value) {
                return Character(UnicodeScalar(scalar.value - 0xFF10 + 0x30)!)
            }
            return character
        }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(String(digits)) else { return nil }
        return number
    }

    /// A block quote that starts with 按语 or 编者按.
    private func isNote(_ node: CmarkNode) -> Bool {
        guard node.type == CMARK_NODE_BLOCK_QUOTE else { return false }
        let text = node.plainText.trimmingSpaces
        return text.hasPrefix("按语") || text.hasPrefix("编者按") || text.hasPrefix("编者的话")
    }

    // MARK: Trailer

    /// Lifts the trailing lines that start with a known label (and the 共印 line) out of the body.
    private mutating func liftTrailer(from document: CmarkNode) -> Trailer {
        var lines: [Trailer.Line] = []
        var copies: Int?
        var candidate = document.lastChild
        while let paragraph = candidate, paragraph.type == CMARK_NODE_PARAGRAPH {
            candidate = paragraph.previous
            let split = Self.lines(of: paragraph)
            var firstTrailerLine = split.count
            var recognizedLines: [TrailerRecognizer.Recognized] = []
            while firstTrailerLine > 0, let recognized = TrailerRecognizer.recognize(split[firstTrailerLine - 1].text) {
                recognizedLines.append(recognized)
                firstTrailerLine -= 1
            }
            guard firstTrailerLine < split.count else { break }
            var lifted: [Trailer.Line] = []
            for (offset, recognized) in recognizedLines.reversed().enumerated() {
                if let count = recognized.copies, copies == nil { copies = count }
                if let label = recognized.label {
                    let at = SourceLocation(file: file, line: paragraph.startLine + firstLine - 1 + firstTrailerLine + offset, column: 1)
                    lifted.append(Trailer.Line(label: label, text: recognized.text, location: at))
                }
            }
            lines.insert(contentsOf: lifted, at: 0)
            if firstTrailerLine == 0 {
                paragraph.delete()
                continue
            }
            // Keep the body text before the trailer lines, drop the break that led into them.
            let keepUntil = split[firstTrailerLine - 1].nodes.last
            var node = keepUntil?.next
            while let current = node {
                node = current.next
                current.delete()
            }
            break
        }
        for (index, line) in lines.enumerated() where lines[..<index].contains(where: { $0.label == line.label }) {
            diagnostics.append(.warning(at: line.location ?? SourceLocation(file: file),
                                        "the trailer line `\(line.label)：` is given twice; the last one is used"))
        }
        var unique: [Trailer.Line] = []
        for line in lines {
            unique.removeAll { $0.label == line.label }
            unique.append(line)
        }
        return Trailer(lines: unique, copies: copies)
    }

    /// A paragraph's lines: the inline nodes between soft or hard breaks, and their text.
    private static func lines(of paragraph: CmarkNode) -> [(nodes: [CmarkNode], text: String)] {
        var result: [(nodes: [CmarkNode], text: String)] = [([], "")]
        for child in paragraph.children {
            if child.type == CMARK_NODE_SOFTBREAK || child.type == CMARK_NODE_LINEBREAK {
                result[result.count - 1].nodes.append(child)
                result.append(([], ""))
            } else {
                result[result.count - 1].nodes.append(child)
                result[result.count - 1].text += child.plainText
            }
        }
        return result.filter { !$0.nodes.isEmpty || !$0.text.trimmingSpaces.isEmpty }
    }

    // MARK: Cleaning the tree

    /// Sanitises raw HTML and URLs, joins Chinese lines, and turns captions and photos into their markup.
    ///
    /// Nodes are collected first and changed in reverse document order: children before their parents,
    /// so a node is never touched after an ancestor was replaced. No recursion: deep nesting is safe.
    private mutating func clean(_ document: CmarkNode) {
        var nodes: [CmarkNode] = []
        let iterator = cmark_iter_new(document.pointer)
        defer { cmark_iter_free(iterator) }
        var nesting = 0
        var reportedNesting = false
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let pointer = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(pointer)
            if type == CMARK_NODE_LIST || type == CMARK_NODE_BLOCK_QUOTE {
                nesting += event == CMARK_EVENT_ENTER ? 1 : -1
                if nesting > Self.maxNesting && !reportedNesting {
                    reportedNesting = true
                    diagnostics.append(nestingError(at: location(CmarkNode(pointer: pointer))))
                }
            }
            guard event == CMARK_EVENT_ENTER else { continue }
            switch type {
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_HTML_INLINE, CMARK_NODE_HTML_BLOCK, CMARK_NODE_LINK,
                 CMARK_NODE_IMAGE, CMARK_NODE_PARAGRAPH:
                nodes.append(CmarkNode(pointer: pointer))
            default:
                continue
            }
        }
        for node in nodes.reversed() {
            switch node.type {
            case CMARK_NODE_SOFTBREAK: joinIfChinese(node)
            case CMARK_NODE_HTML_INLINE: cleanInlineHTML(node)
            case CMARK_NODE_HTML_BLOCK: cleanBlockHTML(node)
            case CMARK_NODE_LINK: cleanLink(node)
            case CMARK_NODE_IMAGE: cleanImage(node)
            case CMARK_NODE_PARAGRAPH: shapeParagraph(node)
            default: break
            }
        }
    }

    private func nestingError(at location: SourceLocation) -> Diagnostic {
        .error(at: location, "lists and quotes are nested more than \(Self.maxNesting) levels deep here",
               hint: "a briefing needs two or three levels: check for stray `-`, `*`, `1.` or `>` at the start of lines")
    }

    /// The first line that opens more than `maxNesting` lists or quotes at its start (`> > - - 1. …`),
    /// with the column of the marker that goes too deep. Deeper nesting through indentation needs
    /// long runs of spaces on many lines, is bounded by the file size limit and found in `clean`.
    static func firstTooDeeplyNestedLine(_ markdown: String) -> (line: Int, column: Int)? {
        let bytes = Array(markdown.utf8)
        return firstTooDeeplyNestedLine(bytes, lineStarts: lineStarts(bytes))
    }

    /// As above, on the text's bytes and the offsets where its lines start.
    static func firstTooDeeplyNestedLine(_ bytes: [UInt8], lineStarts: [Int]) -> (line: Int, column: Int)? {
        for (index, start) in lineStarts.enumerated() {
            // Most lines start with text: no marker, nothing to count.
            guard start < bytes.count, Self.mayStartNesting(bytes[start]) else { continue }
            let end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
            if let column = tooDeepColumn(in: bytes[start..<end]) { return (index + 1, column) }
        }
        return nil
    }

    /// Space, tab, `>`, `-`, `*`, `+` or a digit: what `tooDeepColumn` looks past.
    private static func mayStartNesting(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ">"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return false
        }
    }

    /// The offset of each line's first byte: 0, and one past every "\n".
    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            // memchr finds the next "\n" many bytes at a time: a paragraph is one long line.
            while offset < buffer.count, let found = memchr(base + offset, Int32(UInt8(ascii: "\n")), buffer.count - offset) {
                offset = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base + 1
                starts.append(offset)
            }
        }
        return starts
    }

    private static func tooDeepColumn(in line: ArraySlice<UInt8>) -> Int? {
        var depth = 0
        var index = line.startIndex
        var column = 1
        var markers: Set<UInt8> = []
        func isBlank(_ offset: Int) -> Bool {
            offset == line.endIndex || line[offset] == UInt8(ascii: " ") || line[offset] == UInt8(ascii: "\t")
        }
        while index < line.endIndex {
            let byte = line[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                index = line.index(after: index)
                column += 1
                continue
            }
            var next = line.index(after: index)
            if byte == UInt8(ascii: ">") {
                markers.insert(byte)
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "+") {
                guard isBlank(next) else { break }
                markers.insert(byte)
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                var digits = 1
                while next < line.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(line[next]), digits < 9 {
                    next = line.index(after: next)
                    digits += 1
                }
                guard next < line.endIndex, line[next] == UInt8(ascii: ".") || line[next] == UInt8(ascii: ")") else { break }
                next = line.index(after: next)
                guard isBlank(next) else { break }
                markers.insert(UInt8(ascii: "1"))
            } else {
                break
            }
            depth += 1
            if depth > maxNesting {
                // `- - - - …` alone on its line is a thematic break (a rule), not nesting.
                let rest = line[next...].allSatisfy { $0 == byte || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                if rest && markers.count == 1 && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "+") { return nil }
                return column
            }
            column += line.distance(from: index, to: next)
            index = next
        }
        return nil
    }

    /// A line break in the source between Chinese characters is no space: drop it.
    private func joinIfChinese(_ node: CmarkNode) {
        let before = node.previous.map(\.plainText)?.last
        let after = node.next.map(\.plainText)?.first
        if before.map(Self.isCJK) ?? true || after.map(Self.isCJK) ?? true {
            node.delete()
        }
    }

    static func isCJK(_ character: Character) -> Bool {
        guard let value = character.unicodeScalars.first?.value else { return false }
        return (0x2E80...0x9FFF).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFFEF).contains(value) || value >= 0x20000
    }

    private mutating func cleanInlineHTML(_ node: CmarkNode) {
        let literal = node.literal ?? ""
        if let kept = HTMLSanitizer.sanitizeInlineTag(literal) {
            node.literal = kept
        } else {
            diagnostics.append(.warning(at: location(node), "inline HTML `\(literal.prefix(40))` is not published",
                                        hint: "only these tags are kept: \(HTMLSanitizer.inlineTags.sorted().joined(separator: " "))"))
            node.delete()
        }
    }

    private mutating func cleanBlockHTML(_ node: CmarkNode) {
        let literal = node.literal ?? ""
        if HTMLSanitizer.isTableBlock(literal) {
            node.literal = HTMLSanitizer.sanitizeTable(literal)
        } else {
            let first = literal.split(separator: "\n").first.map(String.init) ?? ""
            diagnostics.append(.warning(at: location(node), "raw HTML `\(first.prefix(40))` is not published",
                                        hint: "only <table> blocks and a few inline tags are kept; write the rest in Markdown"))
            node.delete()
        }
    }

    private mutating func cleanLink(_ node: CmarkNode) {
        let url = node.url ?? ""
        if !URLPolicy.isSafe(url) {
            diagnostics.append(.warning(at: location(node), "the link to `\(url.prefix(40))` is not published",
                                        hint: "links may use http, https, mailto and tel, or relative paths"))
            for child in node.children { node.insertBefore(child) }
            node.delete()
            return
        }
        noteAsset(url, node, isImage: false)
    }

    private mutating func cleanImage(_ node: CmarkNode) {
        let url = node.url ?? ""
        if !URLPolicy.isSafe(url) {
            diagnostics.append(.error(at: location(node), "the image address `\(url.prefix(40))` is not allowed",
                                      hint: "put the image file beside the Markdown file and write its relative path"))
            node.delete()
            return
        }
        noteAsset(url, node, isImage: true)
    }

    private mutating func noteAsset(_ url: String, _ node: CmarkNode, isImage: Bool) {
        guard URLPolicy.isLocalPath(url) else { return }
        let path = String(url.prefix { $0 != "#" && $0 != "?" })
        assets.append(AssetReference(path: path.removingPercentEncoding, location: location(node), isImage: isImage))
    }

    /// Caption paragraphs `（…）` get their class; a paragraph that is one image becomes a figure.
    private func shapeParagraph(_ node: CmarkNode) {
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

    // MARK: Rendering

    private func render(_ nodes: [CmarkNode]) -> String {
        guard !nodes.isEmpty else { return "" }
        let holder = CmarkTree()
        let root = CmarkNode(pointer: holder.root)
        for node in nodes {
            node.unlink()
            root.append(node)
        }
        return holder.renderHTML()
    }

    private func renderChildren(of node: CmarkNode) -> String {
        render(node.children)
    }
}

extension String {
    /// `%E5%9B%BE.jpg` → `图.jpg`; the text as it is when it holds no valid escapes.
    var removingPercentEncoding: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var index = utf8.startIndex
        let view = utf8
        while index < view.endIndex {
            let byte = view[index]
            if byte == UInt8(ascii: "%"), let high = view.index(index, offsetBy: 1, limitedBy: view.endIndex),
               let low = view.index(index, offsetBy: 2, limitedBy: view.endIndex), low < view.endIndex,
               let value = UInt8(String(decoding: [view[high], view[low]], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index = view.index(index, offsetBy: 3)
            } else {
                bytes.append(byte)
                index = view.index(after: index)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? self
    }
}
