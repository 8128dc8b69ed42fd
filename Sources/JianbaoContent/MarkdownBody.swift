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
/// This file is the driver (`parse`: split into 按语, lead and sections, then render); each step has
/// its own file: +Trailer (lifting the 报尾), +Cleaning (the walk over the tree), +Sanitising (raw
/// HTML, links, images), +InlineTags, +Nesting, +ChineseLines, +Captions, +Locations.
struct MarkdownBody {
    let file: String
    /// The file line on which the body starts; cmark counts from 1 at the body's first line.
    let firstLine: Int
    let kind: DocumentKind

    /// What the walk over the tree finds and collects (MarkdownBody+Cleaning, +Sanitising, +Trailer).
    var diagnostics: DiagnosticList
    var assets: [AssetReference] = []
    /// The paths in `assets`: a file referred to many times is checked once.
    var assetPaths: Set<String> = []

    init(file: String, firstLine: Int, kind: DocumentKind) {
        self.file = file
        self.firstLine = firstLine
        self.kind = kind
        self.diagnostics = DiagnosticList(file: file)
    }

    /// The body's bytes and where each line starts: cmark counts columns in bytes, people in characters.
    var bytes: [UInt8] = []
    var lineStarts: [Int] = [0]

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
