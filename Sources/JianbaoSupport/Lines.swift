extension String {
    /// The lines of the text, split on the "\n" byte. Much faster than `split(separator: "\n")`, which
    /// walks Characters (grapheme clusters) through the whole text.
    public func linesSplitOnNewline(omittingEmpty: Bool = false) -> [Substring] {
        var lines: [Substring] = []
        var start = utf8.startIndex
        while true {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            if !(omittingEmpty && start == end) { lines.append(self[start..<end]) }
            if end == utf8.endIndex { return lines }
            start = utf8.index(after: end)
        }
    }
}
