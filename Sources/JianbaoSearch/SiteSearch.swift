import JianbaoModel
import JianbaoSupport

/// The search index of a site: which documents it holds, in which order (their ids), and with
/// which texts.
public enum SiteSearch {
    /// Every published document and its series, oldest first across the series: a document's id is
    /// its place here, so next week's issue gets the next id and no other id moves. (An issue dated
    /// before others, added or removed, moves the ids after it: the index is then built in full.)
    public static func items(_ site: Site) -> [(document: Document, series: Series)] {
        var all: [(document: Document, series: Series, seriesIndex: Int, order: Int)] = []
        for (seriesIndex, series) in site.series.enumerated() {
            for (order, document) in series.documents.enumerated() {
                all.append((document, series, seriesIndex, order))
            }
        }
        all.sort { a, b in
            if a.document.date != b.document.date { return a.document.date < b.document.date }
            if a.seriesIndex != b.seriesIndex { return a.seriesIndex < b.seriesIndex }
            return a.order < b.order
        }
        return all.map { ($0.document, $0.series) }
    }

    /// The index's documents, by id; a document's text is `texts[source file]` when given (a stub
    /// from the cache has no body to make it from), else made from the document.
    public static func documents(_ site: Site, texts: [String: String]) -> [SearchDocument] {
        items(site).map { document(of: $0, texts: texts) }
    }

    static func document(of item: (document: Document, series: Series), texts: [String: String]) -> SearchDocument {
        let text = texts[item.document.source.file] ?? SearchDocument.text(of: item.document)
        return SearchDocument(document: item.document, series: item.series, url: WebAddress.path(item.document.outputFolder) + "/index.html",
                              text: text)
    }

    /// The text the search index holds for `document` (made from the document alone).
    public static func text(of document: Document) -> String {
        SearchDocument.text(of: document)
    }

    /// The index after the last build's (`previous`, whose texts are `oldTexts` by source file),
    /// building only the shards that can have changed and keeping the others with `keep`
    /// (`SearchIndex.update`); a changed shard is made from its old file got with `read` when it can
    /// be. Built in full, on every core, when that cannot be done exactly or there is no `previous`.
    public static func index(_ site: Site, texts: [String: String], previous: SearchLayout?, oldTexts: [String: String],
                             keep: (String) -> Bool, read: (@Sendable (String) -> [UInt8]?)? = nil) async -> SearchIndex {
        let items = items(site)
        let documents = items.map { document(of: $0, texts: texts) }
        if let previous,
           let index = await SearchIndex.update(documents: documents, oldTexts: items.map { oldTexts[$0.document.source.file] },
                                                previous: previous, keep: keep, read: read) {
            return index
        }
        return await SearchIndex.make(documents: documents)
    }
}
