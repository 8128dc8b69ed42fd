import Foundation
import JianbaoChecks
import JianbaoContent
import JianbaoModel
import JianbaoSupport

/// `jianbao list`: every document of the archive as jianbao reads it — its fields with the series'
/// defaults applied, its address, whether it is published — for people and for tools (the print
/// check reads it instead of parsing front matter itself).
public struct DocumentListing: Sendable {
    /// One document. `briefing` or `official` holds its fields, by the names templates use.
    public struct Entry: Encodable, Sendable {
        public var source: String
        public var series: String
        /// The page's folder below the output root; the PDF is `<out>/<address>.pdf`.
        public var address: String
        public var published: Bool
        public var kind: String
        public var kindLabel: String
        public var format: String?
        public var label: String
        public var date: String
        public var draft: Bool
        public var marking: String?
        public var briefing: BriefingFields?
        public var official: OfficialFields?
        public var trailer: [Line]
        public var copies: Int?
    }

    public struct Line: Encodable, Sendable {
        public var label: String
        public var text: String
    }

    public var entries: [Entry]
    public var diagnostics: [Diagnostic]

    /// Loads the content folder; `entries` is empty when it has errors (see `diagnostics`).
    public init(content: String) {
        let loaded = ContentLoader(fileSystem: DiskFileSystem(), root: content).load()
        diagnostics = loaded.diagnostics
        guard let site = loaded.site, !loaded.diagnostics.hasErrors else {
            entries = []
            return
        }
        let published = Set(Publication(site: site).site.series.flatMap(\.documents).map(\.source.file))
        entries = site.series.flatMap(\.documents).map { document in
            Entry(source: document.source.file, series: document.seriesSlug, address: document.outputFolder,
                  published: published.contains(document.source.file), kind: document.kind.rawValue,
                  kindLabel: document.kind.label, format: document.kind.isBriefing ? nil : document.kind.format.rawValue,
                  label: document.label, date: document.date.iso, draft: document.draft, marking: document.marking,
                  briefing: document.briefing, official: document.official,
                  trailer: document.trailer.lines.map { Line(label: $0.label, text: $0.text) }, copies: document.trailer.copies)
        }
    }

    /// `{"documents": [...]}`, keys sorted.
    public var json: String {
        struct Root: Encodable { let documents: [Entry] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Root(documents: entries))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// One line a document: its address, kind, date and label; `(unpublished)` for a draft or an
    /// internal issue the site keeps back.
    public var text: [String] {
        entries.map { "\($0.address)  \($0.kindLabel)  \($0.date)  \($0.label)" + ($0.published ? "" : "  (unpublished)") }
    }
}
