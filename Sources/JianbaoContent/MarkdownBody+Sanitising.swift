import CCmark
#if canImport(Glibc)
import Glibc
#endif
import JianbaoModel
import JianbaoSupport

/// Raw HTML, links and images, checked and made safe node by node during the cleaning walk.
extension MarkdownBody {
    /// Sanitises an inline tag in place; false (with a warning) when it is not published.
    mutating func keepInlineHTML(_ node: CmarkNode) -> Bool {
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
    mutating func keepBlockHTML(_ node: CmarkNode) -> Bool {
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
        // `<!-- 横排 -->` on the line before a table asks print to set it landscape (JianbaoTypeset's
        // TableColumns reads it): kept as this fixed comment, which a browser does not show.
        if literal.trimmingSpaces == TableMarks.landscape {
            node.literal = TableMarks.landscape + "\n"
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
    mutating func keepLink(_ node: CmarkNode) -> Bool {
        keepAddress(of: node, isImage: false)
    }

    /// False (with an error) for an image whose address is not allowed.
    mutating func keepImage(_ node: CmarkNode) -> Bool {
        keepAddress(of: node, isImage: true)
    }

    private mutating func keepAddress(of node: CmarkNode, isImage: Bool) -> Bool {
        refuseControlCharacters(in: node)
        let url = node.url ?? ""
        if !URLPolicy.isSafe(url) {
            if isImage {
                report(.error, at: node, "the image address `\(url.prefix(40))` is not allowed",
                       hint: "put the image file beside the Markdown file and write its relative path")
            } else {
                report(.warning, at: node, "the link to `\(url.prefix(40))` is not published",
                       hint: "links may use http, https, mailto and tel, or relative paths")
            }
            return false
        }
        if isImage && URLPolicy.isAbsolutePath(url) {
            // A browser would ask the web server for it, and `jianbao pdf` would embed the file of
            // that path on the computer that prints.
            report(.error, at: node, "the image `\(url.prefix(40))` is an absolute path: only files from inside the content folder are published",
                   hint: "put the image file beside the Markdown file and write its relative path, e.g. `images/1.jpg`")
            return false
        }
        noteAsset(url, node, isImage: isImage)
        return true
    }

    /// A finding about `node`, when the list still takes findings of its kind there (`DiagnosticList`).
    private mutating func report(_ severity: Diagnostic.Severity, at node: CmarkNode, _ message: String, hint: String) {
        let at = location(node)
        if diagnostics.accepts(severity, at: at) {
            diagnostics.append(Diagnostic(severity, at: at, message, hint: hint))
        }
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
    mutating func refuseControlCharacters(in node: CmarkNode) {
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
}
