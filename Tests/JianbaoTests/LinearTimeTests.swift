import Foundation
@testable import JianbaoContent
import JianbaoModel
import JianbaoSearch
@testable import JianbaoRender
import JianbaoSupport
import Testing

/// The inputs that took quadratic time (issue #11: tens of seconds at 100–900 KB), each grown to
/// 1 MB and loaded, checked and rendered as its page: every one must take under 2 s of processor
/// time. A generous guard against quadratic blow-up, not a speed target (those live in
/// Benchmarks/): a linear pass over 1 MB takes a fraction of that even in a debug build, where the
/// quadratic code took hours.
@Suite(.serialized) struct LinearTimeTests {
    /// One input: `unit` repeated after `head` to `size` bytes, as the body of an issue or, with
    /// `inFrontMatter`, as lines of its front matter.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var head: String = ""
        var unit: String
        var size = 1 << 20
        var inFrontMatter = false

        var testDescription: String { name }

        /// A `#` in `unit` is replaced by the repetition's number (`k1`, `k2` …: keys that differ).
        var file: String {
            var repeated = head
            if unit.contains("#") {
                var number = 0
                while repeated.utf8.count < size {
                    number += 1
                    repeated += unit.replacingOccurrences(of: "#", with: "\(number)")
                }
            } else {
                repeated += String(repeating: unit, count: (size - head.utf8.count) / unit.utf8.count)
            }
            if inFrontMatter { return "---\nnumber: 2\ndate: 2024-01-12\n" + repeated + "---\n\n# 标题\n\n正文。\n" }
            return "---\nnumber: 2\ndate: 2024-01-12\n---\n\n# 标题\n\n" + repeated + "\n"
        }
    }

    static let cases: [Case] = [
        // The sanitiser: a quote that never closes, tags that never end (issue #11: 34 s at 140 KB,
        // 31.5 s at 256 KB).
        Case(name: "table with unclosed quoted attributes", head: "<table><td a=\"", unit: "<td a='"),
        Case(name: "table with `<a` repeated", head: "<table>", unit: "<a"),
        Case(name: "table with unquoted attributes and no `>`", head: "<table>", unit: "<td a=b "),
        Case(name: "table with unclosed comments", head: "<table>", unit: "<!--"),
        // Column counting for diagnostics on one long line (issue #11: 22 s at 240 KB, 43 s at 869 KB).
        Case(name: "inline tags on one line", head: "正文", unit: "<x>"),
        Case(name: "javascript: links on one line", head: "正文", unit: "[a](javascript:alert(1)) "),
        Case(name: "missing images on one line", head: "正文", unit: "![a](n.png) "),
        Case(name: "links to missing files on one line", head: "正文", unit: "[a](n.pdf) "),
        Case(name: "different missing images", head: "正文", unit: "![a](n#.png) "),
        // Every key compared with every other one; every trailer line with the ones before it.
        Case(name: "front matter of many keys", unit: "k#: v\n", inFrontMatter: true),
        Case(name: "front matter of many quoted keys", unit: "k#: \"v\"\n", inFrontMatter: true),
        Case(name: "trailer lines", head: "正文。\n\n", unit: "报：市委\n"),
        Case(name: "trailer paragraphs", head: "正文。\n\n", unit: "报：市委\n\n"),
        // Balancing. The table at 512 KB: it makes megabytes of HTML, whose search text alone takes
        // a good part of the time in a debug build.
        Case(name: "table with cells never closed", head: "<table>", unit: "<tr><td>", size: 1 << 19),
        Case(name: "unclosed inline tags", head: "正文", unit: "<b><i>"),
        Case(name: "closing tags without opening ones", head: "正文", unit: "</b>"),
        Case(name: "misnested inline tags", head: "正文", unit: "<b>*<i>x</b>*"),
    ]

    static let templates: TemplateSet? = try? TemplateSet(
        folder: TestSupport.repoRoot + "/Templates", fileSystem: DiskFileSystem(), requiredKinds: Set(DocumentKind.allCases))

    @Test(arguments: cases)
    func loadingAndRenderingTakesUnderTwoSecondsAtOneMegabyte(_ testCase: Case) throws {
        let templates = try #require(Self.templates)
        for run in [Run.pipeline, .bodyWithoutLimits] {
            // On a thread of its own with a deadline: quadratic code would take hours at 1 MB, and the
            // test must fail, not hang (the thread is left to the end of the test process).
            let finished = DispatchSemaphore(value: 0)
            let outcome = Outcome()
            Thread.detachNewThread {
                outcome.set(run == .pipeline ? Self.loadAndRender(testCase, templates: templates) : Self.parseBody(testCase))
                finished.signal()
            }
            guard finished.wait(timeout: .now() + 60) == .success, let result = outcome.value else {
                Issue.record("\(testCase.name), \(run): did not finish within 60 s")
                return
            }
            print("\(testCase.name), \(run): \(result.elapsed) of processor time (\(result.summary))")
            #expect(result.elapsed < .seconds(2), "\(testCase.name), \(run): \(result.elapsed) of processor time (\(result.summary))")
        }
    }

    /// The whole file through the loader and its page through the templates, with every limit; and
    /// its body alone without the limit on lines and markup (`ContentLimits.maxMarkup`), which
    /// refuses most of these inputs at once: the sanitiser and the column counting must be linear
    /// on their own.
    enum Run {
        case pipeline, bodyWithoutLimits
    }

    static func parseBody(_ testCase: Case) -> (elapsed: Duration, summary: String) {
        guard !testCase.inFrontMatter, let split = ContentRules.frontMatter(of: testCase.file) else { return (.zero, "") }
        var body = MarkdownBody(file: "a.md", firstLine: split.bodyFirstLine, kind: .briefing)
        body.maxMarkup = .max
        let start = threadCPUTime()
        let parsed = body.parse(split.body)
        return (threadCPUTime() - start, "\(parsed.diagnostics.count) diagnostics")
    }

    /// The result of one run, handed from the worker thread.
    final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: (elapsed: Duration, summary: String)?
        var value: (elapsed: Duration, summary: String)? { lock.withLock { stored } }
        func set(_ value: (elapsed: Duration, summary: String)) { lock.withLock { stored = value } }
    }

    static func loadAndRender(_ testCase: Case, templates: TemplateSet) -> (elapsed: Duration, summary: String) {
        let path = "Content/jb/2024/2.md"
        let files = MemoryFileSystem(files: [path: testCase.file])
        let defaults = SeriesDefaults(name: "测试县 工作简报", kind: .briefing, office: nil, marking: nil, markingLocation: nil,
                                      trailer: Trailer(), issuer: nil, signedBy: nil, cc: nil, printedBy: nil)
        let start = threadCPUTime()
        let loaded = DocumentLoader(fileSystem: files, root: "Content", seriesSlug: "jb", path: path, defaults: defaults).load()
        var rendered = 0
        if let document = loaded.document {
            let series = Series(slug: "jb", name: defaults.name, kind: .briefing, documents: [document],
                                source: SourceLocation(file: "Content/jb/series.yml"))
            let site = Site(title: "测试", baseURL: "https://example.gov.cn/", series: [series])
            let renderer = SiteRenderer(site: site, templates: templates)
            rendered = templates.render(TemplateValues.make(renderer.documentValues(document, in: series, previous: nil, next: nil)).root, with: "briefing").utf8.count
            rendered += SiteSearch.text(of: document).utf8.count
        }
        return (threadCPUTime() - start, "\(loaded.diagnostics.count) diagnostics, \(rendered) bytes rendered")
    }

    /// The processor time this thread has used: unlike the wall clock, it does not grow when other
    /// processes take turns on the cores (the machine that runs the tests is often busy).
    static func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
