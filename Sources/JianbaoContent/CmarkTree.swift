import CCmark
#if canImport(Glibc)
import Glibc
#endif

/// A libcmark syntax tree, freed when this object goes away.
///
/// Node pointers are not `Sendable`: a tree is made, walked and rendered inside one task.
final class CmarkTree {
    let root: OpaquePointer

    /// Parses CommonMark with source positions on every node.
    init(markdown: String) {
        let options = CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8
        root = markdown.withCString { pointer in
            cmark_parse_document(pointer, strlen(pointer), options)
        }
    }

    /// A new, empty document that takes over nodes moved into it.
    init() {
        root = cmark_node_new(CMARK_NODE_DOCUMENT)
    }

    deinit {
        cmark_node_free(root)
    }

    /// Renders HTML. Raw HTML nodes still in the tree are output as they are, so every raw node
    /// must have been sanitised or removed before (see `MarkdownBody`).
    func renderHTML() -> String {
        Self.renderHTML(root)
    }

    static func renderHTML(_ node: OpaquePointer) -> String {
        guard let html = cmark_render_html(node, CMARK_OPT_UNSAFE) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }
}

/// Thin, Swift-shaped access to one node.
struct CmarkNode {
    let pointer: OpaquePointer

    var type: cmark_node_type { cmark_node_get_type(pointer) }
    var firstChild: CmarkNode? { cmark_node_first_child(pointer).map(CmarkNode.init) }
    var lastChild: CmarkNode? { cmark_node_last_child(pointer).map(CmarkNode.init) }
    var next: CmarkNode? { cmark_node_next(pointer).map(CmarkNode.init) }
    var previous: CmarkNode? { cmark_node_previous(pointer).map(CmarkNode.init) }
    var parent: CmarkNode? { cmark_node_parent(pointer).map(CmarkNode.init) }

    var children: [CmarkNode] {
        var result: [CmarkNode] = []
        var child = firstChild
        while let node = child {
            result.append(node)
            child = node.next
        }
        return result
    }

    var literal: String? {
        get { cmark_node_get_literal(pointer).map { String(cString: $0) } }
        nonmutating set { _ = cmark_node_set_literal(pointer, newValue) }
    }

    var url: String? {
        get { cmark_node_get_url(pointer).map { String(cString: $0) } }
        nonmutating set { _ = cmark_node_set_url(pointer, newValue ?? "") }
    }

    var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }
    var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
    var startColumn: Int { Int(cmark_node_get_start_column(pointer)) }

    /// The text of the node and its descendants, without markup; soft and hard breaks become "\n".
    ///
    /// Walked with cmark's iterator, not by recursion: a body nested thousands of levels deep is safe.
    var plainText: String {
        switch type {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE: return literal ?? ""
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: return "\n"
        default: break
        }
        var text = ""
        let iterator = cmark_iter_new(pointer)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(node) { text += String(cString: literal) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += "\n"
            default:
                continue
            }
        }
        return text
    }

    func unlink() { cmark_node_unlink(pointer) }

    /// Unlinks and frees this node and everything below it.
    func delete() {
        cmark_node_unlink(pointer)
        cmark_node_free(pointer)
    }

    func append(_ child: CmarkNode) { _ = cmark_node_append_child(pointer, child.pointer) }
    func insertBefore(_ sibling: CmarkNode) { _ = cmark_node_insert_before(pointer, sibling.pointer) }

    /// Replaces this node by a raw HTML block holding `html` (trusted markup made by jianbao).
    func replace(withHTMLBlock html: String) {
        let block = CmarkNode(pointer: cmark_node_new(CMARK_NODE_HTML_BLOCK))
        block.literal = html
        _ = cmark_node_replace(pointer, block.pointer)
        cmark_node_free(pointer)
    }

    static func newHTMLInline(_ html: String) -> CmarkNode {
        let node = CmarkNode(pointer: cmark_node_new(CMARK_NODE_HTML_INLINE))
        node.literal = html
        return node
    }
}
