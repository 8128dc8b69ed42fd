import JianbaoModel
import JianbaoSearch
import JianbaoSupport

// The web side of the archive beyond the document pages: search, year pages, JSON Feed,
// robots.txt and the 404 page. `outputJobs()` adds the listing ones, `searchFiles()` the search.

extension SiteRenderer {
    /// The series page lists whole years, newest first, until it holds at least this many entries;
    /// older years are on their year pages, so the page stays small for a 1,000-issue series.
    static let seriesPageEntries = 60

    /// The web archive's listing jobs: 404, robots.txt, and per series the JSON Feed and the year pages.
    func webArchiveJobs() -> [OutputJob] {
        let templates = templates
        var jobs = [
            OutputJob.listing("404.html", "404", templates) { notFoundValues() },
            OutputJob(path: "robots.txt", prepare: {
                let text = robotsText()
                return PreparedFile(digest: TemplateValues.digest(of: text), render: { text })
            }, digest: { TemplateValues.digest(of: robotsText()) }),
        ]
        for series in site.series {
            jobs.append(OutputJob(path: "\(series.slug)/feed.json", prepare: {
                let feed = feedContext(series)
                return PreparedFile(digest: TemplateValues.digest(of: feed), render: { jsonFeed(feed, of: series) })
            }, digest: { TemplateValues.digest(of: feedContext(series)) }))
            jobs += yearPages(series)
            jobs += topicPages(series)
        }
        return jobs
    }

    /// The search index (shards and one file a document) and the search page, which names the
    /// number of shards, on this thread.
    public func searchFiles() -> [OutputFile] {
        let index = SearchIndex(documents: SiteSearch.documents(site, texts: searchTexts))
        var files: [OutputFile] = []
        for part in index.parts { forEachSearchFile(part, of: index) { files.append($0) } }
        return files
    }

    /// The search index after the last build's (see `SiteSearch.index`).
    public func searchIndex(previous: SearchLayout?, oldTexts: [String: String],
                            keep: (String) -> Bool, read: (@Sendable (String) -> [UInt8]?)? = nil) async -> SearchIndex {
        await SiteSearch.index(site, texts: searchTexts, previous: previous, oldTexts: oldTexts, keep: keep, read: read)
    }

    /// Hands `body` each file of one part of the search index (shards, document files, or the search
    /// page) as soon as it is made.
    /// `keep` is asked for each document file whose text did not change (an incremental index).
    public func forEachSearchFile<Failure: Error>(_ part: SearchIndex.Part, of index: SearchIndex,
                                                  keep: (String) -> Bool = { _ in false },
                                                  _ body: (OutputFile) throws(Failure) -> Void) throws(Failure) {
        guard part == .page else { return try index.forEachFile(part, keep: keep, body) }
        let values = TemplateValues.make(searchValues(shards: index.shardCount, documents: index.documents.count))
        try body(OutputFile(path: "search/index.html", text: templates.render(values.root, with: "search")))
    }

    func searchValues(shards: Int, documents: Int) -> SearchPage {
        SearchPage(pageValues(folder: "search", title: "搜索 · \(site.title)"),
                   SearchValues(search: SearchPageContext(version: SearchIndex.formatVersion, shards: shards, documents: documents)))
    }

    // MARK: Years

    func yearLinks(_ series: Series, from folder: String, current: String? = nil) -> [YearLinkContext] {
        let root = Self.relativeRoot(of: folder)
        var counts: [(year: Int, count: Int)] = []
        for document in series.documents.reversed() {
            if counts.last?.year == document.date.year { counts[counts.count - 1].count += 1 } else { counts.append((document.date.year, 1)) }
        }
        return counts.map { YearLinkContext(year: "\($0.year)", count: $0.count, url: root + Self.address(series.slug) + "/\($0.year)/index.html",
                                            isCurrent: "\($0.year)" == current) }
    }

    /// How many of the newest whole years (their entry counts, newest first) together reach
    /// `seriesPageEntries`; the rest are left to year pages.
    static func newestYears(entryCounts: [Int]) -> Int {
        var shown = 0
        var count = 0
        for entries in entryCounts where count < seriesPageEntries {
            shown += 1
            count += entries
        }
        return shown
    }

    func yearPages(_ series: Series) -> [OutputJob] {
        let years = Dictionary(grouping: series.documents, by: { $0.date.year })
        let templates = templates
        return years.keys.sorted(by: >).map { year in
            OutputJob.listing("\(series.slug)/\(year)/index.html", "year", templates) {
                yearValues(series, year: year, documents: years[year] ?? [])
            }
        }
    }

    func yearValues(_ series: Series, year: Int, documents: [Document]) -> YearPage {
        let folder = "\(series.slug)/\(year)"
        let page = pageValues(folder: folder, title: "\(series.name) \(year)年 · \(site.title)")
        let summary = SeriesPageContext(
            name: series.name, office: series.office, kindLabel: series.kind.label, url: "../index.html",
            feedURL: "../feed.xml", jsonFeedURL: "../feed.json", count: series.documents.count)
        let root = Self.relativeRoot(of: folder)
        let entries = documents.reversed().map { entry($0, root: root) }
        return YearPage(page, YearValues(series: summary, yearPage: YearPageContext(year: "\(year)", count: entries.count, entries: entries),
                                         allYears: yearLinks(series, from: folder, current: "\(year)")))
    }

    // MARK: Feeds, robots, 404

    /// JSON Feed 1.1 (jsonfeed.org) with the same entries as the Atom feed.
    func jsonFeed(_ feed: FeedContext, of series: Series) -> String {
        let items = feed.entries.map { entry in
            JSONText.object([
                ("id", JSONText.string(entry.id)), ("url", JSONText.string(entry.url)),
                ("title", JSONText.string(entry.title)), ("summary", JSONText.string(entry.summary)),
                ("content_text", JSONText.string(entry.summary)), ("date_published", JSONText.string(entry.updated)),
            ] + (entry.disclosure.map { [("_disclosure", Self.jsonDisclosure($0))] } ?? []))
        }
        return JSONText.object([
            ("version", JSONText.string("https://jsonfeed.org/version/1.1")),
            ("title", JSONText.string(feed.title)),
            ("description", JSONText.string(feed.siteTitle)),
            ("home_page_url", JSONText.string(feed.seriesURL)),
            ("feed_url", JSONText.string(site.baseURL + Self.address(series.slug) + "/feed.json")),
            ("language", JSONText.string(site.language)),
            ("authors", JSONText.array([JSONText.object([("name", JSONText.string(feed.siteTitle))])])),
            ("items", "[\n" + items.joined(separator: ",\n") + "\n]"),
        ]) + "\n"
    }

    func robotsText() -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(site.baseURL)sitemap.xml\n"
    }

    /// The path part of `base_url` (`/jianbao/` for https://example.gov.cn/jianbao/): the 404 page is
    /// served at any address, so it reaches the stylesheet and the pages from the site root.
    var basePath: String {
        guard let scheme = site.baseURL.range(of: "://") else { return "/" }
        let afterHost = site.baseURL[scheme.upperBound...].drop(while: { $0 != "/" })
        return afterHost.isEmpty ? "/" : String(afterHost)
    }

    func notFoundValues() -> NotFoundPage {
        let root = basePath
        let page = PageValues(
            site: sharedSite, root: root, pageTitle: "页面不存在 · \(site.title)", canonicalURL: nil,
            nav: navigation(root: root), generator: "jianbao",
            meta: PageMeta(title: "页面不存在", description: nil, type: "website", noindex: true), searchURL: root + "search/index.html",
            marks: marksContext(root: root))
        return NotFoundPage(page, NoValues())
    }

    /// Open Graph title and description of a document page.
    func documentMeta(_ document: Document) -> PageMeta {
        switch document.fields {
        case .briefing(let fields):
            let titles = document.sections.map(\.title).joined(separator: "；")
            return PageMeta(title: "\(fields.name) \(fields.numberText)：\(document.headline)",
                            description: "\(document.date.chinese)。\(titles)", type: "article", noindex: false)
        case .official(let fields):
            let description = [fields.issuer, fields.docNumber, document.date.chinese].compactMap { $0 }.joined(separator: " ")
            return PageMeta(title: fields.title, description: description, type: "article", noindex: false)
        }
    }

    /// An article, a part or a 附件 has an h2 title, so the 一、 and （一） headings inside it (## and ###,
    /// h2 and h3 in the Markdown's HTML) become h3 and h4, keeping headings in order for screen readers.
    /// The class names the level they were written at (`<h3 class="h2">`), which the stylesheets use.
    /// Works on the bytes (`<hN>` and `</hN>` for N of 2 to 5, exactly as written, nothing else): it runs on
    /// every article of every page.
    static func nestedHeadings(_ html: String) -> String {
        var html = html
        let nested: String? = html.withUTF8 { bytes in
            /// The level (2 to 5) of the `<hN>` or `</hN>` at `index` (the `<`), and whether it closes.
            func heading(at index: Int) -> (level: UInt8, closing: Bool)? {
                let closing = index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/")
                let h = index + (closing ? 2 : 1)
                guard h + 2 < bytes.count, bytes[h] == UInt8(ascii: "h"), (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(bytes[h + 1]),
                      bytes[h + 2] == UInt8(ascii: ">") else { return nil }
                return (bytes[h + 1] - UInt8(ascii: "0"), closing)
            }
            // Text without `<h` anywhere is left as it is (even a stray `</h2>` in it).
            var mentionsH = false
            var openings = 0
            for index in bytes.indices where bytes[index] == UInt8(ascii: "<") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "h") { mentionsH = true }
                if let tag = heading(at: index), !tag.closing { openings += 1 }
            }
            guard mentionsH else { return nil }
            let classAttribute = Array(" class=\"h".utf8)
            // `<hN>` becomes `<hN+1 class="hN">`, 11 bytes longer; `</hN>` becomes `</hN+1>`.
            return String(unsafeUninitializedCapacity: bytes.count + 11 * openings) { output in
                var out = 0
                var index = 0
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "<"), let tag = heading(at: index) {
                        output[out] = UInt8(ascii: "<")
                        out += 1
                        if tag.closing { output[out] = UInt8(ascii: "/"); out += 1 }
                        output[out] = UInt8(ascii: "h")
                        output[out + 1] = UInt8(ascii: "0") + tag.level + 1
                        out += 2
                        if !tag.closing {
                            for byte in classAttribute { output[out] = byte; out += 1 }
                            output[out] = UInt8(ascii: "0") + tag.level
                            output[out + 1] = UInt8(ascii: "\"")
                            out += 2
                        }
                        output[out] = UInt8(ascii: ">")
                        out += 1
                        index += tag.closing ? 5 : 4
                        continue
                    }
                    output[out] = bytes[index]
                    out += 1
                    index += 1
                }
                return out
            }
        }
        return nested ?? html
    }
}
