import JianbaoModel
@testable import JianbaoRender
import JianbaoSupport
import Testing

@Suite struct TemplateTests {
    func templates(_ files: [String: String], kinds: Set<DocumentKind> = []) throws(DiagnosticsError) -> TemplateSet {
        var all = ["T/home.mustache": "h", "T/series.mustache": "s", "T/feed.mustache": "f", "T/sitemap.mustache": "m",
                   "T/search.mustache": "q", "T/year.mustache": "y", "T/404.mustache": "n"]
        for (path, text) in files { all["T/" + path] = text }
        return try TemplateSet(folder: "T", fileSystem: MemoryFileSystem(files: all), requiredKinds: kinds)
    }

    func diagnostics(_ files: [String: String], kinds: Set<DocumentKind> = []) -> [Diagnostic] {
        do {
            _ = try templates(files, kinds: kinds)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func aSyntaxErrorNamesTheTemplateAndLine() throws {
        let found = diagnostics(["briefing.mustache": "<p>\n{{#issue}}\n{{/articles}}\n"])
        let error = try #require(found.first)
        #expect(error.location.file == "T/briefing.mustache")
        #expect(error.location.line == 3)
        #expect(error.message.contains("closes a different section"))
    }

    @Test func aMissingPartialIsAnError() throws {
        let error = try #require(diagnostics(["home.mustache": "<p>\n  {{> partials/head}}\n"]).first)
        #expect(error.location == SourceLocation(file: "T/home.mustache", line: 2, column: 3))
        #expect(error.message == "the partial `partials/head` does not exist")
    }

    @Test func aNameNoPageProvidesIsAnError() throws {
        let found = diagnostics(["series.mustache": "{{#years}}\n<h2>{{year}}</h2>{{#entries}}{{lable}}{{/entries}}{{/years}}{{{issue.noteHTML}}}"])
        #expect(found.count == 1)
        #expect(found.first?.location == SourceLocation(file: "T/series.mustache", line: 2, column: 30))
        #expect(found.first?.message.contains("`lable`") == true)
    }

    @Test func theTemplateOfEachKindInTheSiteIsRequired() {
        let found = diagnostics([:], kinds: [.briefing, .notice])
        #expect(Set(found.map(\.location.file)) == ["T/briefing.mustache", "T/notice.mustache"])
    }

    @Test func valuesAreEscapedAndHTMLIsNot() throws {
        let set = try templates(["briefing.mustache": "{{pageTitle}}|{{{issue.noteHTML}}}"])
        let output = set.render(["pageTitle": "<b>&\"{{x}}", "issue": ["noteHTML": "<p>按语</p>"]], with: "briefing")
        #expect(output == "&lt;b&gt;&amp;&quot;{{x}}|<p>按语</p>")
    }

    /// Every key a page context has must be a name the template check accepts, or a real template
    /// using it would be refused; this walks fully filled contexts with Mirror to find them all.
    @Test func everyContextKeyIsAKnownName() {
        let entry = EntryContext(url: "", label: "", headline: "", dateText: "", dateISO: "", isDraft: false, isOfficial: false)
        let trailer = TrailerContext(distribution: [LabelText(label: "", text: "")], editors: [LabelText(label: "", text: "")], copiesText: "")
        let note = AttachmentNoteContext(single: true, items: [AttachmentItem(number: "", title: "")])
        let samples: [Any] = [
            SiteContext(title: "", baseURL: "", language: ""), NavItem(name: "", url: ""), entry,
            SeriesSummaryContext(name: "", url: "", kindLabel: "", description: "", count: 0, feedURL: "", jsonFeedURL: "", recent: [entry]),
            SeriesPageContext(name: "", office: "", kindLabel: "", url: "", feedURL: "", jsonFeedURL: "", count: 0),
            YearContext(year: "", entries: [entry]), SeriesLinkContext(name: "", url: "", feedURL: "", jsonFeedURL: ""),
            PageMeta(title: "", description: "", type: "", noindex: false),
            YearLinkContext(year: "", count: 0, url: "", isCurrent: false),
            YearPageContext(year: "", count: 0, entries: [entry]), SearchPageContext(version: 1, shards: 1, documents: 0),
            IssueContext(marking: "", mastheadLead: "", mastheadTitle: "", mastheadLeadFit: "", mastheadTitleFit: "",
                         numberText: "", totalText: "", specialLabel: "",
                         office: "", dateText: "", dateISO: "", isDraft: false, noteHTML: "", leadHTML: "",
                         contents: ContentsContext(column: "", items: [TitleAnchor(title: "", anchor: "")]),
                         articles: [ArticleContext(title: "", titleLines: [""], anchor: "", html: "")], trailer: trailer),
            OfficialContext(kind: "", kindLabel: "", marking: "", isDraft: false, issuer: "", issuerNames: [""], issuerSuffix: "",
                            issuerFit: "", docNumber: "", title: "", titleLines: [""], addressees: "",
                            leadHTML: "", attachmentNote: note, attachmentNoteAfterParts: note, signedBy: "", dateText: "", dateISO: "",
                            parts: [ArticleContext(title: "", titleLines: [""], anchor: "", html: "")],
                            attachments: [AttachmentContext(label: "", title: "", titleLines: [""], anchor: "", html: "")],
                            imprint: ImprintContext(cc: "", printedBy: "", printedOnText: ""), trailer: trailer),
            FeedContext(title: "", siteTitle: "", seriesURL: "", feedURL: "", updated: "",
                        entries: [FeedEntryContext(title: "", url: "", id: "", updated: "", summary: "")]),
            SitemapURL(loc: "", lastmod: ""),
        ]
        var keys: Set<String> = []
        var pending = samples
        while let value = pending.popLast() {
            for child in Mirror(reflecting: value).children {
                if let label = child.label { keys.insert(label) }
                let inner = Mirror(reflecting: child.value)
                if inner.displayStyle == .optional, let wrapped = inner.children.first?.value {
                    pending.append(wrapped)
                } else if inner.displayStyle == .collection {
                    pending += inner.children.map(\.value)
                } else if inner.displayStyle == .struct {
                    pending.append(child.value)
                }
            }
        }
        // The keys the renderer puts in the page dictionaries themselves.
        keys.formUnion(["site", "root", "pageTitle", "canonicalURL", "nav", "generator", "series", "years", "issue", "doc", "prev", "next", "feed", "urls",
                         "meta", "searchURL", "hiddenYears", "allYears", "yearPage", "search"])
        #expect(keys.subtracting(TemplateSet.knownNames).isEmpty, "unknown: \(keys.subtracting(TemplateSet.knownNames))")
        #expect(keys.count > 60)
    }
}

@Suite struct RendererTests {
    @Test func mastheadNameSplitsAtItsLastSpace() {
        #expect(SiteRenderer.splitMasthead("鲁山县创建省级法治政府建设示范县 工作简报") == ("鲁山县创建省级法治政府建设示范县", "工作简报"))
        #expect(SiteRenderer.splitMasthead("工作简报") == (nil, "工作简报"))
    }

    @Test func aSeriesOfSeveralKindsIsLabelled文件() {
        func document(_ kind: DocumentKind) -> Document {
            Document(source: SourceLocation(file: "a.md"), seriesSlug: "wj", slug: "a", kind: kind,
                     fields: .official(OfficialFields(title: "关于的通知")), date: SimpleDate(iso: "2020-01-01")!)
        }
        var series = Series(slug: "wj", name: "文件", kind: .notice, documents: [document(.notice)], source: SourceLocation(file: "s"))
        #expect(SiteRenderer.kindLabel(of: series) == "通知")
        series.documents.append(document(.report))
        #expect(SiteRenderer.kindLabel(of: series) == "文件")
    }

    @Test func chineseFileNamesArePercentEncodedInAbsoluteAddresses() {
        #expect(SiteRenderer.percentEncodedPath("wj/2023/通知") == "wj/2023/%E9%80%9A%E7%9F%A5")
    }
}
