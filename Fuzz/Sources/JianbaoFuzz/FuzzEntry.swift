#if canImport(Glibc)
import Glibc
#endif
import CFuzzerDriver
import JianbaoChecks
@testable import JianbaoContent
import JianbaoModel
@testable import JianbaoRender
import JianbaoSupport

/// The templates, read once from the folder in `JIANBAO_TEMPLATES` (Fuzz/run.sh sets it).
let templates: TemplateSet = {
    let folder = getenv("JIANBAO_TEMPLATES").map { String(cString: $0) } ?? "Templates"
    do {
        return try TemplateSet(folder: folder, fileSystem: DiskFileSystem(), requiredKinds: Set(DocumentKind.allCases))
    } catch {
        fatalError("the templates in \(folder) do not load: \(error)")
    }
}()

/// What series.yml gives every issue: a briefing with a trailer, as in Content/.
let defaults = SeriesDefaults(
    name: "测试县 工作简报", kind: .briefing, office: "测试县办公室", marking: nil, markingLocation: nil,
    trailer: Trailer(lines: [Trailer.Line(label: "报", text: "市办公室")], copies: 80),
    issuer: nil, signedBy: nil, cc: nil, printedBy: nil)

/// One input is read three ways: as a Markdown file (`fuzzDocument`), as raw HTML for the
/// sanitiser (`fuzzSanitizer`), and its first two lines as a series' folder name and a 公文's file
/// name (`fuzzNames`).
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    fuzzDocument(bytes)
    fuzzSanitizer(String(decoding: bytes, as: UTF8.self))
    fuzzNames(bytes)
    return 0
}

/// The file (bytes as they would be on disk) is decoded, split into front matter and body, read
/// field by field (Yams), walked through libcmark (trailer, sanitising, captions) and, when it has no
/// errors, rendered through the real templates as its page.
func fuzzDocument(_ bytes: [UInt8]) {
    let files = MemoryFileSystem(files: ["Content/jb/2024/images/1.jpg": "jpg"])
    let path = "Content/jb/2024/1.md"
    try? files.write(bytes, to: path)
    let loaded = DocumentLoader(fileSystem: files, root: "Content", seriesSlug: "jb", path: path, defaults: defaults).load()
    guard let document = loaded.document, !loaded.diagnostics.hasErrors else { return }
    // Every part of the body closes what it opens: nothing leaks into what the page puts after it.
    for html in [document.leadHTML, document.noteHTML ?? ""] + document.sections.map(\.html) {
        if let problem = TagNesting.problem(in: html) { fatalError("unbalanced body HTML (\(problem)): \(html)") }
    }
    let series = Series(slug: "jb", name: defaults.name, kind: .briefing, documents: [document],
                        source: SourceLocation(file: "Content/jb/series.yml"))
    let site = Site(title: "测试", baseURL: "https://example.gov.cn/", series: [series])
    let page = SiteRenderer(site: site, templates: templates).documentValues(document, in: series, previous: nil, next: nil)
    let html = templates.render(TemplateValues.make(page).root, with: document.kind.rawValue)
    // The sanitiser's promise, checked on every page the fuzzer manages to render.
    let problems = HTMLAudit.problems(inPage: html)
    precondition(problems.isEmpty, "markup that could run code reached the page: \(problems)")
}

/// The text as the content of a `<table>` block and as one inline tag: what comes out holds only
/// allowed tags, each closed in the order it was opened, and nothing that runs code.
func fuzzSanitizer(_ text: String) {
    let table = HTMLSanitizer.sanitizeTable("<table>" + text).html
    precondition(HTMLAudit.problems(in: table).isEmpty, "markup that could run code left the sanitiser: \(table)")
    if let problem = TagNesting.problem(in: table, allowed: HTMLSanitizer.tableTags.union(HTMLSanitizer.inlineTags)) {
        fatalError("the sanitised table is not balanced (\(problem)): \(table)")
    }
    // libcmark hands over one tag at a time; given anything, what comes out holds only allowed
    // inline tags without attributes.
    if let kept = HTMLSanitizer.sanitizeInlineTag(text) {
        precondition(HTMLAudit.problems(in: kept).isEmpty, "markup that could run code left the sanitiser: \(kept)")
        var reader = HTMLTagReader(Array(kept.utf8))
        while let token = reader.next() {
            guard case .tag(let tag) = token else { continue }
            precondition(HTMLSanitizer.inlineTags.contains(tag.name) && tag.attributes.isEmpty, "not a plain allowed tag: \(kept)")
        }
    }
}

/// The first line as a series' folder name, the second as a 公文's file name. When the loader
/// would take them (no `.` or `_` first, `ContentNames` and the reserved names allow them), the home
/// page, the 公文's page and the feed are rendered: every address made from the names is a path (no
/// scheme), gives the names back when decoded, and nothing on the pages runs code.
func fuzzNames(_ bytes: [UInt8]) {
    let lines = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
    guard lines.count >= 2, let series = String(validating: lines[0].prefix(80), as: UTF8.self),
          let file = String(validating: lines[1].prefix(80), as: UTF8.self) else { return }
    for name in [series, file] {
        guard !name.isEmpty, !name.hasPrefix("."), !name.hasPrefix("_"), !name.contains("/"), ContentNames.problem(name) == nil else { return }
    }
    let document = Document(
        source: SourceLocation(file: "Content/\(series)/\(file).md"), seriesSlug: series, slug: file, kind: .notice,
        fields: .official(OfficialFields(title: "通知")), date: SimpleDate(year: 2024, month: 1, day: 5)!)
    let site = Site(title: "测试", baseURL: "https://example.gov.cn/", series: [
        Series(slug: series, name: "文件", kind: .notice, documents: [document], source: SourceLocation(file: "Content/\(series)/series.yml")),
    ])
    guard SiteChecks.run(site, reservedNames: SiteRenderer.reservedNames(assets: templates.assets)).isEmpty else { return }
    // The pages that carry addresses made from the names: the home page, the 公文's page, the feed.
    let renderer = SiteRenderer(site: site, templates: templates)
    let wanted: Set<String> = ["index.html", "\(document.outputFolder)/index.html", "\(series)/feed.xml"]
    var pages: [(name: String, text: String)] = []
    for job in renderer.outputJobs() where wanted.contains(job.path) {
        pages.append((job.path, String(decoding: job.make(), as: UTF8.self)))
    }
    for (name, text) in pages {
        precondition(!text.unicodeScalars.contains(where: ControlCharacters.isForbidden), "a control character in \(name)")
        if name.hasSuffix(".html") {
            let problems = HTMLAudit.problems(inPage: text)
            precondition(problems.isEmpty, "markup that could run code in \(name): \(problems)")
        }
    }
    let home = pages.first { $0.name == "index.html" }?.text ?? ""
    let documentPage = pages.first { $0.name == "\(document.outputFolder)/index.html" }?.text ?? ""
    precondition(home.contains("href=\"\(SiteRenderer.address(series))/index.html\""), "no link to the series page")
    precondition(documentPage.contains("href=\"../../../\(SiteRenderer.address(series))/index.html\""), "no link back to the series")
    // Paths split where they were joined.
    precondition(Path.parent(document.outputFolder + "/index.html") == document.outputFolder, "the page's folder is lost")
    precondition(Path.lastComponent(document.outputFolder) == file && Path.parent(Path.parent(document.outputFolder)) == series,
                 "the names are not the parts of the path")
    precondition(SiteRenderer.relativeRoot(of: document.outputFolder) == "../../../", "the way up from the page is wrong")
    for address in [SiteRenderer.address(series), SiteRenderer.address(document.outputFolder)] {
        precondition(!address.contains(":") && !address.contains("#") && !address.contains("?") && !address.contains("\\"),
                     "an address that is not a plain path: \(address)")
        let segments = address.split(separator: "/", omittingEmptySubsequences: false)
        precondition(segments.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." && !$0.lowercased().contains("%2e") },
                     "a segment a browser reads as a dot segment: \(address)")
        let decoded = segments.map { String($0).removingPercentEncoding }.joined(separator: "/")
        precondition(decoded == series || decoded == document.outputFolder, "\(address) does not decode to its folder")
    }
}

/// Whether tags open and close in order: every closing tag closes the element opened last.
enum TagNesting {
    static let void: Set<String> = ["br", "img", "hr", "col", "input", "meta", "link", "wbr", "source"]

    /// What is wrong, or nil; tags outside `allowed` (when given) are wrong too.
    static func problem(in html: String, allowed: Set<String>? = nil) -> String? {
        var open: [String] = []
        var reader = HTMLTagReader(Array(html.utf8))
        while let token = reader.next() {
            guard case .tag(let tag) = token else {
                if case .unended = token { return "a tag that never ends" }
                continue
            }
            if let allowed, !allowed.contains(tag.name) { return "<\(tag.name)> is not allowed" }
            if void.contains(tag.name) { continue }
            if tag.isClosing {
                guard open.last == tag.name else { return "</\(tag.name)> closes <\(open.last ?? "nothing")>" }
                open.removeLast()
            } else {
                open.append(tag.name)
            }
        }
        return open.isEmpty ? nil : "<\(open.joined(separator: "><"))> left open"
    }
}

@main
enum JianbaoFuzz {
    static func main() {
        _ = templates
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
    }
}
