import Foundation
import Jianbao
import JianbaoChecks
import JianbaoContent
import JianbaoModel
@testable import JianbaoRender
import JianbaoSupport
import Mustache
import Testing

/// What templates receive is made from the declarations in Contexts.swift and the model: every
/// field is found by its name, and every field is part of the digest that decides whether a page is
/// made again.
@Suite struct TemplateValuesTests {
    @Test func aDocumentsFieldsAndTheValuesMadeFromThemAreSeenByName() throws {
        let date = try #require(SimpleDate(year: 2024, month: 1, day: 12))
        let fields = OfficialFields(issuer: "鲁山县人民政府办公室", docNumber: "鲁政办〔2024〕3号", title: "关于……的通知",
                                    attachments: ["名称一", "名称二"], printedOn: date)
        let derived = OfficialContext(
            kind: "notice", kindLabel: "通知", format: "general", isLetter: false, isOrder: false, isMinutes: false,
            marking: nil, isDraft: false, flagRows: 0, signerRows: [], hasSigners: false,
            issuerNames: [], issuerSuffix: nil, issuerFit: nil,
            titleLines: ["关于……的通知"], addresseesInImprint: false, leadHTML: BodyHTML("<p>正文</p>"), attachmentNote: nil,
            attachmentNoteAfterParts: nil, dateText: "2024年1月12日", dateISO: "2024-01-12", parts: [],
            attachments: [AttachmentContext(label: "附件1", title: "名称一", titleLines: ["名称一"], anchor: "a1", html: BodyHTML(""))], imprint: nil, trailer: nil)
        let values = TemplateValues.make(Merged(fields, derived))
        let doc = try #require(values.root as? TemplateObject)
        #expect(doc.child(named: "docNumber") as? String == "鲁政办〔2024〕3号")
        #expect(doc.child(named: "kindLabel") as? String == "通知")
        #expect(doc.child(named: "isDraft") as? Bool == false)
        #expect(doc.child(named: "addressees") == nil)
        #expect(doc.child(named: "marking") == nil)
        #expect(doc.child(named: "noSuchName") == nil)
        // A value made from the fields wins over the field of the same name: the attached texts.
        let attachments = try #require(doc.child(named: "attachments") as? [Any])
        #expect(attachments.count == 1)
        #expect((attachments.first as? TemplateObject)?.child(named: "label") as? String == "附件1")
        // A date is seen as its texts and numbers.
        let printedOn = try #require(doc.child(named: "printedOn") as? TemplateObject)
        #expect(printedOn.child(named: "text") as? String == "2024年1月12日")
        #expect(printedOn.child(named: "iso") as? String == "2024-01-12")
        #expect(printedOn.child(named: "month") as? Int == 1)
        let template = try MustacheTemplate(
            string: "{{docNumber}}|{{printedOn.text}}|{{#attachments}}{{label}}{{/attachments}}|{{^addressees}}无{{/addressees}}")
        #expect(template.render(values.root) == "鲁政办〔2024〕3号|2024年1月12日|附件1|无")
        #expect(TemplateValues.digest(of: Merged(fields, derived)) == values.digest)
    }

    /// The example archive's renderer and every page's typed values.
    static func examplePages() throws -> (renderer: SiteRenderer, pages: [(name: String, values: any Encodable)]) {
        let loaded = ContentLoader(fileSystem: DiskFileSystem(), root: TestSupport.repoRoot + "/Content").load()
        let site = try #require(loaded.site)
        let templates = try TemplateSet(folder: TestSupport.repoRoot + "/Templates", fileSystem: DiskFileSystem(),
                                        requiredKinds: Set(site.series.flatMap { $0.documents.map(\.kind) }))
        let renderer = SiteRenderer(site: Publication(site: site).site, templates: templates)
        var pages: [(String, any Encodable)] = [("home", renderer.homeValues()), ("404", renderer.notFoundValues()),
                                                ("search", renderer.searchValues(shards: 2, documents: 5))]
        for series in renderer.site.series {
            pages.append(("series \(series.slug)", renderer.seriesValues(series)))
            pages.append(("feed \(series.slug)", FeedValues(feed: renderer.feedContext(series))))
            for (year, documents) in Dictionary(grouping: series.documents, by: { $0.date.year }) {
                pages.append(("year \(series.slug) \(year)", renderer.yearValues(series, year: year, documents: documents)))
            }
            for (index, document) in series.documents.enumerated() {
                let previous = index > 0 ? series.documents[index - 1] : nil
                let next = index + 1 < series.documents.count ? series.documents[index + 1] : nil
                pages.append((document.outputFolder, renderer.documentValues(document, in: series, previous: previous, next: next)))
            }
        }
        return (renderer, pages)
    }

    /// The names of a value's fields, as reflection sees them (a merged value's and a document's
    /// fields side by side).
    static func fieldNames(_ value: Any) -> Set<String> {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional { return mirror.children.first.map { fieldNames($0.value) } ?? [] }
        if value is DocumentFieldsContext || "\(mirror.subjectType)".hasPrefix("Merged<") {
            return mirror.children.reduce(into: []) { $0.formUnion(fieldNames($1.value)) }
        }
        return Set(mirror.children.compactMap(\.label))
    }

    /// Walks `value` with reflection, independently of the encoder, and checks that `made` (what the
    /// templates receive) has every field under its name, with its value. `hidden`: names a merged
    /// value's second part gives too (which win).
    static func check(_ value: Any, _ made: Any?, path: String, hidden: Set<String> = [], fields: inout Int, types: inout Set<String>) {
        let mirror = Mirror(reflecting: value)
        switch value {
        case let text as String: #expect(made as? String == text, "\(path)"); fields += 1; return
        case let number as Int: #expect(made as? Int == number, "\(path)"); fields += 1; return
        case let flag as Bool: #expect(made as? Bool == flag, "\(path)"); fields += 1; return
        case let date as SimpleDate:
            #expect((made as? TemplateObject)?.child(named: "text") as? String == date.chinese, "\(path)")
            #expect((made as? TemplateObject)?.child(named: "iso") as? String == date.iso, "\(path)")
            fields += 1
            return
        case let raw as any RawRepresentable<String>: #expect(made as? String == raw.rawValue, "\(path)"); fields += 1; return
        case let body as BodyHTML: #expect(made as? String == body.html, "\(path)"); fields += 1; return
        default: break
        }
        switch mirror.displayStyle {
        case .optional:
            if let wrapped = mirror.children.first?.value {
                check(wrapped, made, path: path, hidden: hidden, fields: &fields, types: &types)
            } else {
                #expect(made == nil, "\(path) is nil and must be absent")
            }
        case .collection:
            let list = made as? [Any] ?? []
            #expect(list.count == mirror.children.count, "\(path)")
            for (index, (child, element)) in zip(mirror.children, list).enumerated() {
                check(child.value, element, path: "\(path)[\(index)]", fields: &fields, types: &types)
            }
        case .struct:
            types.insert("\(mirror.subjectType)")
            if "\(mirror.subjectType)".hasPrefix("Shared<") {
                check(mirror.children.first!.value, made, path: path, hidden: hidden, fields: &fields, types: &types)
            } else if "\(mirror.subjectType)".hasPrefix("Merged<") {
                let parts = Array(mirror.children)
                let extra = parts[1].value
                check(parts[0].value, made, path: path, hidden: hidden.union(fieldNames(extra)), fields: &fields, types: &types)
                check(extra, made, path: path, hidden: hidden, fields: &fields, types: &types)
            } else if value is DocumentFieldsContext {
                // The fields of the document's kind; the other kind's are nil.
                for part in mirror.children where !Mirror(reflecting: part.value).children.isEmpty {
                    check(part.value, made, path: path, hidden: hidden, fields: &fields, types: &types)
                }
            } else {
                let object = made as? TemplateObject
                #expect(object != nil, "\(path) must be an object")
                for child in mirror.children {
                    guard let label = child.label, !hidden.contains(label) else { continue }
                    check(child.value, object?.child(named: label), path: "\(path).\(label)", fields: &fields, types: &types)
                }
            }
        default:
            Issue.record("\(path): \(mirror.subjectType) is not a value templates can be given")
        }
    }

    @Test func everyFieldOfEveryPageIsFoundByItsName() throws {
        var fields = 0
        var types: Set<String> = []
        for (name, values) in try Self.examplePages().pages {
            Self.check(values, TemplateValues.make(values).root, path: name, fields: &fields, types: &types)
        }
        #expect(fields > 500)
        // The example archive reaches the values of briefings and of 公文 with attachments and 版记.
        for type in ["IssueContext", "OfficialContext", "AttachmentContext", "TrailerContext", "FeedContext", "YearContext",
                     "PageMeta", "YearLinkContext", "YearPageContext", "SearchPageContext", "BriefingFields", "OfficialFields",
                     "SiteSettings"] {
            #expect(types.contains(type), "\(type) not reached")
        }
    }

    /// A page made from a document without its body (a stub, as an incremental build has it) has the
    /// digest of the page made from the whole document: the body is left out of it, and only the body.
    @Test func aDocumentsPageHasTheSameDigestWithoutItsBody() throws {
        let renderer = try Self.examplePages().renderer
        var pages = 0
        for series in renderer.site.series {
            for (index, document) in series.documents.enumerated() {
                let previous = index > 0 ? series.documents[index - 1] : nil
                func page(_ document: Document) -> DocumentPage {
                    renderer.documentValues(document, in: series, previous: previous, next: nil)
                }
                let whole = TemplateValues.make(page(document))
                #expect(TemplateValues.digest(of: page(document.stub)) == whole.digest, "\(document.outputFolder)")
                #expect(TemplateValues.make(page(document.stub)).digest == whole.digest, "\(document.outputFolder)")
                #expect(!document.leadHTML.isEmpty || document.sections.contains { !$0.html.isEmpty }, "\(document.outputFolder) has a body")
                pages += 1
                guard !document.sections.isEmpty else { continue }
                var retitled = document
                retitled.sections[0].title += "（改）"
                #expect(TemplateValues.digest(of: page(retitled.stub)) != whole.digest, "\(document.outputFolder): a title is no body")
            }
        }
        #expect(pages == 5)
    }

    /// An unchanged document's page has the same digest when its own values are known by the digest
    /// the last build recorded (as an incremental build does) as when they are made again.
    @Test func aPagesDigestFromTheRecordedOwnDigestIsTheWholePagesDigest() throws {
        let renderer = try Self.examplePages().renderer
        for series in renderer.site.series {
            for (index, document) in series.documents.enumerated() {
                let previous = index > 0 ? Shared(renderer.entry(series.documents[index - 1], from: document.outputFolder)) : nil
                let own = SiteRenderer.ownValues(of: document)
                let whole = TemplateValues.make(renderer.documentValues(document, in: series, previousEntry: previous, nextEntry: nil, own: own))
                let recorded = SiteRenderer.OwnValues(of: document.stub, digest: own.digest)
                let fromRecord = renderer.documentValues(document.stub, in: series, previousEntry: previous, nextEntry: nil, own: recorded)
                #expect(TemplateValues.digest(of: fromRecord) == whole.digest, "\(document.outputFolder)")
                // And a different own digest gives a different page digest.
                let other = SiteRenderer.OwnValues(of: document.stub, digest: own.digest &+ 1)
                #expect(TemplateValues.digest(of: renderer.documentValues(document.stub, in: series, previousEntry: previous, nextEntry: nil,
                                                                          own: other)) != whole.digest)
            }
        }
    }

    /// Every file's digest had alone (as an incremental build asks for it first, without making the
    /// values, the neighbours' entries known by their digests) is the digest of the values the file
    /// is made from.
    @Test func aDigestHadAloneIsTheDigestOfTheValuesMade() throws {
        let jobs = try Self.examplePages().renderer.outputJobs()
        #expect(jobs.count >= 20)
        for job in jobs {
            #expect(job.digest() == job.prepare().digest, "\(job.path)")
        }
    }

    /// Every front-matter field of a document, whatever its type, is part of the digest of its own
    /// page, of its neighbours' pages (their previous/next link) and of its year's page (its list
    /// entry): change any one and those pages are made again. The fields are found and changed
    /// through Foundation's JSON, not through the encoder that makes the digests.
    @Test func everyFieldOfADocumentIsInTheDigestsOfThePagesThatShowIt() throws {
        let renderer = try Self.examplePages().renderer
        var changes = 0
        for series in renderer.site.series where series.documents.count >= 2 {
            let document = series.documents[1]
            func digests(_ changed: Document) -> [UInt64] {
                var documents = series.documents
                documents[1] = changed
                var changedSeries = series
                changedSeries.documents = documents
                return [TemplateValues.digest(of: renderer.documentValues(changed, in: changedSeries, previous: documents[0],
                                                                          next: documents.count > 2 ? documents[2] : nil)),
                        TemplateValues.digest(of: renderer.documentValues(documents[0], in: changedSeries, previous: nil, next: changed)),
                        TemplateValues.digest(of: renderer.yearValues(changedSeries, year: changed.date.year,
                                                                      documents: documents.filter { $0.date.year == changed.date.year }))]
            }
            let before = digests(document)
            #expect(digests(document) == before)
            for changed in try Self.everyFieldChanged(document) {
                let after = digests(changed.document)
                #expect(zip(before, after).allSatisfy { $0 != $1 }, "\(document.outputFolder): changing `\(changed.field)` left a digest as it was")
                changes += 1
            }
        }
        #expect(changes >= 12)
    }

    /// `document` with each of its front-matter fields changed in turn (given when absent), through JSON.
    static func everyFieldChanged(_ document: Document) throws -> [(field: String, document: Document)] {
        func variants<Fields: Codable>(_ fields: Fields, make: (Fields) -> Document.Fields) throws -> [(String, Document)] {
            let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(fields)) as? [String: Any])
            var result: [(String, Document)] = []
            for name in TemplateNames.of(Fields.self).sorted() {
                var candidates: [Any] = []
                switch json[name] {
                case let text as String: candidates = [text + "改"]
                case let number as Int: candidates = [number + 1]
                case let list as [Any]: candidates = [list + ["又一项"]]
                case let object as [String: Any] where object["year"] != nil:
                    candidates = [["year": 2001, "month": 2, "day": 3]]
                default: candidates = ["补上的值", 7, ["一项"], ["year": 2001, "month": 2, "day": 3], "增刊"]
                }
                for candidate in candidates {
                    var changed = json
                    changed[name] = candidate
                    let data = try JSONSerialization.data(withJSONObject: changed)
                    // A name templates see that is no field of the model (a date's `text`) changes nothing.
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = .sortedKeys
                    guard let decoded = try? JSONDecoder().decode(Fields.self, from: data),
                          try encoder.encode(decoded) != encoder.encode(fields) else { continue }
                    var copy = document
                    copy.fields = make(decoded)
                    result.append((name, copy))
                    break
                }
            }
            return result
        }
        switch document.fields {
        case .briefing(let fields): return try variants(fields) { .briefing($0) }
        case .official(let fields): return try variants(fields) { .official($0) }
        }
    }
}
