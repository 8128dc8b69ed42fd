import JianbaoSupport

/// One part of a document's body that starts with a level-1 heading: an article of a briefing,
/// or, in a 公文, an attached document or a 附件.
public struct Section: Sendable, Hashable, Codable {
    public var title: String
    /// The fragment id the 本期要目 links to.
    public var anchor: String
    /// Rendered, sanitised HTML of the section's body.
    public var html: String
    /// For a 附件: its number (1, 2 …), 0 for a lone `# 附件`; nil for other sections.
    public var attachmentNumber: Int?
    public var location: SourceLocation?

    public init(title: String, anchor: String, html: String, attachmentNumber: Int? = nil, location: SourceLocation? = nil) {
        self.title = title
        self.anchor = anchor
        self.html = html
        self.attachmentNumber = attachmentNumber
        self.location = location
    }

    public var isAttachment: Bool { attachmentNumber != nil }
}

/// The 版头, 落款 and 版记 fields of a 公文 (any kind but a briefing).
public struct OfficialFields: Sendable, Hashable, Codable {
    /// 发文机关标志, e.g. 中共濮阳市委全面依法治市委员会办公室文件; for joint issuers their names
    /// joined with 、 (for summaries and search; print stacks `jointIssuers`).
    public var issuer: String?
    /// 联合行文: the issuers' names, the 主办机关 first, when `issuer:` is given as a list of two or
    /// more; printed one name a line with 文件 beside them. Empty otherwise.
    public var jointIssuers: [String]
    /// 发文字号, e.g. 濮治市办〔2020〕8号.
    public var docNumber: String?
    public var title: String
    /// 主送机关, printed with a full-width colon after it.
    public var addressees: String?
    /// 附件说明: the attachments' names in order.
    public var attachments: [String]
    /// 发文机关署名 (落款).
    public var signedBy: String?
    /// 版记: 抄送.
    public var cc: String?
    /// 版记: 印发机关 and 印发日期.
    public var printedBy: String?
    public var printedOn: SimpleDate?
    /// 份号: the copy's serial number, six digits (GB/T 9704 7.2.1), e.g. 000001.
    public var copyNumber: String?
    /// 紧急程度: 特急 or 加急 (7.2.3).
    public var urgency: String?
    /// 签发人 of a 上行文 (请示, 报告), in order (7.2.6).
    public var signers: [String]
    /// Joint 署名: one per issuer, the 主办机关 first, when `signed_by:` is a list of two or more
    /// (`signedBy` then holds them joined with 、). Empty otherwise.
    public var jointSignatures: [String]
    /// 附注 after the 成文日期, without its round brackets (7.3.6), e.g. 此件公开发布.
    public var annotation: String?
    /// 命令（令）格式: the signatory's title before the signature, e.g. 县长 (10.2).
    public var signatoryTitle: String?
    /// 纪要格式: 出席, 请假 and 列席 (10.3), each the names as written.
    public var attendees: String?
    public var onLeave: String?
    public var observers: String?
    /// 印章: one seal image per 署名, in the order of `signed_by` (GB/T 9704 7.3.5.1-7.3.5.2). Empty when
    /// the document names none.
    public var seal: [SealImage]
    /// 命令（令）格式: the signatory's 签名章, set as a signature stamp (7.3.5.3).
    public var signatureStamp: SealImage?
    /// The printed width in mm of a seal or stamp image that does not say its own size (no pHYs).
    public var sealSize: Double?
    // 政府信息公开: shown above the text on the web page (never printed) and in the JSON Feed.
    /// 索引号, e.g. 000000000/2020-00008.
    public var indexNumber: String?
    /// 主题分类, e.g. 综合政务: the series is also listed by it.
    public var topic: String?
    /// 发布日期: the day it was made public (the document's `date` is its 成文日期).
    public var publishedOn: SimpleDate?
    /// 有效性, e.g. 有效, 失效, 废止.
    public var validity: String?

    public init(issuer: String? = nil, docNumber: String? = nil, title: String, addressees: String? = nil,
                attachments: [String] = [], signedBy: String? = nil, cc: String? = nil,
                printedBy: String? = nil, printedOn: SimpleDate? = nil, jointIssuers: [String] = [],
                copyNumber: String? = nil, urgency: String? = nil, signers: [String] = [], jointSignatures: [String] = [],
                annotation: String? = nil, signatoryTitle: String? = nil, attendees: String? = nil,
                onLeave: String? = nil, observers: String? = nil,
                seal: [SealImage] = [], signatureStamp: SealImage? = nil, sealSize: Double? = nil,
                indexNumber: String? = nil, topic: String? = nil, publishedOn: SimpleDate? = nil, validity: String? = nil) {
        self.copyNumber = copyNumber
        self.urgency = urgency
        self.signers = signers
        self.jointSignatures = jointSignatures
        self.annotation = annotation
        self.signatoryTitle = signatoryTitle
        self.attendees = attendees
        self.onLeave = onLeave
        self.observers = observers
        self.seal = seal
        self.signatureStamp = signatureStamp
        self.sealSize = sealSize
        self.issuer = issuer
        self.jointIssuers = jointIssuers
        self.docNumber = docNumber
        self.title = title
        self.addressees = addressees
        self.attachments = attachments
        self.signedBy = signedBy
        self.cc = cc
        self.printedBy = printedBy
        self.printedOn = printedOn
        self.indexNumber = indexNumber
        self.topic = topic
        self.publishedOn = publishedOn
        self.validity = validity
    }
}

/// A seal (印章) or signature stamp (签名章) image: a PNG in the content folder, published at the same
/// path below the output root (only on pages that show it), with the size it prints at.
public struct SealImage: Sendable, Hashable, Codable {
    /// The path below the content folder, e.g. seals/zhengfu.png.
    public var file: String
    /// Printed width and height in millimetres: from the PNG's own physical size (its pHYs chunk),
    /// else `seal_size`, else 42 mm wide (the usual office seal).
    public var width: Double
    public var height: Double
    /// The usual diameter of an office seal.
    public static let defaultWidth = 42.0

    public init(file: String, width: Double, height: Double) {
        (self.file, self.width, self.height) = (file, width, height)
    }
}

/// The masthead fields of a briefing issue.
public struct BriefingFields: Sendable, Hashable, Codable {
    /// 第N期 (or, for a 增刊, its own sequence number).
    public var number: Int
    /// 总第N期.
    public var total: Int?
    public var special: SpecialIssue?
    /// The series name as printed in the masthead.
    public var name: String
    /// 编印单位.
    public var office: String?
    /// The column name above the 本期要目 list, e.g. 工作动态.
    public var column: String?

    public init(number: Int, total: Int? = nil, special: SpecialIssue? = nil, name: String, office: String? = nil, column: String? = nil) {
        self.number = number
        self.total = total
        self.special = special
        self.name = name
        self.office = office
        self.column = column
    }

    /// 第19期, or 增刊第1期 for a supplement.
    public var numberText: String {
        special?.isSupplement == true ? "增刊第\(number)期" : "第\(number)期"
    }
}

/// One issue of a briefing or one 公文: everything needed to render its page, as plain values.
public struct Document: Sendable, Hashable, Codable {
    public enum Fields: Sendable, Hashable, Codable {
        case briefing(BriefingFields)
        case official(OfficialFields)
    }

    /// The Markdown file, as the user names it.
    public var source: SourceLocation
    /// The folder name of the series it belongs to.
    public var seriesSlug: String
    /// The file name without `.md`.
    public var slug: String
    public var kind: DocumentKind
    public var fields: Fields
    public var date: SimpleDate
    public var draft: Bool
    /// 内部资料 注意保存, or a 密级 (which stops the build).
    public var marking: String?
    /// The 按语 / 编者按 before the first article, as HTML.
    public var noteHTML: String?
    /// Body text before the first level-1 heading, as HTML (a 公文's main text).
    public var leadHTML: String
    public var sections: [Section]
    public var trailer: Trailer
    /// Files the body refers to (images, attachments), relative to the document's folder.
    public var assets: [String]
    /// Where each front-matter key is written, for findings about its value (see `location(ofKey:)`).
    public var keyLocations: [KeyLocation]

    public init(source: SourceLocation, seriesSlug: String, slug: String, kind: DocumentKind, fields: Fields,
                date: SimpleDate, draft: Bool = false, marking: String? = nil, noteHTML: String? = nil,
                leadHTML: String = "", sections: [Section] = [], trailer: Trailer = Trailer(), assets: [String] = [],
                keyLocations: [KeyLocation] = []) {
        self.source = source
        self.seriesSlug = seriesSlug
        self.slug = slug
        self.kind = kind
        self.fields = fields
        self.date = date
        self.draft = draft
        self.marking = marking
        self.noteHTML = noteHTML
        self.leadHTML = leadHTML
        self.sections = sections
        self.trailer = trailer
        self.assets = assets
        self.keyLocations = keyLocations
    }

    /// Where `key:` is written in the front matter; the file alone when it is not.
    public func location(ofKey key: String) -> SourceLocation {
        keyLocations.first { $0.key == key }?.location ?? source
    }

    public var briefing: BriefingFields? {
        if case .briefing(let fields) = fields { return fields }
        return nil
    }

    public var official: OfficialFields? {
        if case .official(let fields) = fields { return fields }
        return nil
    }

    /// The folder of the page below the output root: `jianbao/2024/19`, `jianbao/2024/supplement-1`,
    /// or `wenjian/2020/puzhi-8` for a 公文.
    public var outputFolder: String {
        let leaf: String
        if let briefing {
            leaf = briefing.special?.isSupplement == true ? "supplement-\(briefing.number)" : "\(briefing.number)"
        } else {
            leaf = slug
        }
        return "\(seriesSlug)/\(date.year)/\(leaf)"
    }

    /// How lists name it: 第19期 for an issue, the title for a 公文.
    public var label: String {
        switch fields {
        case .briefing(let fields): return fields.numberText
        case .official(let fields): return fields.title
        }
    }

    /// A one-line title for lists and feeds: the first article's title, or the 公文's title.
    public var headline: String {
        switch fields {
        case .briefing(let fields):
            return sections.first?.title ?? fields.name
        case .official(let fields):
            return fields.title
        }
    }

    /// 内部资料 / 内部 / 注意保存: kept out of the public archive unless the site says otherwise.
    public var isInternal: Bool {
        guard let marking else { return false }
        return ["内部", "注意保存"].contains { marking.contains($0) }
    }
}

/// A front-matter key and where it is written.
public struct KeyLocation: Sendable, Hashable, Codable {
    public var key: String
    public var location: SourceLocation

    public init(key: String, location: SourceLocation) {
        self.key = key
        self.location = location
    }
}

extension Document {
    /// Whether a marking is a 密级 (秘密, 机密, 绝密), which must never be published.
    public static func isClassified(marking: String) -> Bool {
        ["秘密", "机密", "绝密"].contains { marking.contains($0) }
    }
}
