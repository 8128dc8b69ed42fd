import JianbaoSupport

/// The 报尾 of a briefing (or the 版记 lines of a 公文): distribution and editor lines, and the print count.
public struct Trailer: Sendable, Hashable, Codable {
    /// One labelled line, such as 报：市法治政府建设领导小组办公室.
    public struct Line: Sendable, Hashable, Codable {
        public var label: String
        public var text: String
        public var location: SourceLocation?

        public init(label: String, text: String, location: SourceLocation? = nil) {
            self.label = label
            self.text = text
            self.location = location
        }

        public var isDistribution: Bool { Trailer.distributionLabels.contains(label) }
    }

    /// Lines in the order they are printed.
    public var lines: [Line]
    /// （共印N份）
    public var copies: Int?

    public init(lines: [Line] = [], copies: Int? = nil) {
        self.lines = lines
        self.copies = copies
        sortLines()
    }

    /// Labels of who receives the briefing: up (报), across (送), down (发), and their variants.
    public static let distributionLabels: [String] = ["报", "抄报", "送", "抄送", "发", "分送"]
    /// Labels of who made it; printed on the last line with the print count.
    public static let editorLabels: [String] = ["编辑", "责任编辑", "编校", "校对", "审核", "签发", "印发"]
    /// Every label the contract knows, in print order.
    public static let knownLabels: [String] = distributionLabels + editorLabels

    public var isEmpty: Bool { lines.isEmpty && copies == nil }
    public var distribution: [Line] { lines.filter(\.isDistribution) }
    public var editors: [Line] { lines.filter { !$0.isDistribution } }

    public func text(for label: String) -> String? { lines.first { $0.label == label }?.text }

    /// This trailer with `other`'s lines and copies put over it, label by label.
    public func overridden(by other: Trailer) -> Trailer {
        var merged = self
        for line in other.lines {
            if let index = merged.lines.firstIndex(where: { $0.label == line.label }) {
                merged.lines[index] = line
            } else {
                merged.lines.append(line)
            }
        }
        if let copies = other.copies { merged.copies = copies }
        merged.sortLines()
        return merged
    }

    /// Each known label's place in print order.
    private static let printOrder = Dictionary(uniqueKeysWithValues: knownLabels.enumerated().map { ($1, $0) })

    private mutating func sortLines() {
        guard lines.count > 1 else { return }
        let order = Self.printOrder
        lines = lines.enumerated().sorted { a, b in
            let ra = order[a.element.label] ?? Int.max, rb = order[b.element.label] ?? Int.max
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
    }
}
