import JianbaoContent
import JianbaoIncremental
import JianbaoModel
import JianbaoSearch
import JianbaoSupport

/// The search text of every published document, by source file, for the search index.
///
/// The index covers the whole archive, so an incremental build needs the text of documents it did
/// not read again: a stub's text comes from its cache entry. A document read in full (new, changed,
/// or every one in a full build) has its text made from it, on every core; a stub whose entry has
/// no text (it was not published when the cache was written) is read again in full.
enum SearchTexts {
    static func gather(_ site: Site, reused: Set<String>, previous entries: [String: DocumentCache.Entry],
                       reloader: DocumentReloader?) async -> [String: String] {
        let documents = site.series.flatMap(\.documents)
        let texts = await Concurrently.map(documents) { document -> (String, String) in
            let source = document.source.file
            guard reused.contains(source) else { return (source, SiteSearch.text(of: document)) }
            if let text = entries[source]?.searchText { return (source, text) }
            return (source, SiteSearch.text(of: reloader?.reload(document) ?? document))
        }
        return Dictionary(texts, uniquingKeysWith: { first, _ in first })
    }
}
