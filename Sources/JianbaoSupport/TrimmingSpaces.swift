extension String {
    /// As `StringProtocol.trimmingSpaces`, but the text itself, without a copy, when neither end is
    /// white space: the usual case, met on every line and title a build reads.
    public var trimmingSpaces: String {
        if let first, !first.isWhitespace, let last, !last.isWhitespace { return self }
        return self[...].trimmingSpaces
    }
}

extension Substring {
    /// As `StringProtocol.trimmingSpaces`, without the generic code's overhead.
    public var trimmingSpaces: String {
        guard let start = firstIndex(where: { !$0.isWhitespace }),
              let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[start...end])
    }
}
