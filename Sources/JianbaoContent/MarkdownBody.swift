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

    private var diagnostics: DiagnosticList
    private var assets: [AssetReference] = []
    /// The paths in `assets`: a file referred to many times is checked once.
    private var assetPaths: Set<String> = []

    /// How deep lists and block quotes may nest; deeper is an error, not a slow or crashing build.
    static let maxNesting = 32

    init(file: String, firstLine: Int, kind: DocumentKind) {
        self.file = file
        self.firstLine = firstLine
        self.kind = kind
        self.diagnostics = DiagnosticList(file: file)
    }

    /// The body's bytes and where each line starts: cmark counts columns in bytes, people in characters.
    private var bytes: [UInt8] = []
    private var lineStarts: [Int] = [0]

    /// Where `node` starts, with libcmark's byte column: `parse` turns every column it hands out into
    /// characters at the end, all at once (`CharacterColumns`).
    func location(_ node: CmarkNode) -> SourceLocation {
        SourceLocation(file: file, line: node.startLine + firstLine - 1, column: node.startColumn)
    }

    /// The body parsed, with every location's byte column turned into characters.
    private func finished(_ body: ParsedBody) -> ParsedBody {
        var body = body
        var places: [(line: Int, byteColumn: Int)] = []
        func place(_ location: SourceLocation?) {
            if let location, let line = location.line, let column = location.column { places.append((line - firstLine + 1, column)) }
        }
        body.diagnostics.forEach { place($0.location) }
        body.sections.forEach { place($0.location) }
        body.assets.forEach { place($0.location) }
        // The converted columns, in the order the places were listed.
        var columns = CharacterColumns(bytes: bytes, lineStarts: lineStarts).convert(places).makeIterator()
        func converted(_ location: SourceLocation) -> SourceLocation {
            guard location.line != nil, location.column != nil else { return location }
            var location = location
            location.column = columns.next()
            return location
        }
        for index in body.diagnostics.indices { body.diagnostics[index].location = converted(body.diagnostics[index].location) }
        for index in body.sections.indices { body.sections[index].location = body.sections[index].location.map(converted) }
        for index in body.assets.indices { body.assets[index].location = converted(body.assets[index].location) }
        return body
    }

    /// How many lines and markup characters a body may have (`MarkupCount`); tests of the
    /// sanitiser's speed lift it.
    var maxMarkup = ContentLimits.maxMarkup

    mutating func parse(_ markdown: String) -> ParsedBody {
        if let line = MarkupCount.lineExceeding(maxMarkup, in: markdown) {
            // Refused before libcmark builds a tree of a million nodes for it.
            return ParsedBody(noteHTML: nil, leadHTML: "", sections: [], trailer: Trailer(), assets: [], diagnostics: [.error(
                at: SourceLocation(file: file, line: line + firstLine - 1),
                "the text has more than \(maxMarkup) lines and markup characters (`*`, `_`, `[`, `<`, `&` …) by this line: more than jianbao reads in one file",
                hint: "an issue has a few hundred lines: check that this is the right file, or split the document into several files")])
        }
        bytes = Array(markdown.utf8)
        lineStarts = Self.lineStarts(bytes)
        if let tooDeep = Self.firstTooDeeplyNestedLine(bytes, lineStarts: lineStarts) {
            // Refused before libcmark builds a tree of millions of nodes for it.
            return ParsedBody(noteHTML: nil, leadHTML: "", sections: [], trailer: Trailer(), assets: [],
                              diagnostics: [nestingError(at: SourceLocation(file: file, line: tooDeep.line + firstLine - 1, column: tooDeep.column))])
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
        return finished(ParsedBody(noteHTML: noteHTML, leadHTML: render(lead), sections: sections, trailer: trailer,
                                   assets: assets, diagnostics: diagnostics.finished()))
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
        // Paragraphs are read last first; each one's lines are put before those of the paragraphs after it.
        var groups: [[Trailer.Line]] = []
        var copies: Int?
        var candidate = document.lastChild
        while let paragraph = candidate, paragraph.type == CMARK_NODE_PARAGRAPH {
            candidate = paragraph.previous
            let end = Self.trailerAtEnd(of: paragraph)
            guard !end.recognized.isEmpty else { break }
            let lastLine = Int(cmark_node_get_end_line(paragraph.pointer)) + firstLine - 1
            var lifted: [Trailer.Line] = []
            for (fromEnd, recognized) in end.recognized.enumerated().reversed() {
                if let count = recognized.copies, copies == nil { copies = count }
                if let label = recognized.label {
                    let at = SourceLocation(file: file, line: lastLine - fromEnd, column: 1)
                    lifted.append(Trailer.Line(label: label, text: recognized.text, location: at))
                }
            }
            groups.append(lifted)
            guard let keepUntil = end.bodyEnd else {
                paragraph.delete()
                continue
            }
            // Keep the body text before the trailer lines, drop the break that led into them.
            var node = keepUntil.next
            while let current = node {
                node = current.next
                current.delete()
            }
            break
        }
        let lines = groups.reversed().flatMap { $0 }
        var seenLabels: Set<String> = []
        for line in lines where !seenLabels.insert(line.label).inserted {
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

    /// The trailer lines at the end of a paragraph (the lines between soft or hard breaks, read from
    /// the last one back while they are trailer lines), last first, and the break that ends the body
    /// text before them (nil when the whole paragraph is trailer). Reads only those lines: a long
    /// paragraph without a trailer costs one line.
    private static func trailerAtEnd(of paragraph: CmarkNode) -> (recognized: [TrailerRecognizer.Recognized], bodyEnd: CmarkNode?) {
        var recognized: [TrailerRecognizer.Recognized] = []
        var node = paragraph.lastChild
        // The break before the last line read: it ends the line read next.
        var breakAfter: CmarkNode?
        while true {
            var pieces: [String] = []
            var lineBreak: CmarkNode?
            while let current = node {
                node = current.previous
                if current.type == CMARK_NODE_SOFTBREAK || current.type == CMARK_NODE_LINEBREAK {
                    lineBreak = current
                    break
                }
                pieces.append(current.plainText)
            }
            guard let line = TrailerRecognizer.recognize(pieces.reversed().joined()) else { return (recognized, breakAfter) }
            recognized.append(line)
            guard let lineBreak else { return (recognized, nil) }
            breakAfter = lineBreak
        }
    }

    // MARK: Cleaning the tree

    /// What `clean` does to a node once the whole tree has been read.
    private enum Change {
        case joinIfChinese, shapeParagraph, delete, unwrapLink
    }

    /// Sanitises raw HTML and URLs, joins Chinese lines, and turns captions and photos into their markup.
    ///
    /// The tree is read in document order, which checks every node and reports what is wrong in the
    /// order of the file (so that a file with thousands of problems keeps its first ones cheaply, see
    /// `DiagnosticList`); nodes are then changed in reverse document order: children before their
    /// parents, so a node is never touched after an ancestor was replaced. No recursion: deep nesting
    /// is safe.
    private mutating func clean(_ document: CmarkNode) {
        var changes: [(node: CmarkNode, change: Change)] = []
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
            let node = CmarkNode(pointer: pointer)
            switch type {
            case CMARK_NODE_SOFTBREAK: changes.append((node, .joinIfChinese))
            case CMARK_NODE_PARAGRAPH: changes.append((node, .shapeParagraph))
            case CMARK_NODE_HTML_INLINE: if !keepInlineHTML(node) { changes.append((node, .delete)) }
            case CMARK_NODE_HTML_BLOCK: if !keepBlockHTML(node) { changes.append((node, .delete)) }
            case CMARK_NODE_LINK: if !keepLink(node) { changes.append((node, .unwrapLink)) }
            case CMARK_NODE_IMAGE: if !keepImage(node) { changes.append((node, .delete)) }
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                // The file holds no control character (checked when it was read), but `&#11;` decodes to one.
                refuseControlCharacters(in: node)
            default:
                continue
            }
        }
        for (node, change) in changes.reversed() {
            switch change {
            case .joinIfChinese: joinIfChinese(node)
            case .shapeParagraph: shapeParagraph(node)
            case .delete: node.delete()
            case .unwrapLink:
                // The link's text stays, without its address.
                for child in node.children { node.insertBefore(child) }
                node.delete()
            }
        }
        balanceInlineTags(in: document)
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

    /// Sanitises an inline tag in place; false (with a warning) when it is not published.
    private mutating func keepInlineHTML(_ node: CmarkNode) -> Bool {
        let literal = node.literal ?? ""
        if let kept = HTMLSanitizer.sanitizeInlineTag(literal) {
            if kept != literal { node.literal = kept }
            return true
        }
        let at = location(node)
        if diagnostics.accepts(.warning, at: at) {
            diagnostics.append(.warning(at: at, "inline HTML `\(literal.prefix(40))` is not published",
                                        hint: "only these tags are kept: \(HTMLSanitizer.inlineTagList)"))
        }
        return false
    }

    /// Sanitises a table block in place; false (with a warning) for other raw HTML, which is not published.
    private mutating func keepBlockHTML(_ node: CmarkNode) -> Bool {
        let literal = node.literal ?? ""
        if HTMLSanitizer.isTableBlock(literal) {
            let table = HTMLSanitizer.sanitizeTable(literal)
            node.literal = table.html
            if let offset = table.unendedTagOffset {
                // The tag's line and byte column in the file (turned into characters at the end).
                let before = Array(literal.utf8.prefix(offset))
                var at = location(node)
                if let newline = before.lastIndex(of: UInt8(ascii: "\n")) {
                    at.line = (at.line ?? 1) + before.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                    at.column = offset - newline
                } else {
                    at.column = (at.column ?? 1) + offset
                }
                let tag = String(decoding: literal.utf8.dropFirst(offset).prefix(40), as: UTF8.self)
                diagnostics.append(.warning(at: at, "the tag `\(tag)` is never ended with `>`: the rest of the table is not published",
                                            hint: "end the tag with `>`, and close every quote it opens"))
            }
            return true
        }
        let at = location(node)
        if diagnostics.accepts(.warning, at: at) {
            let first = literal.split(separator: "\n").first.map(String.init) ?? ""
            diagnostics.append(.warning(at: at, "raw HTML `\(first.prefix(40))` is not published",
                                        hint: "only <table> blocks and a few inline tags are kept; write the rest in Markdown"))
        }
        return false
    }

    /// False (with a warning) for a link whose address is not allowed: its text is kept, not the link.
    private mutating func keepLink(_ node: CmarkNode) -> Bool {
        refuseControlCharacters(in: node)
        let url = node.url ?? ""
        if !URLPolicy.isSafe(url) {
            let at = location(node)
            if diagnostics.accepts(.warning, at: at) {
                diagnostics.append(.warning(at: at, "the link to `\(url.prefix(40))` is not published",
                                            hint: "links may use http, https, mailto and tel, or relative paths"))
            }
            return false
        }
        noteAsset(url, node, isImage: false)
        return true
    }

    /// False (with an error) for an image whose address is not allowed.
    private mutating func keepImage(_ node: CmarkNode) -> Bool {
        refuseControlCharacters(in: node)
        let url = node.url ?? ""
        if !URLPolicy.isSafe(url) {
            let at = location(node)
            if diagnostics.accepts(.error, at: at) {
                diagnostics.append(.error(at: at, "the image address `\(url.prefix(40))` is not allowed",
                                          hint: "put the image file beside the Markdown file and write its relative path"))
            }
            return false
        }
        if URLPolicy.isAbsolutePath(url) {
            // A browser would ask the web server for it, and `jianbao pdf` would embed the file of
            // that path on the computer that prints.
            let at = location(node)
            if diagnostics.accepts(.error, at: at) {
                diagnostics.append(.error(at: at, "the image `\(url.prefix(40))` is an absolute path: only files from inside the content folder are published",
                                          hint: "put the image file beside the Markdown file and write its relative path, e.g. `images/1.jpg`"))
            }
            return false
        }
        noteAsset(url, node, isImage: true)
        return true
    }

    private mutating func noteAsset(_ url: String, _ node: CmarkNode, isImage: Bool) {
        guard URLPolicy.isLocalPath(url) else { return }
        if url.contains("\\") {
            // Browsers read `\` as `/`, the disk does not: the page would point somewhere else than
            // the file that was checked and published.
            let path = String(url.prefix { $0 != "#" && $0 != "?" })
            if isImage || DocumentLoader.assetExtensions.contains(Path.fileExtension(path)) {
                diagnostics.append(.error(at: location(node), "the path `\(url.prefix(40))` uses `\\`: write paths with `/`",
                                          hint: "e.g. `images/1.jpg`, not `images\\1.jpg`"))
            }
            return
        }
        let path = String(url.prefix { $0 != "#" && $0 != "?" }).removingPercentEncoding
        // The first reference to a file is the one checked (and named in messages).
        if assetPaths.insert(path).inserted {
            assets.append(AssetReference(path: path, location: location(node), isImage: isImage))
        }
    }

    /// An error for a control character in the text of `node`, in a link's or image's title or a
    /// code block's info string: they come from character references such as `&#11;`.
    private mutating func refuseControlCharacters(in node: CmarkNode) {
        let texts = [cmark_node_get_literal(node.pointer), cmark_node_get_title(node.pointer), cmark_node_get_fence_info(node.pointer)]
        for case let text? in texts {
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text))
            guard let control = ControlCharacters.firstForbidden(utf8: bytes) else { continue }
            diagnostics.append(.error(
                at: location(node), "the text holds the control character \(ControlCharacters.describe(control.scalar)), written as a character reference such as `&#11;`",
                hint: "remove the reference: a web page or feed cannot carry the character"))
            return
        }
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
