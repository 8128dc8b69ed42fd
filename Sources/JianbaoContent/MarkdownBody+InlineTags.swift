import CCmark

extension MarkdownBody {
    /// Closes every inline tag (`<b>`, `<code>` …) in the element it was opened in: a closing tag
    /// closes what was opened after it too, one that closes nothing is dropped, and what is still
    /// open at the end of a paragraph, heading, emphasis or link is closed there. An unclosed
    /// `<code>` would otherwise make the rest of the page monospace: a browser carries formatting
    /// elements over into the paragraphs after them.
    ///
    /// libcmark gives each inline tag as its own node, already sanitised to `<b>` or `</b>`; the
    /// elements holding them are found first, then each one's children are balanced.
    func balanceInlineTags(in document: CmarkNode) {
        var containers: [OpaquePointer] = []
        var seen: Set<OpaquePointer> = []
        let iterator = cmark_iter_new(document.pointer)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_HTML_INLINE, let parent = cmark_node_parent(node) else { continue }
            if seen.insert(parent).inserted { containers.append(parent) }
        }
        for container in containers { Self.balanceChildren(of: CmarkNode(pointer: container)) }
    }

    private static func balanceChildren(of container: CmarkNode) {
        var balancer = TagBalancer()
        var child = container.firstChild
        while let node = child {
            child = node.next
            guard node.type == CMARK_NODE_HTML_INLINE, let literal = node.literal else { continue }
            let isClosing = literal.hasPrefix("</")
            let name = String(literal.dropFirst(isClosing ? 2 : 1).dropLast())
            if isClosing {
                guard balancer.isOpen(name) else {
                    node.delete()
                    continue
                }
                var closers: [UInt8] = []
                balancer.close(name, into: &closers)
                node.literal = String(decoding: closers, as: UTF8.self)
            } else if !HTMLSanitizer.voidTags.contains(name) {
                var nothing: [UInt8] = []
                balancer.open(name, into: &nothing)
            }
        }
        var closers: [UInt8] = []
        balancer.closeAll(into: &closers)
        if !closers.isEmpty { container.append(CmarkNode.newHTMLInline(String(decoding: closers, as: UTF8.self))) }
    }
}
