import JianbaoModel

// The values templates see. Field names are the template keys (see Templates/README.md): ASCII,
// because swift-mustache tag names cannot be Chinese. Names ending in HTML hold sanitised markup.

struct SiteContext {
    let title: String
    let baseURL: String
    let language: String
}

struct NavItem {
    let name: String
    let url: String
}

/// One document in a list, or as `prev`/`next`.
struct EntryContext {
    let url: String
    let label: String
    let headline: String
    let dateText: String
    let dateISO: String
    let isDraft: Bool
    /// A 公文, whose label is its title (so a list shows it once).
    let isOfficial: Bool
}

struct SeriesSummaryContext {
    let name: String
    let url: String
    let kindLabel: String
    let description: String?
    let count: Int
    let feedURL: String
    /// The JSON Feed beside the Atom feed.
    let jsonFeedURL: String
    let recent: [EntryContext]
}

struct SeriesPageContext {
    let name: String
    let office: String?
    let kindLabel: String
    let url: String
    let feedURL: String
    let jsonFeedURL: String
    let count: Int
}

struct YearContext {
    let year: String
    let entries: [EntryContext]
}

struct SeriesLinkContext {
    let name: String
    let url: String
    let feedURL: String
    let jsonFeedURL: String
}

struct TitleAnchor {
    let title: String
    let anchor: String
}

struct ContentsContext {
    let column: String?
    let items: [TitleAnchor]
}

struct ArticleContext {
    let title: String
    /// Print: the title's lines (see PrintTypesetting).
    let titleLines: [String]
    let anchor: String
    let html: String
}

struct LabelText {
    let label: String
    let text: String
}

struct TrailerContext {
    let distribution: [LabelText]
    let editors: [LabelText]
    let copiesText: String?
}

struct IssueContext {
    let marking: String?
    let mastheadLead: String?
    let mastheadTitle: String
    /// Print: the masthead names' sizes, as custom properties for print.css (see PrintTypesetting).
    let mastheadLeadFit: String?
    let mastheadTitleFit: String
    let numberText: String
    let totalText: String?
    let specialLabel: String?
    let office: String?
    let dateText: String
    let dateISO: String
    let isDraft: Bool
    let noteHTML: String?
    let leadHTML: String?
    let contents: ContentsContext?
    let articles: [ArticleContext]
    let trailer: TrailerContext?
}

struct AttachmentItem {
    let number: String
    let title: String
}

struct AttachmentNoteContext {
    let single: Bool
    let items: [AttachmentItem]
}

struct AttachmentContext {
    let label: String
    let title: String
    let titleLines: [String]
    let anchor: String
    let html: String
}

struct ImprintContext {
    let cc: String?
    let printedBy: String?
    let printedOnText: String?
}

struct OfficialContext {
    let kind: String
    let kindLabel: String
    let marking: String?
    let isDraft: Bool
    let issuer: String?
    /// Print: joint issuers one a line, the suffix (文件) beside them, and the 标志's size as custom
    /// properties for print.css (see PrintTypesetting).
    let issuerNames: [String]
    let issuerSuffix: String?
    let issuerFit: String?
    let docNumber: String?
    let title: String
    let titleLines: [String]
    let addressees: String?
    let leadHTML: String?
    let attachmentNote: AttachmentNoteContext?
    let attachmentNoteAfterParts: AttachmentNoteContext?
    let signedBy: String?
    let dateText: String
    let dateISO: String
    let parts: [ArticleContext]
    let attachments: [AttachmentContext]
    let imprint: ImprintContext?
    let trailer: TrailerContext?
}

struct FeedEntryContext {
    let title: String
    let url: String
    let id: String
    let updated: String
    let summary: String
}

struct FeedContext {
    let title: String
    let siteTitle: String
    let seriesURL: String
    let feedURL: String
    let updated: String
    let entries: [FeedEntryContext]
}

struct SitemapURL {
    let loc: String
    let lastmod: String?
}
