/// What a file is: a briefing issue or one of the 公文 kinds.
public enum DocumentKind: String, Sendable, Hashable, Codable, CaseIterable {
    case briefing
    case notice
    case report
    case statement

    /// The Chinese name of the kind, as readers see it.
    public var label: String {
        switch self {
        case .briefing: return "简报"
        case .notice: return "通知"
        case .report: return "报告"
        case .statement: return "情况说明"
        }
    }

    /// Briefings are numbered issues; the other kinds are 公文 addressed by file name.
    public var isBriefing: Bool { self == .briefing }
}

/// How 第N期 counts: on across the years, or from 1 again each year.
public enum Numbering: String, Sendable, Hashable {
    case continuous
    case yearly
}

/// A special issue's label in the masthead.
public enum SpecialIssue: String, Sendable, Hashable, Codable, CaseIterable {
    /// A regular number with a label.
    case zhuankan = "专刊"
    /// A supplement, numbered in its own sequence (增刊第1期 …).
    case zengkan = "增刊"
    /// A regular number with a label.
    case tekan = "特刊"

    public var isSupplement: Bool { self == .zengkan }
}
