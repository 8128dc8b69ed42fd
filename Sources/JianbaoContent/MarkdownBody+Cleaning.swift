import CCmark
#if canImport(Glibc)
import Glibc
#endif
import JianbaoModel
import JianbaoSupport

/// The walk over the syntax tree that checks and changes each node (see `clean`).
extension MarkdownBody {
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
    mutating func clean(_ document: CmarkNode) {
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
}
