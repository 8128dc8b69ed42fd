/// Keeps a raw HTML block balanced: the elements it has opened, so that a closing tag closes what
/// was opened after it too, a stray closing tag is dropped, a new cell ends the cell before it (as
/// `<td>` does in a browser), and whatever is still open at the end of the block is closed there.
/// An unclosed `<td>` or `<b>` would otherwise take in the rest of the page: the trailer, the pager,
/// the footer.
///
/// Linear in the block: each element is opened and closed once, whether `</x>` has anything to
/// close is a count, and looking for the cell or row a new one ends stops after `searchDepth`.
struct TagBalancer {
    private(set) var open: [String] = []
    private var counts: [String: Int] = [:]

    /// How far down the open elements a new cell, row or paragraph looks for the one it ends.
    static let searchDepth = 64

    /// What each opening tag ends when it is open (and not beyond the boundaries named).
    private static let implied: [String: (ends: Set<String>, stopsAt: Set<String>)] = {
        let cells: (Set<String>, Set<String>) = (["td", "th"], ["tr", "table", "thead", "tbody", "tfoot"])
        return [
            "td": cells, "th": cells,
            "tr": (["tr"], ["table", "thead", "tbody", "tfoot"]),
            "thead": (["thead", "tbody", "tfoot"], ["table"]),
            "tbody": (["thead", "tbody", "tfoot"], ["table"]),
            "tfoot": (["thead", "tbody", "tfoot"], ["table"]),
            "caption": (["colgroup"], ["table"]),
            "colgroup": (["colgroup"], ["table"]),
            "p": (["p"], ["td", "th", "caption", "table"]),
        ]
    }()

    /// Opens `name`, first closing what it ends.
    mutating func open(_ name: String, into output: inout [UInt8]) {
        if let rule = Self.implied[name], rule.ends.contains(where: { counts[$0, default: 0] > 0 }) {
            for depth in open.indices.reversed().prefix(Self.searchDepth) {
                let element = open[depth]
                if rule.ends.contains(element) {
                    closeDown(to: depth, into: &output)
                    break
                }
                if rule.stopsAt.contains(element) { break }
            }
        }
        open.append(name)
        counts[name, default: 0] += 1
    }

    /// Closes `name` and what was opened after it; nothing when it is not open.
    mutating func close(_ name: String, into output: inout [UInt8]) {
        guard counts[name, default: 0] > 0, let depth = open.lastIndex(of: name) else { return }
        closeDown(to: depth, into: &output)
    }

    /// Closes everything still open.
    mutating func closeAll(into output: inout [UInt8]) {
        if !open.isEmpty { closeDown(to: 0, into: &output) }
    }

    /// Whether `name` is open.
    func isOpen(_ name: String) -> Bool {
        counts[name, default: 0] > 0
    }

    private mutating func closeDown(to depth: Int, into output: inout [UInt8]) {
        while open.count > depth {
            let name = open.removeLast()
            counts[name, default: 1] -= 1
            output += "</\(name)>".utf8
        }
    }
}
