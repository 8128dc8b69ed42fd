import JianbaoModel

// The values templates see. Each stored property is a name templates can use, under its own name
// (see Templates/README.md): the template check, the page digests and the rendering all read these
// declarations, so a field is added in one place. Names are ASCII, because swift-mustache tag names
// cannot be Chinese. Names ending in HTML (and `html`) hold sanitised markup: the document's body,
// `BodyHTML`, which the digest leaves out.
//
// A document's page and its list entries show its front-matter fields as the model declares them
// (`BriefingFields`, `OfficialFields`), merged with the values made from them here; a value made
// here wins over a field of the same name.

// MARK: Every page

/// What every HTML page has (Templates/README.md, "Every HTML page").
struct PageValues: Codable {
    /// `site.yml`'s fields.
    let site: Shared<SiteSettings>
    let root: String
    let pageTitle: String
    let canonicalURL: String?
    let nav: Shared<[NavItem]>
    let generator: String
    let meta: PageMeta
    let searchURL: String
    /// The footer marks' addresses, made from `site`'s.
    let marks: SiteMarksContext
}

struct NavItem: Codable {
    let name: String
    let url: String
}

/// How a page describes itself to link previews (Open Graph) and search engines.
struct PageMeta: Codable {
    let title: String
    let description: String?
    /// Open Graph type: `website`, or `article` for an issue or a 公文.
    let type: String
    /// The 404 page asks not to be indexed.
    let noindex: Bool
}

/// A date as templates see it: `text` 2024年1月12日, `iso` 2024-01-12, and its numbers.
struct DateContext: Codable {
    let text: String
    let iso: String
    let year: Int
    let month: Int
    let day: Int
}

extension SimpleDate: TemplateRepresentable {
    var templateRepresentation: DateContext {
        DateContext(text: chinese, iso: iso, year: year, month: month, day: day)
    }
}

// MARK: Lists

/// One document in a list, or as `prev`/`next`: its front-matter fields and these.
struct EntryContext: Codable {
    let url: String
    let label: String
    let headline: String
    let dateText: String
    let dateISO: String
    let isDraft: Bool
    /// A 公文, whose label is its title (so a list shows it once).
    let isOfficial: Bool
}

typealias Entry = Merged<DocumentFieldsContext, EntryContext>

/// The front-matter fields of a document, whichever its kind, side by side.
struct DocumentFieldsContext: Codable {
    let briefing: BriefingFields?
    let official: OfficialFields?

    init(_ fields: Document.Fields) {
        switch fields {
        case .briefing(let fields): (briefing, official) = (fields, nil)
        case .official(let fields): (briefing, official) = (nil, fields)
        }
    }

    func encode(to encoder: any Encoder) throws {
        try briefing?.encode(to: encoder)
        try official?.encode(to: encoder)
    }

    /// Both kinds' fields (for the names templates may use).
    init(from decoder: any Decoder) throws {
        briefing = try BriefingFields(from: decoder)
        official = try OfficialFields(from: decoder)
    }
}

struct SeriesSummaryContext: Codable {
    let name: String
    let url: String
    let kindLabel: String
    let description: String?
    let count: Int
    let feedURL: String
    /// The JSON Feed beside the Atom feed.
    let jsonFeedURL: String
    let recent: [Entry]
}

struct SeriesPageContext: Codable {
    let name: String
    let office: String?
    let kindLabel: String
    let url: String
    let feedURL: String
    let jsonFeedURL: String
    let count: Int
}

struct YearContext: Codable {
    let year: String
    let entries: [Entry]
}

/// A year of a series, linked from the series page and the year pages.
struct YearLinkContext: Codable {
    let year: String
    let count: Int
    let url: String
    let isCurrent: Bool
}

/// The page of one year of a series.
struct YearPageContext: Codable {
    let year: String
    let count: Int
    let entries: [Entry]
}

// MARK: Documents

struct SeriesLinkContext: Codable {
    let name: String
    let url: String
    let feedURL: String
    let jsonFeedURL: String
}

struct TitleAnchor: Codable {
    let title: String
    let anchor: String
}

struct ContentsContext: Codable {
    let column: String?
    let items: [TitleAnchor]
}

struct ArticleContext: Codable {
    let title: String
    /// Print: the title's lines (see PrintTypesetting).
    let titleLines: [String]
    let anchor: String
    let html: BodyHTML
}

struct LabelText: Codable {
    let label: String
    let text: String
}

struct TrailerContext: Codable {
    let distribution: [LabelText]
    let editors: [LabelText]
    let copiesText: String?
}

/// A briefing issue: its `BriefingFields` and these.
struct IssueContext: Codable {
    let marking: String?
    let mastheadLead: String?
    let mastheadTitle: String
    /// Print: the masthead names' sizes, as custom properties for print.css (see PrintTypesetting).
    let mastheadLeadFit: String?
    let mastheadTitleFit: String
    let numberText: String
    let totalText: String?
    let specialLabel: String?
    let dateText: String
    let dateISO: String
    let isDraft: Bool
    let noteHTML: BodyHTML?
    let leadHTML: BodyHTML?
    let contents: ContentsContext?
    let articles: [ArticleContext]
    let trailer: TrailerContext?
}

struct AttachmentItem: Codable {
    let number: String
    let title: String
}

struct AttachmentNoteContext: Codable {
    let single: Bool
    let items: [AttachmentItem]
}

struct AttachmentContext: Codable {
    let label: String
    let title: String
    let titleLines: [String]
    let anchor: String
    let html: BodyHTML
}

struct ImprintContext: Codable {
    /// The 主送 when it is too long for page 1 (PrintTypesetting.addresseesInImprint), without its 。
    let addressees: String?
    let cc: String?
    let printedBy: String?
    let printedOnText: String?
    /// （共印80份）, under the 印发 line.
    let copiesText: String?
}

/// A line of the 签发人 block: at most two names (GB/T 9704 7.2.6).
struct SignerRow: Codable {
    let names: [String]
}

/// A 公文: its `OfficialFields` and these (`attachments` here are the attached texts, not the names).
struct OfficialContext: Codable {
    let kind: String
    let kindLabel: String
    /// The layout: general | letter | minutes | order, and one flag for each special format.
    let format: String
    let isLetter: Bool
    let isOrder: Bool
    let isMinutes: Bool
    let marking: String?
    let isDraft: Bool
    /// How many lines 份号, 密级 and 紧急程度 take at the top left of the 版心 (0 to 3).
    let flagRows: Int
    /// 签发人 names, two to a line; empty when there are none.
    let signerRows: [SignerRow]
    let hasSigners: Bool
    /// Print: joint issuers one a line, the suffix (文件) beside them, and the 标志's size as custom
    /// properties for print.css (see PrintTypesetting).
    let issuerNames: [String]
    let issuerSuffix: String?
    let issuerFit: String?
    let titleLines: [String]
    /// True when the 主送 goes into the 版记 (`imprint.addressees`) instead of under the title.
    let addresseesInImprint: Bool
    let leadHTML: BodyHTML?
    let attachmentNote: AttachmentNoteContext?
    let attachmentNoteAfterParts: AttachmentNoteContext?
    let dateText: String
    let dateISO: String
    let parts: [ArticleContext]
    let attachments: [AttachmentContext]
    let imprint: ImprintContext?
    let trailer: TrailerContext?
}

// MARK: Feeds, sitemap, search

struct FeedEntryContext: Codable {
    let title: String
    let url: String
    let id: String
    let updated: String
    let summary: String
    /// A 公文's 政府信息公开 fields (the JSON Feed's `_disclosure` object).
    let disclosure: DisclosureContext?
}

struct FeedContext: Codable {
    let title: String
    let siteTitle: String
    let seriesURL: String
    let feedURL: String
    let updated: String
    let entries: [FeedEntryContext]
}

struct SitemapURL: Codable {
    let loc: String
    let lastmod: String?
}

/// What the search page's script needs before it loads anything.
struct SearchPageContext: Codable {
    let version: Int
    let shards: Int
    let documents: Int
}

// MARK: What each template receives

struct HomeValues: Codable {
    let series: [SeriesSummaryContext]
}

struct SeriesValues: Codable {
    let series: SeriesPageContext
    let years: [YearContext]
    let hiddenYears: Int?
    let allYears: [YearLinkContext]
    /// The series' 主题分类, each with its page; empty when its documents give none.
    let allTopics: [TopicLinkContext]
}

struct YearValues: Codable {
    let series: SeriesPageContext
    let yearPage: YearPageContext
    let allYears: [YearLinkContext]
}

struct DocumentValues: Codable {
    let series: SeriesLinkContext
    let prev: Shared<Entry>?
    let next: Shared<Entry>?
    /// A briefing issue's (`OwnValues`).
    let issue: Shared<Merged<BriefingFields, IssueContext>>?
    /// A 公文's.
    let doc: Shared<Merged<OfficialFields, OfficialContext>>?
    /// A 公文's 政府信息公开 block, when its page shows one.
    let disclosure: DisclosureContext?
    /// A 公文's seals or a 令's signature stamp, when its page shows them.
    let seals: SealsContext?
}

struct SearchValues: Codable {
    let search: SearchPageContext
}

/// The 404 page: the page values alone.
struct NoValues: Codable {}

struct FeedValues: Codable {
    let feed: FeedContext
}

struct SitemapValues: Codable {
    let urls: [SitemapURL]
}

typealias HomePage = Merged<PageValues, HomeValues>
typealias SeriesPage = Merged<PageValues, SeriesValues>
typealias YearPage = Merged<PageValues, YearValues>
typealias DocumentPage = Merged<PageValues, DocumentValues>
typealias SearchPage = Merged<PageValues, SearchValues>
typealias NotFoundPage = Merged<PageValues, NoValues>
typealias TopicPage = Merged<PageValues, TopicValues>

extension TemplateNames {
    /// Every name a page gives templates, from the declarations above.
    static let ofAllPages: Set<String> = of(HomePage.self).union(of(SeriesPage.self)).union(of(YearPage.self))
        .union(of(DocumentPage.self)).union(of(SearchPage.self)).union(of(NotFoundPage.self)).union(of(TopicPage.self))
        .union(of(FeedValues.self)).union(of(SitemapValues.self))
}
