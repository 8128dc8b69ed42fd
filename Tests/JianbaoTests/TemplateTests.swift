import JianbaoModel
@testable import JianbaoRender
import JianbaoSupport
import Testing

@Suite struct TemplateTests {
    func templates(_ files: [String: String], kinds: Set<DocumentKind> = []) throws(DiagnosticsError) -> TemplateSet {
        var all = ["T/home.mustache": "h", "T/series.mustache": "s", "T/feed.mustache": "f", "T/sitemap.mustache": "m",
                   "T/search.mustache": "q", "T/year.mustache": "y", "T/404.mustache": "n",
                   "T/topic.mustache": "t"]
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

    /// The names Templates/README.md documents, read from its code spans from "The templates and what
    /// they receive" on: the reference a template author works from, written by hand.
    static func documentedNames() throws -> (all: Set<String>, camelCase: Set<String>) {
        let readme = try TestSupport.readText(TestSupport.repoRoot + "/Templates/README.md")
        let reference = try #require(readme.range(of: "## The templates and what they receive")).upperBound
        var names: Set<String> = []
        var inCode = false
        var code = ""
        for character in readme[reference...] {
            if character == "`" {
                if inCode {
                    names.formUnion(code.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map(String.init))
                    code = ""
                }
                inCode.toggle()
            } else if inCode {
                code.append(character)
            }
        }
        let camelCase = names.filter { name in name.first?.isLowercase == true && name.contains { $0.isUppercase } }
        return (names, camelCase)
    }

    /// Every name a page gives templates is documented, and every documented name (of the camelCase
    /// ones, which are no ordinary words) is one a page gives: the reference and the declarations agree.
    @Test func theTemplateReferenceDocumentsEveryNameAPageGives() throws {
        let documented = try Self.documentedNames()
        let given = TemplateNames.ofAllPages
        #expect(given.subtracting(documented.all).isEmpty, "not in Templates/README.md: \(given.subtracting(documented.all).sorted())")
        let unknown = documented.camelCase.subtracting(given).subtracting(TemplateSet.mustacheNames)
        #expect(unknown.isEmpty, "documented but given by no page: \(unknown.sorted())")
        // Names read by hand from the reference: the check must accept them.
        for name in ["pageTitle", "canonicalURL", "numberText", "attachmentNoteAfterParts", "printedOnText", "jsonFeedURL",
                     "docNumber", "signedBy", "isCurrent", "hiddenYears"] {
            #expect(TemplateSet.knownNames.contains(name), "\(name)")
        }
        #expect(given.count > 80)
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
