import JianbaoModel
import JianbaoSearch
import JianbaoSupport
import Synchronization

/// A file about to be made: the digest of what it is made from, and how to make it.
public struct PreparedFile {
    /// Changes whenever anything the file shows changes (see `TemplateValues`).
    public let digest: UInt64
    /// For a document's page: the digest of the document's own values (see `OwnValues`).
    public var ownDigest: UInt64?
    let render: () -> String

    public func bytes() -> [UInt8] { Array(render().utf8) }
}

/// One file of the site still to be made: where it goes and the pure work that makes it.
///
/// An incremental build keeps the last build's file when the digest of what it is made from is the
/// same: nothing decides by a list of fields, so a value added to what a page receives is part of
/// its digest at once.
public struct OutputJob: Sendable {
    /// The path below the output root.
    public var path: String
    /// For a document's page: the document (a stub, without its body, when it came from the last build).
    public var document: Document?
    private let prepareFile: @Sendable () -> PreparedFile
    private let documentDigest: (@Sendable () -> UInt64)?
    private let documentFile: (@Sendable (Document) -> String)?

    init(path: String, prepare: @escaping @Sendable () -> PreparedFile) {
        self.path = path
        self.prepareFile = prepare
        self.documentDigest = nil
        self.documentFile = nil
    }

    /// A document's page, made from a copy of the document by `values` (which gives the document's
    /// own values' digest too), its digest alone by `digest`. The body is no part of the digest
    /// (`BodyHTML`): a page made from the document's stub has the digest of the page made from the
    /// whole document.
    init(path: String, document: Document, values: @escaping @Sendable (Document) -> (page: TemplateValues, ownDigest: UInt64),
         digest: @escaping @Sendable (Document) -> UInt64, render: @escaping @Sendable (TemplateValues) -> String) {
        self.path = path
        self.document = document
        self.documentDigest = { digest(document) }
        self.documentFile = { render(values($0).page) }
        self.prepareFile = {
            let made = values(document)
            return PreparedFile(digest: made.page.digest, ownDigest: made.ownDigest, render: { render(made.page) })
        }
    }

    /// A file made from values (`prepare`), whose digest can be had without making them (`digest`).
    init(path: String, prepare: @escaping @Sendable () -> PreparedFile, digest: @escaping @Sendable () -> UInt64) {
        self.path = path
        self.prepareFile = prepare
        self.documentDigest = digest
        self.documentFile = nil
    }

    /// A listing made from `values` by the template `template`.
    static func listing<Values: Encodable & SendableMetatype>(_ path: String, _ template: String, _ templates: TemplateSet,
                                                              _ values: @escaping @Sendable () -> Values) -> OutputJob {
        OutputJob(path: path, prepare: {
            let made = TemplateValues.make(values())
            return PreparedFile(digest: made.digest, render: { templates.render(made.root, with: template) })
        }, digest: { TemplateValues.digest(of: values()) })
    }

    /// An HTML page (counted as a page in the build's report), not a feed or the sitemap.
    public var isPage: Bool { path.hasSuffix(".html") }

    /// The digest that decides whether the last build's file can be kept, of everything the file is
    /// made from (for a document's page, but its body), without making the file (nor, mostly, the
    /// values it is made from).
    public func digest() -> UInt64 {
        documentDigest?() ?? prepareFile().digest
    }

    /// The digest and the way to make the file (from `document` as it is, for a document's page).
    public func prepare() -> PreparedFile { prepareFile() }

    /// The file, made now.
    public func make() -> [UInt8] { prepareFile().bytes() }

    /// A document's page made from another copy of its document (read again in full).
    public func make(from document: Document) -> [UInt8]? {
        documentFile.map { Array($0(document).utf8) }
    }
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
    /// The digest of each document's own values (`OwnValues`) at the last build, by source file, for
    /// the documents that came from it unchanged (and only those): their own values are the same, so
    /// their pages' digests are had without making them again (titles are set in lines for print,
    /// which costs).
    public let ownDigests: [String: UInt64]
    /// The site's fields and the navigation (by the way up to the site root), made once for every page.
    let sharedSite: Shared<SiteSettings>
    let sharedNavigation: [String: Shared<[NavItem]>]

    public init(site: Site, templates: TemplateSet, searchTexts: [String: String] = [:], ownDigests: [String: UInt64] = [:]) {
        self.site = site
        self.templates = templates
        self.searchTexts = searchTexts
        self.ownDigests = ownDigests
        sharedSite = Shared(site.settings)
        var navigation: [String: Shared<[NavItem]>] = [:]
        for depth in 0...3 { navigation[String(repeating: "../", count: depth)] = Shared(Self.navigation(of: site, root: String(repeating: "../", count: depth))) }
        sharedNavigation = navigation
    }

    static func navigation(of site: Site, root: String) -> [NavItem] {
        site.series.map { NavItem(name: $0.name, url: root + Self.address($0.slug) + "/index.html") }
    }

    /// The navigation for a page whose way up to the site root is `root`.
    func navigation(root: String) -> Shared<[NavItem]> {
        sharedNavigation[root] ?? Shared(Self.navigation(of: site, root: root))
    }

    /// The whole site in order, on one thread: the jobs and the search files.
    public func render() -> RenderedSite {
        let jobs = outputJobs()
        let files = jobs.map { OutputFile(path: $0.path, bytes: $0.make()) } + searchFiles()
        return RenderedSite(files: files, copies: copies(), pageCount: files.filter { $0.path.hasSuffix(".html") }.count)
    }

    /// Every file of the site, each with the work that makes it. Making one file reads nothing else
    /// and changes nothing, so the builder runs these on every core and writes each file as soon as
    /// it is made; `render()` runs them in order. A new kind of output is a new job here. The search
    /// index is not a job: it is made from all documents at once (`searchFiles()`).
    public func outputJobs() -> [OutputJob] {
        let templates = templates
        var jobs = [OutputJob.listing("index.html", "home", templates) { homeValues() }]
        for series in site.series {
            jobs.append(.listing("\(series.slug)/index.html", "series", templates) { seriesValues(series) })
            jobs.append(.listing("\(series.slug)/feed.xml", "feed", templates) { FeedValues(feed: feedContext(series)) })
            // Each document's entry is shown on two pages (the pages before and after it): made once.
            let entries = series.documents.map { NeighbourEntry($0) }
            for (index, document) in series.documents.enumerated() {
                let previous = index > 0 ? entries[index - 1] : nil
                let next = index + 1 < series.documents.count ? entries[index + 1] : nil
                let template = document.kind.templateName
                /// `digestOnly`: the page's values for its digest alone (the neighbours' entries by digest).
                @Sendable func values(_ document: Document, own: OwnValues, digestOnly: Bool = false) -> DocumentPage {
                    let root = Self.relativeRoot(of: document.outputFolder)
                    return documentValues(document, in: series, previousEntry: previous?.shared(root: root, by: self, digestOnly: digestOnly),
                                          nextEntry: next?.shared(root: root, by: self, digestOnly: digestOnly), own: own)
                }
                let known = ownDigests[document.source.file]
                jobs.append(OutputJob(
                    path: "\(document.outputFolder)/index.html", document: document,
                    values: { document in
                        let own = Self.ownValues(of: document)
                        return (TemplateValues.make(values(document, own: own)), own.digest)
                    },
                    digest: { document in
                        let own = known.map { OwnValues(of: document, digest: $0) } ?? Self.ownValues(of: document)
                        return TemplateValues.digest(of: values(document, own: own, digestOnly: true))
                    },
                    render: { templates.render($0.root, with: template) }))
            }
        }
        jobs += webArchiveJobs()
        jobs.append(.listing("sitemap.xml", "sitemap", templates) { SitemapValues(urls: sitemapURLs()) })
        return jobs
    }

    /// Files copied as they are: the templates' assets (source path → path below the output root).
    public func copies() -> [(source: String, destination: String)] {
        templates.assets.map { (Path.join(templates.folder, "assets", $0), $0) }
    }

    // MARK: Pages

    /// The values every HTML page has, for a page in `folder` ("" for the home page).
    func pageValues(folder: String, title: String, meta: PageMeta? = nil) -> PageValues {
        let root = Self.relativeRoot(of: folder)
        return PageValues(
            site: sharedSite, root: root, pageTitle: title, canonicalURL: absoluteURL(folder),
            nav: navigation(root: root), generator: "jianbao",
            meta: meta ?? PageMeta(title: title, description: nil, type: "website", noindex: false),
            searchURL: root + "search/index.html", marks: marksContext(root: root))
    }

    func homeValues() -> HomePage {
        let series = site.series.map { series in
            let folder = Self.address(series.slug)
            return SeriesSummaryContext(
                name: series.name, url: folder + "/index.html", kindLabel: Self.kindLabel(of: series), description: series.description,
                count: series.documents.count, feedURL: folder + "/feed.xml", jsonFeedURL: folder + "/feed.json",
                recent: series.documents.reversed().prefix(10).map { entry($0, root: "") })
        }
        return HomePage(pageValues(folder: "", title: site.title), HomeValues(series: series))
    }

    func seriesValues(_ series: Series) -> SeriesPage {
        let page = pageValues(folder: series.slug, title: "\(series.name) · \(site.title)",
                              meta: PageMeta(title: series.name, description: series.description ?? series.office, type: "website", noindex: false))
        let summary = SeriesPageContext(
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
        let years = runs.prefix(shownYears).map { run in
            YearContext(year: "\(run.year)", entries: run.documents.reversed().map { entry($0, root: root) })
        }
        return SeriesPage(page, SeriesValues(series: summary, years: years, hiddenYears: hidden > 0 ? hidden : nil,
                                             allYears: yearLinks(series, from: series.slug),
                                             allTopics: topicLinks(series, from: series.slug)))
    }

    func documentValues(_ document: Document, in series: Series, previous: Document?, next: Document?) -> DocumentPage {
        documentValues(document, in: series, previousEntry: previous.map { Shared(entry($0, from: document.outputFolder)) },
                       nextEntry: next.map { Shared(entry($0, from: document.outputFolder)) }, own: Self.ownValues(of: document))
    }

    /// A document's own values: its fields and the values made from them, from the document alone (no
    /// site, series or neighbour), so that their digest holds for as long as the document is the same.
    struct OwnValues {
        var issue: Shared<Merged<BriefingFields, IssueContext>>?
        var doc: Shared<Merged<OfficialFields, OfficialContext>>?

        var digest: UInt64 { issue?.made.digest ?? doc?.made.digest ?? 0 }

        /// Known by their digest alone, for the digest of the page.
        init(of document: Document, digest: UInt64) {
            if document.kind.isBriefing { issue = Shared(digest: digest) } else { doc = Shared(digest: digest) }
        }

        init(issue: Shared<Merged<BriefingFields, IssueContext>>?, doc: Shared<Merged<OfficialFields, OfficialContext>>?) {
            self.issue = issue
            self.doc = doc
        }
    }

    /// Static: they can read nothing but the document.
    static func ownValues(of document: Document) -> OwnValues {
        switch document.fields {
        case .briefing(let fields): OwnValues(issue: Shared(Merged(fields, issueContext(document, fields))), doc: nil)
        case .official(let fields): OwnValues(issue: nil, doc: Shared(Merged(fields, officialContext(document, fields))))
        }
    }

    func documentValues(_ document: Document, in series: Series, previousEntry: Shared<Entry>?, nextEntry: Shared<Entry>?,
                        own: OwnValues) -> DocumentPage {
        let folder = document.outputFolder
        let title: String
        switch document.fields {
        case .briefing(let fields): title = "\(fields.name) \(fields.numberText) · \(site.title)"
        case .official(let fields): title = "\(fields.title) · \(site.title)"
        }
        let page = pageValues(folder: folder, title: title, meta: documentMeta(document))
        let root = page.root
        let seriesFolder = root + Self.address(series.slug)
        let link = SeriesLinkContext(name: series.name, url: seriesFolder + "/index.html", feedURL: seriesFolder + "/feed.xml",
                                     jsonFeedURL: seriesFolder + "/feed.json")
        // The 政府信息公开 block depends on the series (`disclosure: true`): a page value, not one of the document's own.
        let disclosure = document.official.flatMap { document.showsDisclosure(in: series) ? disclosureContext(document, $0) : nil }
        return DocumentPage(page, DocumentValues(series: link, prev: previousEntry, next: nextEntry, issue: own.issue, doc: own.doc,
                                                 disclosure: disclosure,
                                                 seals: SealsContext(document, root: root, shown: site.settings.webSeals)))
    }

    static func issueContext(_ document: Document, _ fields: BriefingFields) -> IssueContext {
        let (lead, title) = Self.splitMasthead(fields.name)
        let articles = document.sections.map {
            ArticleContext(title: $0.title, titleLines: PrintTypesetting.titleLines($0.title), anchor: $0.anchor,
                           html: BodyHTML(PrintTypesetting.tables(Self.nestedHeadings($0.html))))
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
            dateText: document.date.chinese, dateISO: document.date.iso, isDraft: document.draft,
            noteHTML: document.noteHTML.map(BodyHTML.init),
            leadHTML: document.leadHTML.isEmpty ? nil : BodyHTML(PrintTypesetting.tables(document.leadHTML)),
            contents: contents, articles: articles, trailer: trailerContext(document.trailer))
    }

    static func officialContext(_ document: Document, _ fields: OfficialFields) -> OfficialContext {
        let parts = document.sections.filter { !$0.isAttachment }
            .map {
                ArticleContext(title: $0.title, titleLines: PrintTypesetting.titleLines($0.title), anchor: $0.anchor,
                               html: BodyHTML(PrintTypesetting.tables(Self.nestedHeadings($0.html))))
            }
        let attachments = document.sections.compactMap { section -> AttachmentContext? in
            guard let number = section.attachmentNumber else { return nil }
            let index = max(number, 1) - 1
            let title = fields.attachments.indices.contains(index) ? fields.attachments[index] : ""
            return AttachmentContext(label: number == 0 ? "附件" : "附件\(number)", title: title,
                                     titleLines: PrintTypesetting.titleLines(title), anchor: section.anchor,
                                     html: BodyHTML(PrintTypesetting.tables(Self.nestedHeadings(section.html))))
        }
        let note = fields.attachments.isEmpty ? nil : AttachmentNoteContext(
            single: fields.attachments.count == 1,
            items: fields.attachments.enumerated().map { AttachmentItem(number: "\($0.offset + 1)", title: $0.element) })
        var trailer = document.trailer
        let cc = fields.cc ?? trailer.text(for: "抄送")
        if fields.cc == nil { trailer.lines.removeAll { $0.label == "抄送" } }
        let format = document.kind.format
        let flags = [fields.copyNumber, document.marking, fields.urgency].compactMap { $0 }.count
        let signers = stride(from: 0, to: fields.signers.count, by: 2).map {
            SignerRow(names: Array(fields.signers[$0..<min($0 + 2, fields.signers.count)]))
        }
        let moved = PrintTypesetting.addresseesInImprint(fields, format: format, signerRows: signers.count)
        let imprint = (moved || cc != nil || fields.printedBy != nil || fields.printedOn != nil)
            ? ImprintContext(addressees: moved ? fields.addressees?.trimmingCharacters(in: ["。"]) : nil,
                             cc: cc.map { $0.trimmingCharacters(in: ["。"]) }, printedBy: fields.printedBy,
                             printedOnText: fields.printedOn?.chinese, copiesText: trailer.copies.map { "（共印\($0)份）" })
            : nil
        // A 公文's print count goes into its 版记 when it has one.
        if imprint != nil { trailer.copies = nil }
        return OfficialContext(
            kind: document.kind.rawValue, kindLabel: document.kind.label, format: format.rawValue,
            isLetter: format == .letter, isOrder: format == .order, isMinutes: format == .minutes,
            marking: document.marking, isDraft: document.draft, flagRows: flags, signerRows: signers, hasSigners: !signers.isEmpty,
            issuerNames: fields.jointIssuers,
            issuerSuffix: fields.jointIssuers.isEmpty ? nil : PrintTypesetting.jointSuffix, issuerFit: PrintTypesetting.issuerFit(fields),
            titleLines: PrintTypesetting.titleLines(fields.title), addresseesInImprint: moved,
            leadHTML: document.leadHTML.isEmpty ? nil : BodyHTML(PrintTypesetting.tables(document.leadHTML)),
            attachmentNote: parts.isEmpty ? note : nil, attachmentNoteAfterParts: parts.isEmpty ? nil : note,
            dateText: document.date.chinese, dateISO: document.date.iso,
            parts: parts, attachments: attachments, imprint: imprint, trailer: trailerContext(trailer))
    }

    static func trailerContext(_ trailer: Trailer) -> TrailerContext? {
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

    func feedContext(_ series: Series) -> FeedContext {
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
            let disclosure = document.official.flatMap { document.showsDisclosure(in: series) ? disclosureContext(document, $0) : nil }
            return FeedEntryContext(title: title, url: url, id: url, updated: document.date.rfc3339, summary: summary,
                                    disclosure: disclosure)
        }
        let updated = series.documents.last?.date.rfc3339 ?? "1970-01-01T00:00:00Z"
        return FeedContext(
            title: series.name, siteTitle: site.title, seriesURL: absoluteURL(series.slug),
            feedURL: site.baseURL + Self.address(series.slug) + "/feed.xml", updated: updated, entries: Array(entries))
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
        folder.isEmpty ? site.baseURL : site.baseURL + Self.address(folder) + "/"
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

    func entry(_ document: Document, from folder: String) -> Entry {
        entry(document, root: Self.relativeRoot(of: folder))
    }

    /// A list entry on a page whose way up to the site root is `root` (see `relativeRoot(of:)`).
    func entry(_ document: Document, root: String) -> Entry {
        Entry(DocumentFieldsContext(document.fields), EntryContext(
            url: root + Self.address(document.outputFolder) + "/index.html", label: document.label, headline: document.headline,
            dateText: document.date.chinese, dateISO: document.date.iso, isDraft: document.draft,
            isOfficial: !document.kind.isBriefing))
    }

    /// Non-ASCII file names (Chinese) percent-encoded for absolute addresses in feeds and the sitemap.
    static func percentEncodedPath(_ path: String) -> String {
        WebAddress.path(path)
    }
}

/// A document's list entry as its neighbours' pages show it (`prev`, `next`), made by whichever of
/// the two asks first.
final class NeighbourEntry: Sendable {
    private let document: Document
    private let made = Mutex<(root: String, entry: Shared<Entry>)?>(nil)
    private let digest = Mutex<(root: String, digest: UInt64)?>(nil)

    init(_ document: Document) {
        self.document = document
    }

    /// The entry, made; or with `digestOnly` known by its digest alone (for a page's digest: made
    /// only when a page is rendered).
    func shared(root: String, by renderer: SiteRenderer, digestOnly: Bool = false) -> Shared<Entry> {
        if digestOnly {
            if let made = made.withLock({ $0 }), made.root == root { return Shared(digest: made.entry.made.digest) }
            return Shared(digest: digest.withLock { known in
                if let known, known.root == root { return known.digest }
                let value = TemplateValues.digest(of: renderer.entry(document, root: root))
                known = (root, value)
                return value
            })
        }
        return made.withLock { made in
            if let made, made.root == root { return made.entry }
            let entry = Shared(renderer.entry(document, root: root))
            made = (root, entry)
            return entry
        }
    }
}
