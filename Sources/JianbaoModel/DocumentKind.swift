import JianbaoSupport

/// What a file is: a briefing issue, or a 公文 of one of the 15 文种 of the 党政机关公文处理工作条例
/// (2012), or a 情况说明. `kind:` takes the English name (the raw value) or the Chinese one.
public enum DocumentKind: String, Sendable, Hashable, Codable, CaseIterable {
    case briefing
    case resolution
    case decision
    case order
    case communique
    case announcement
    case circular
    case opinion
    case notice
    case bulletin
    case report
    case request
    case reply
    case motion
    case letter
    case minutes
    case statement

    /// The Chinese name of the kind, as readers see it.
    public var label: String {
        switch self {
        case .briefing: return "简报"
        case .resolution: return "决议"
        case .decision: return "决定"
        case .order: return "命令"
        case .communique: return "公报"
        case .announcement: return "公告"
        case .circular: return "通告"
        case .opinion: return "意见"
        case .notice: return "通知"
        case .bulletin: return "通报"
        case .report: return "报告"
        case .request: return "请示"
        case .reply: return "批复"
        case .motion: return "议案"
        case .letter: return "函"
        case .minutes: return "纪要"
        case .statement: return "情况说明"
        }
    }

    /// A kind by its English name (`notice`) or its Chinese one (`通知`; 命令 also as 令 or 命令（令）).
    public init?(name: String) {
        let trimmed = name.trimmingSpaces
        if let kind = DocumentKind(rawValue: trimmed.lowercased()) {
            self = kind
        } else if ["令", "命令（令）", "命令(令)"].contains(trimmed) {
            self = .order
        } else if let kind = DocumentKind.allCases.first(where: { $0.label == trimmed }) {
            self = kind
        } else {
            return nil
        }
    }

    /// For messages: every name `kind:` accepts.
    public static var accepted: String {
        allCases.map { $0 == .briefing ? $0.rawValue : "\($0.rawValue) (\($0.label))" }.joined(separator: ", ")
    }

    /// Briefings are numbered issues; the other kinds are 公文 addressed by file name.
    public var isBriefing: Bool { self == .briefing }

    /// 上行文 (to a higher office): its 版头 carries the 签发人 line (GB/T 9704 7.2.6).
    public var isUpward: Bool { self == .request || self == .report }

    /// The layout GB/T 9704 gives the kind: the general one, or a special format (chapter 10).
    public var format: OfficialFormat {
        switch self {
        case .letter: return .letter
        case .order: return .order
        case .minutes: return .minutes
        default: return .general
        }
    }

    /// The template a page of this kind is rendered with: the first four kinds keep their own
    /// templates (a templates folder made before the other 文种 existed still works); the others
    /// share `official.mustache`.
    public var templateName: String {
        switch self {
        case .briefing, .notice, .report, .statement: return rawValue
        default: return "official"
        }
    }
}

/// The layouts of a 公文 (GB/T 9704 chapters 7 and 10).
public enum OfficialFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// 文件格式: the 标志 with 文件, the red rule, the 版记.
    case general
    /// 信函格式 (函): the letterhead 30 mm from the page top between red double rules.
    case letter
    /// 命令（令）格式: 标志 "…令", 令号, the signatory's title and signature.
    case order
    /// 纪要格式: "…纪要" 标志, 出席/请假/列席 lists.
    case minutes
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
