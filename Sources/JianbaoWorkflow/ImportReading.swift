import JianbaoContent
import JianbaoModel
import JianbaoSupport

/// What import found in one file: the fields, the Markdown body, and what it could not place.
struct ImportReading: Sendable {
    /// The kind written to the file: the 文种 the title names, else the series' kind.
    var kind: DocumentKind
    /// The 文种 as the title names it (通知, 批复, 复函 …), or 简报.
    var genre: String?

    // A 简报's masthead.
    var name: String?
    var number: Int?
    var total: Int?
    var special: SpecialIssue?
    var office: String?
    var column: String?
    var marking: String?
    /// The 本期要目 items, without numbers, dot leaders and page numbers.
    var contents: [String] = []

    // A 公文's head and close.
    var issuer: String?
    /// A joint 版头's offices, one per stacked line, 文件 after the last (`issuer: [A, B文件]`).
    var jointIssuers: [String] = []
    var docNumber: String?
    /// 签发人 (上行文), written as `signers:`.
    var signers: [String] = []
    /// 份号 (six digits) and 紧急程度 (特急, 加急) from the head, written as `copy_number:` and `urgency:`.
    var copyNumber: String?
    var urgency: String?
    var title: String?
    var addressees: String?
    var attachments: [String] = []
    /// One entry per office of a joint 署名.
    var signedBy: [String] = []
    /// 附注 after the date: （此件公开发布）, （本文有删减）: one is written as `annotation:`, several
    /// stay the text's last paragraphs.
    var notes: [String] = []

    var date: SimpleDate?
    /// Markdown blocks of the body, in order.
    var bodyBlocks: [String] = []
    var trailerLines: [String] = []
    /// Lines the reader could not place (page furniture, a masthead line it does not know): kept in
    /// the file in a comment at the top of the body, never dropped, and listed in the report.
    var unplaced: [String] = []
    /// Lines joined to the one before because a sentence was broken across them.
    var joinedLines = 0

    var recognised: [String] = []
    var unrecognised: [String] = []

    init(kind: DocumentKind) {
        self.kind = kind
    }
}

/// Reads the lines of a converted file as a 简报 issue or a 公文.
struct ImportReader {
    let series: Series

    func read(_ blocks: [ImportBlock]) -> ImportReading {
        let lines = BodyWriter.tablesFromAlignedText(ImportLine.lines(from: blocks))
        let official = OfficialReader(series: series)
        let briefing = BriefingReader(series: series)
        if briefing.hasMasthead(lines) { return briefing.read(lines) }
        if !series.kind.isBriefing || official.looksOfficial(lines) { return official.read(lines) }
        return briefing.read(lines)
    }

    /// The model's kind for a 文种 the title names (one of the 15, or a 复函 as a 函); another (答复,
    /// 决定书 …) is written as the series' kind (a briefing series gets `notice`).
    static func modelKind(genre: String?, series: Series) -> DocumentKind {
        if let genre, let kind = DocumentKind(name: genre), !kind.isBriefing { return kind }
        // 复函 is a 函 (信函格式)
        if let genre, genre.hasSuffix("函") { return .letter }
        return series.kind.isBriefing ? .notice : series.kind
    }
}
