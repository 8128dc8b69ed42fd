import JianbaoModel
import JianbaoSearch
import JianbaoSupport

/// One file of the site still to be rendered: where it goes and the pure work that makes it.
public struct OutputJob: Sendable {
    /// The path below the output root.
    public var path: String
    let render: @Sendable () -> String
    /// For a document's page: the document, the page's signature (see `SiteRenderer.pageSignature`),
    /// and how to render the page from another copy of the document (read again in full).
    public var document: Document?
    public var signature: String?
    public var renderDocument: (@Sendable (Document) -> String)?

    /// A listing (home, series page, feed, sitemap): made only from what `listingSignature` covers.
    /// Other outputs are always rendered.
    public var listing: Bool

    init(path: String, listing: Bool = false, render: @escaping @Sendable () -> String) {
        self.path = path
        self.listing = listing
        self.render = render
    }

    /// An HTML page (counted as a page in the build's report), not a feed or the sitemap.
    public var isPage: Bool { path.hasSuffix(".html") }

    public func make() -> [UInt8] { Array(render().utf8) }
}

/// Everything to publish: rendered files, and files copied as they are (source path → output path).
public struct RenderedSite: Sendable {
    public var files: [OutputFile]
    public var copies: [(source: String, destination: String)]
    /// How many HTML pages were rendered.
    public var pageCount: Int
}

/// Turns the checked model into pages through the templates. Pure: reads nothing, writes nothing.
public struct SiteRenderer: Sendable {
    public let site: Site
    public let templates: TemplateSet
    /// The search text of documents by source file, when the builder has it (a stub from the cache
    /// has no body to make it from); a document not in here has its text made from it.
    public let searchTexts: [String: String]

    public init(site: Site, templates: TemplateSet, searchTexts: [String: String] = [:]) {
        self.site = site
        self.templates = templates
        self.searchTexts = searchTexts
    }

    /// The whole site in order, on one thread: the jobs and the search files.
    public func render() -> RenderedSite {
        let jobs = outputJobs()
        let files = jobs.map { OutputFile(path: $0.path, bytes: $0.make()) } + searchFiles()
        return RenderedSite(files: files, copies: copies(), pageCount: files.filter { $0.path.hasSuffix(".html") }.count)
    }

    /// Every file of the site, each with the work that renders it. Rendering one file reads nothing
    /// else and changes nothing, so the builder runs these on every core and writes each file as soon
    /// as it is made; `render()` runs them in order. A new kind of output is a new job here. The
    /// search index is not a job: it is made from all documents at once (`searchFiles()`).
    public func outputJobs() -> [OutputJob] {
        var jobs: [OutputJob] = [OutputJob(path: "index.html", listing: true) { templates.render(homeContext(), with: "home") }]
        for series in site.series {
            jobs.append(OutputJob(path: "\(series.slug)/index.html", listing: true) { templates.render(seriesContext(series), with: "series") })
            jobs.append(OutputJob(path: "\(series.slug)/feed.xml", listing: true) { templates.render(feedContext(series), with: "feed") })
            for (index, document) in series.documents.enumerated() {
                let previous = index > 0 ? series.documents[index - 1] : nil
                let next = index + 1 < series.documents.count ? series.documents[index + 1] : nil
                let page: @Sendable (Document) -> String = { document in
                    templates.render(documentContext(document, in: series, previous: previous, next: next), with: document.kind.rawValue)
                }
                var job = OutputJob(path: "\(document.outputFolder)/index.html") { page(document) }
                job.document = document
                job.signature = pageSignature(in: series, previous: previous, next: next)
                job.renderDocument = page
                jobs.append(job)
            }
        }
        jobs += webArchiveJobs()
        jobs.append(OutputJob(path: "sitemap.xml", listing: true) { templates.render(["urls": sitemapURLs()], with: "sitemap") })
        return jobs
    }

    /// Everything a document's page shows that does not come from the document itself: the site,
    /// the navigation, the series, and the previous and next entries. When it and the document are
    /// as they were at the last build (and the templates too), the page is as it was, and an
    /// incremental build keeps the old file without reading the document again. Anything that
    /// `documentContext` takes from outside the document must be part of this text.
    public func pageSignature(in series: Series, previous: Document?, next: Document?) -> String {
        var parts = [site.title, site.baseURL, site.language, series.slug, series.name]
        parts += site.series.flatMap { [$0.slug, $0.name] }
        for neighbour in [previous, next] {
            guard let neighbour else { parts.append("-"); continue }
            parts += [neighbour.outputFolder, neighbour.label, neighbour.headline, neighbour.date.iso, "\(neighbour.draft)", neighbour.kind.rawValue]
        }
        return parts.joined(separator: "\u{1F}")
    }

    /// Everything the listing outputs (home, series and year pages, Atom and JSON feeds, sitemap, 404,
    /// robots.txt: jobs marked `listing`) show:
    /// the site, the series and, for every document, what its list entries and feed entries show, as
    /// a 64-bit FNV-1a hash. When it and the templates are as they were, an incremental build keeps
    /// those files without rendering them. A listing that shows more must add it here.
    public func listingSignature() -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ text: String) {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0x1F) &* 0x100_0000_01b3
        }
        for text in [site.title, site.baseURL, site.language] { add(text) }
        for series in site.series {
            for text in [series.slug, series.name, series.kind.rawValue, series.office ?? "-", series.description ?? "-",
                         "\(series.documents.count)"] { add(text) }
            for document in series.documents {
                for text in [document.outputFolder, document.label, document.headline, document.date.iso, "\(document.draft)",
                             document.kind.rawValue, document.marking ?? "-"] { add(text) }
                for section in document.sections { add(section.title) }
                switch document.fields {
                case .briefing(let fields): add(fields.numberText)
                case .official(let fields): for text in [fields.docNumber ?? "-", fields.issuer ?? "-", fields.title] { add(text) }
                }
            }
        }
        return String(hash, radix: 16)
    }

    /// Files copied as they are: the templates' assets (source path → path below the output root).
    public func copies() -> [(source: String, destination: String)] {
        templates.assets.map { (Path.join(templates.folder, "assets", $0), $0) }
    }

    // MARK: Pages

    /// The values every HTML page has, for a page in `folder` ("" for the home page).
    func pageContext(folder: String, title: String) -> [String: Any] {
        let root = Self.relativeRoot(of: folder)
        return [
            "site": SiteContext(title: site.title, baseURL: site.baseURL, language: site.language),
            "root": root,
            "pageTitle": title,
            "canonicalURL": absoluteURL(folder),
            "nav": site.series.map { NavItem(name: $0.name, url: root + $0.slug + "/index.html") },
            "generator": "jianbao",
            "meta": PageMeta(title: title, description: nil, type: "website", noindex: false),
            "searchURL": root + "search/index.html",
        ]
    }

    func homeContext() -> [String: Any] {
        var context = pageContext(folder: "", title: site.title)
        context["series"] = site.series.map { series in
            SeriesSummaryContext(
                name: series.name, url: series.slug + "/index.html", kindLabel: Self.kindLabel(of: series), description: series.description,
                count: series.documents.count, feedURL: series.slug + "/feed.xml", jsonFeedURL: series.slug + "/feed.json",
                recent: series.documents.reversed().prefix(10).map { entry($0, root: "") })
        }
        return context
    }

    func seriesContext(_ series: Series) -> [String: Any] {
        var context = pageContext(folder: series.slug, title: "\(series.name) · \(site.title)")
        context["series"] = SeriesPageContext(
            name: series.name, office: series.office, kindLabel: Self.kindLabel(of: series), url: "index.html", feedURL: "feed.xml",
            jsonFeedURL: "feed.json", count: series.documents.count)
        // Runs of documents of one year, newest first; entries are made only for the years shown.
        var runs: [(year: Int, documents: ArraySlice<Document>)] = []
        var end = series.documents.endIndex
        while end > series.documents.startIndex {
            let year = series.documents[end - 1].date.year
            var start = end - 1
            while start > series.documents.startIndex && series.documents[start - 1].date.year == year { start -= 1 }
            runs.append((year, series.documents[start..<end]))
            end = start
        }
        let root = Self.relativeRoot(of: series.slug)
        let shownYears = Self.newestYears(entryCounts: runs.map(\.documents.count))
        let hidden = runs.count - shownYears
        context["years"] = runs.prefix(shownYears).map { run in
            YearContext(year: "\(run.year)", entries: run.documents.reversed().map { entry($0, root: root) })
        }
        if hidden > 0 { context["hiddenYears"] = hidden }
        context["allYears"] = yearLinks(series, from: series.slug)
        context["meta"] = PageMeta(title: series.name, description: series.description ?? series.office, type: "website", noindex: false)
        return context
    }

    func documentContext(_ document: Document, in series: Series, previous: Document?, next: Document?) -> [String: Any] {
        let folder = document.outputFolder
        let title: String
        switch document.fields {
        case .briefing(let fields): title = "\(fields.name) \(fields.numberText) · \(site.title)"
        case .official(let fields): title = "\(fields.title) · \(site.title)"
        }
        var context = pageContext(folder: folder, title: title)
        let root = context["root"] as? String ?? ""
        context["series"] = SeriesLinkContext(name: series.name, url: root + series.slug + "/index.html", feedURL: root + series.slug + "/feed.xml",
                                               jsonFeedURL: root + series.slug + "/feed.json")
        context["meta"] = documentMeta(document)
        if let previous { context["prev"] = entry(previous, from: folder) }
        if let next { context["next"] = entry(next, from: folder) }
        switch document.fields {
        case .briefing(let fields): context["issue"] = issueContext(document, fields)
        case .official(let fields): context["doc"] = officialContext(document, fields)
        }
        return context
    }

    func issueContext(_ document: Document, _ fields: BriefingFields) -> IssueContext {
        let (lead, title) = Self.splitMasthead(fields.name)
        let articles = document.sections.map {
            ArticleContext(title: $0.title, titleLines: PrintTypesetting.titleLines($0.title), anchor: $0.anchor,
                           html: PrintTypesetting.tables(Self.nestedHeadings($0.html)))
        }
        let contents = articles.count >= 2
            ? ContentsContext(column: fields.column, items: articles.map { TitleAnchor(title: $0.title, anchor: $0.anchor) })
            : nil
        return IssueContext(
            marking: document.marking, mastheadLead: lead, mastheadTitle: title,
            mastheadLeadFit: lead.map(PrintTypesetting.mastheadLeadFit), mastheadTitleFit: PrintTypesetting.mastheadTitleFit(title),
            numberText: fields.numberText,
            totalText: fields.total.map { "总第\($0)期" },
            specialLabel: fields.special.flatMap { $0.isSupplement ? nil : $0.rawValue },
            office: fields.office, dateText: document.date.chinese, dateISO: document.date.iso, isDraft: document.draft,
            noteHTML: document.noteHTML, leadHTML: document.leadHTML.isEmpty ? nil : PrintTypesetting.tables(document.leadHTML),
            contents: contents, articles: articles, trailer: trailerContext(document.trailer))
    }

    func officialContext(_ document: Document, _ fields: OfficialFields) -> OfficialContext {
        let parts = document.sections.filter { !$0.isAttachment }
            .map {
                ArticleContext(title: $0.title, titleLines: PrintTypesetting.titleLines($0.title), anchor: $0.anchor,
                               html: PrintTypesetting.tables(Self.nestedHeadings($0.html)))
            }
        let attachments = document.sections.compactMap { section -> AttachmentContext? in
            guard let number = section.attachmentNumber else { return nil }
            let index = max(number, 1) - 1
            let title = fields.attachments.indices.contains(index) ? fields.attachments[index] : ""
            return AttachmentContext(label: number == 0 ? "附件" : "附件\(number)", title: title,
                                     titleLines: PrintTypesetting.titleLines(title), anchor: section.anchor,
                                     html: PrintTypesetting.tables(Self.nestedHeadings(section.html)))
        }
        let note = fields.attachments.isEmpty ? nil : AttachmentNoteContext(
            single: fields.attachments.count == 1,
            items: fields.attachments.enumerated().map { AttachmentItem(number: "\($0.offset + 1)", title: $0.element) })
        var trailer = document.trailer
        let cc = fields.cc ?? trailer.text(for: "抄送")
        if fields.cc == nil { trailer.lines.removeAll { $0.label == "抄送" } }
        let imprint = (cc != nil || fields.printedBy != nil || fields.printedOn != nil)
            ? ImprintContext(cc: cc.map { $0.trimmingCharacters(in: ["。"]) }, printedBy: fields.printedBy,
                             printedOnText: fields.printedOn?.chinese)
            : nil
        return OfficialContext(
            kind: document.kind.rawValue, kindLabel: document.kind.label, marking: document.marking, isDraft: document.draft,
            issuer: fields.issuer, issuerNames: fields.jointIssuers,
            issuerSuffix: fields.jointIssuers.isEmpty ? nil : PrintTypesetting.jointSuffix, issuerFit: PrintTypesetting.issuerFit(fields),
            docNumber: fields.docNumber, title: fields.title, titleLines: PrintTypesetting.titleLines(fields.title),
            addressees: fields.addressees,
            leadHTML: document.leadHTML.isEmpty ? nil : PrintTypesetting.tables(document.leadHTML),
            attachmentNote: parts.isEmpty ? note : nil, attachmentNoteAfterParts: parts.isEmpty ? nil : note,
            signedBy: fields.signedBy, dateText: document.date.chinese, dateISO: document.date.iso,
            parts: parts, attachments: attachments, imprint: imprint, trailer: trailerContext(trailer))
    }

    func trailerContext(_ trailer: Trailer) -> TrailerContext? {
        guard !trailer.isEmpty else { return nil }
        return TrailerContext(
            distribution: trailer.distribution.map { LabelText(label: $0.label, text: $0.text) },
            editors: trailer.editors.map { LabelText(label: $0.label, text: $0.text) },
            copiesText: trailer.copies.map { "（共印\($0)份）" })
    }

    /// What a series holds: the kind's name, or 文件 when its 公文 are of several kinds.
    static func kindLabel(of series: Series) -> String {
        let kinds = Set(series.documents.map(\.kind))
        if kinds.count > 1 { return "文件" }
        return (kinds.first ?? series.kind).label
    }

    /// 鲁山县创建省级法治政府建设示范县 工作简报 → the place line and the large 工作简报 line.
    static func splitMasthead(_ name: String) -> (lead: String?, title: String) {
        let trimmed = name.trimmingSpaces
        guard let space = trimmed.lastIndex(where: { $0 == " " || $0 == "\u{3000}" }) else { return (nil, trimmed) }
        let lead = trimmed[..<space].trimmingSpaces
        let title = trimmed[trimmed.index(after: space)...].trimmingSpaces
        return (lead.isEmpty ? nil : lead, title)
    }

    // MARK: Feeds and sitemap

    func feedContext(_ series: Series) -> [String: Any] {
        let newestFirst = series.documents.reversed()
        let entries = newestFirst.map { document in
            let url = absoluteURL(document.outputFolder)
            let summary: String
            switch document.fields {
            case .briefing(let fields):
                summary = "\(fields.numberText) \(document.date.chinese)：" + document.sections.map(\.title).joined(separator: "；")
            case .official(let fields):
                summary = [fields.docNumber, fields.issuer, document.date.chinese].compactMap { $0 }.joined(separator: " ")
            }
            let title = document.kind.isBriefing ? "\(document.label) \(document.headline)" : document.headline
            return FeedEntryContext(title: title, url: url, id: url, updated: document.date.rfc3339, summary: summary)
        }
        let updated = series.documents.last?.date.rfc3339 ?? "1970-01-01T00:00:00Z"
        return ["feed": FeedContext(
            title: series.name, siteTitle: site.title, seriesURL: absoluteURL(series.slug),
            feedURL: site.baseURL + series.slug + "/feed.xml", updated: updated, entries: Array(entries))]
    }

    func sitemapURLs() -> [SitemapURL] {
        var urls = [SitemapURL(loc: site.baseURL, lastmod: nil)]
        for series in site.series {
            urls.append(SitemapURL(loc: absoluteURL(series.slug), lastmod: series.documents.last?.date.iso))
            for document in series.documents {
                urls.append(SitemapURL(loc: absoluteURL(document.outputFolder), lastmod: document.date.iso))
            }
        }
        return urls
    }

    // MARK: Addresses

    func absoluteURL(_ folder: String) -> String {
        folder.isEmpty ? site.baseURL : site.baseURL + Self.percentEncodedPath(folder) + "/"
    }

    /// The way up from a page in `folder` to the site root: `../` a folder level ("" for the root).
    /// Counts the folder's parts on bytes; a folder with non-ASCII names is split by Characters, as
    /// before (a `/` followed by a combining mark is one Character, not a separator).
    static func relativeRoot(of folder: String) -> String {
        guard folder.utf8.allSatisfy({ $0 < 0x80 }) else {
            return String(repeating: "../", count: folder.split(separator: "/").count)
        }
        var levels = 0
        var previous: UInt8 = UInt8(ascii: "/")
        for byte in folder.utf8 {
            if byte != UInt8(ascii: "/") && previous == UInt8(ascii: "/") { levels += 1 }
            previous = byte
        }
        return String(repeating: "../", count: levels)
    }

    func entry(_ document: Document, from folder: String) -> EntryContext {
        entry(document, root: Self.relativeRoot(of: folder))
    }

    /// A list entry on a page whose way up to the site root is `root` (see `relativeRoot(of:)`).
    func entry(_ document: Document, root: String) -> EntryContext {
        EntryContext(
            url: root + document.outputFolder + "/index.html", label: document.label, headline: document.headline,
            dateText: document.date.chinese, dateISO: document.date.iso, isDraft: document.draft,
            isOfficial: !document.kind.isBriefing)
    }

    /// Non-ASCII file names (Chinese) percent-encoded for absolute addresses in feeds and the sitemap.
    static func percentEncodedPath(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            let isSafe = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/")
                || byte == UInt8(ascii: "~")
            result += isSafe ? String(UnicodeScalar(byte)) : "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        }
        return result
    }
}
