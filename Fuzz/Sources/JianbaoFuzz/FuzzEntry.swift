#if canImport(Glibc)
import Glibc
#endif
import CFuzzerDriver
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

/// One input is one Markdown file (bytes as they would be on disk): it is decoded, split into front
/// matter and body, read field by field (Yams), walked through libcmark (trailer, sanitising,
/// captions) and, when it has no errors, rendered through the real templates as its page.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let files = MemoryFileSystem(files: ["Content/jb/2024/images/1.jpg": "jpg"])
    let path = "Content/jb/2024/1.md"
    try? files.write(bytes, to: path)
    let loaded = DocumentLoader(fileSystem: files, root: "Content", seriesSlug: "jb", path: path, defaults: defaults).load()
    guard let document = loaded.document, !loaded.diagnostics.hasErrors else { return 0 }
    let series = Series(slug: "jb", name: defaults.name, kind: .briefing, documents: [document],
                        source: SourceLocation(file: "Content/jb/series.yml"))
    let site = Site(title: "测试", baseURL: "https://example.gov.cn/", series: [series])
    let page = SiteRenderer(site: site, templates: templates).documentValues(document, in: series, previous: nil, next: nil)
    let html = templates.render(TemplateValues.make(page).root, with: document.kind.rawValue)
    // The sanitiser's promise, checked on every page the fuzzer manages to render.
    let problems = HTMLAudit.problems(inPage: html)
    precondition(problems.isEmpty, "markup that could run code reached the page: \(problems)")
    return 0
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
