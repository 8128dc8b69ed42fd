import JianbaoChecks
import JianbaoContent
@testable import JianbaoRender
import JianbaoSupport
import Mustache
import Testing

/// The contexts answer templates' lookups by name (`MustacheParent`) rather than by reflection: every
/// field must be reachable under its own name, or a template would silently render it as nothing.
@Suite struct ContextLookupTests {
    /// Every context value reachable from `value`, with the path that led to it.
    static func walk(_ value: Any, path: String, check: (String, any MustacheParent, Mirror) -> Void) {
        if let dictionary = value as? [String: Any] {
            for (key, child) in dictionary { walk(child, path: path + "." + key, check: check) }
            return
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let wrapped = mirror.children.first?.value { walk(wrapped, path: path, check: check) }
        case .collection:
            for (index, child) in mirror.children.enumerated() { walk(child.value, path: "\(path)[\(index)]", check: check) }
        case .struct:
            guard let parent = value as? any MustacheParent else { return }
            check(path, parent, mirror)
            for child in mirror.children { walk(child.value, path: path + "." + (child.label ?? "?"), check: check) }
        default:
            return
        }
    }

    @Test func everyFieldOfEveryContextIsFoundByItsName() throws {
        let loaded = ContentLoader(fileSystem: DiskFileSystem(), root: TestSupport.repoRoot + "/Content").load()
        let site = try #require(loaded.site)
        let templates = try TemplateSet(folder: TestSupport.repoRoot + "/Templates", fileSystem: DiskFileSystem(),
                                        requiredKinds: Set(site.series.flatMap { $0.documents.map(\.kind) }))
        let renderer = SiteRenderer(site: Publication(site: site).site, templates: templates)
        var contexts: [(String, Any)] = [("home", renderer.homeContext())]
        for series in renderer.site.series {
            contexts.append(("series \(series.slug)", renderer.seriesContext(series)))
            contexts.append(("feed \(series.slug)", renderer.feedContext(series)))
            for (year, documents) in Dictionary(grouping: series.documents, by: { $0.date.year }) {
                contexts.append(("year \(series.slug) \(year)", renderer.yearContext(series, year: year, documents: documents)))
            }
            for (index, document) in series.documents.enumerated() {
                let previous = index > 0 ? series.documents[index - 1] : nil
                let next = index + 1 < series.documents.count ? series.documents[index + 1] : nil
                contexts.append((document.outputFolder, renderer.documentContext(document, in: series, previous: previous, next: next)))
            }
        }
        contexts.append(("search", renderer.searchPageContext(shards: 2, documents: 5)))
        contexts.append(("404", renderer.notFoundContext()))
        var fieldsChecked = 0
        var typesSeen: Set<String> = []
        for (page, context) in contexts {
            Self.walk(context, path: page) { path, parent, mirror in
                typesSeen.insert("\(mirror.subjectType)")
                for child in mirror.children {
                    guard let label = child.label else { continue }
                    let isNil = Mirror(reflecting: child.value).displayStyle == .optional && Mirror(reflecting: child.value).children.isEmpty
                    let found = parent.child(named: label)
                    #expect((found == nil) == isNil, "\(path).\(label) (\(mirror.subjectType)) is not found by its name")
                    fieldsChecked += 1
                }
                #expect(parent.child(named: "noSuchField") == nil)
            }
        }
        #expect(fieldsChecked > 200)
        // The example archive reaches the contexts of briefings and of 公文 with attachments and 版记.
        for type in ["IssueContext", "OfficialContext", "AttachmentContext", "TrailerContext", "FeedContext", "YearContext",
                     "PageMeta", "YearLinkContext", "YearPageContext", "SearchPageContext"] {
            #expect(typesSeen.contains(type), "\(type) not reached")
        }
    }
}
