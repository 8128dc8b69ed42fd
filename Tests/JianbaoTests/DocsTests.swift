import Foundation
@testable import JianbaoContent
import Testing

/// The docs cannot drift from the code: every command shown in README.md and docs/ is run (or marked
/// with the reason it cannot be), every `jianbao` line names a command and options the CLI has, and
/// every option the CLI has is in the command reference.
@Suite("Docs") struct DocsTests {
    static let root = TestSupport.repoRoot
    /// The page every command and option must appear in, each command under a heading naming it.
    static let reference = "docs/reference/commands.md"

    @Test func directivesStandAboveBlocksAndNameKnownKeys() throws {
        let problems = try DocsRunner.loadPages(in: Self.root).flatMap(\.problems)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// A block that shows commands says what it is: `sh` or `console` (run), or `text` (a synopsis,
    /// checked below but not run).
    @Test func blocksWithCommandsSayTheirLanguage() throws {
        var unlabelled: [String] = []
        for page in try DocsRunner.loadPages(in: Self.root) {
            for block in page.blocks where block.info.isEmpty {
                if let line = block.lines.first(where: { $0.hasPrefix("$ ") || $0.hasPrefix("jianbao ") || $0.hasPrefix("apt-get ") || $0.hasPrefix("swift ") }) {
                    unlabelled.append("\(page.path):\(block.line): a block with a command (`\(line)`) and no language: write ```sh, ```console or ```text")
                }
            }
        }
        #expect(unlabelled.isEmpty, "\(unlabelled.joined(separator: "\n"))")
    }

    /// Every `jianbao …` in a block (commands, synopses) or a code span names a real subcommand and
    /// only options it has: found without running anything, also in blocks that are not run.
    @Test func everyJianbaoLineNamesRealCommandsAndOptions() throws {
        let spec = try CLISpec.load()
        let problems = try DocsRunner.loadPages(in: Self.root).flatMap { Self.optionProblems(in: $0, spec: spec) }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    static func optionProblems(in page: DocsPage, spec: CLISpec) -> [String] {
        var problems: [String] = []
        for block in page.blocks where !["markdown", "yaml", "json", "csv"].contains(block.info) {
            for (offset, line) in block.lines.enumerated() {
                if block.info == "console" && !line.hasPrefix("$ ") { continue }
                let text = block.info == "console" ? String(line.dropFirst(2)) : line
                problems += spec.problems(inLine: text).map { "\(page.path):\(block.line + 1 + offset): \($0)" }
            }
        }
        for span in page.codeSpans where span.text.hasPrefix("jianbao ") {
            problems += spec.problems(inLine: span.text).map { "\(page.path):\(span.line): \($0)" }
        }
        return problems
    }

    /// The reference has a section for each command whose heading names it, and every option of the
    /// command appears in that section as code.
    @Test func everyOptionIsInTheCommandReference() throws {
        let spec = try CLISpec.load()
        let text = try TestSupport.readText(Self.root + "/" + Self.reference)
        let sections = Self.sections(of: text)
        var missing: [String] = []
        for command in spec.commands.values.sorted(by: { $0.name < $1.name }) where command.name != "help" {
            guard let section = sections.first(where: { $0.heading.contains("`jianbao \(command.name)") }) else {
                missing.append("no heading naming `jianbao \(command.name)`")
                continue
            }
            for option in command.options.sorted() where !["-h", "--help"].contains(option) {
                if !section.body.contains("`\(option)") && !section.heading.contains(option) {
                    missing.append("`jianbao \(command.name) \(option)` is not in its section")
                }
            }
            for argument in command.arguments where !section.heading.contains(argument) {
                missing.append("`jianbao \(command.name)`: its argument \(argument) is not in the heading")
            }
        }
        #expect(missing.isEmpty, "\(Self.reference): \(missing.joined(separator: "\n"))")
    }

    /// Every key the loader reads from `site.yml`, `series.yml` or front matter is in the content
    /// reference as `key:`.
    @Test func everyContentKeyIsInTheContentReference() throws {
        let text = try TestSupport.readText(Self.root + "/docs/reference/content.md")
        let keys = KnownKeys.site.union(KnownKeys.seriesFile).union(KnownKeys.document)
            .union(KnownKeys.briefing).union(KnownKeys.official)
        let missing = keys.sorted().filter { !text.contains("\n\($0):") }
        #expect(missing.isEmpty, "docs/reference/content.md has no line starting `key:` for \(missing)")
    }

    /// docs/performance.md has the markers Benchmarks/bench.py writes its figures between, once each
    /// and in order (bench.py refuses a page without them rather than guess).
    @Test func performancePageHasTheBenchmarksMarkers() throws {
        let script = try TestSupport.readText(Self.root + "/Benchmarks/bench.py")
        let markers = ["BEGIN = \"", "END = \""].compactMap { prefix in
            script.components(separatedBy: "\n").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count).dropLast()) }
        }
        #expect(markers.count == 2 && markers.allSatisfy { $0.hasPrefix("<!--") }, "\(markers)")
        let page = try TestSupport.readText(Self.root + "/docs/performance.md")
        let counts = markers.map { page.components(separatedBy: $0).count - 1 }
        #expect(counts == [1, 1])
        if let begin = page.range(of: markers[0]), let end = page.range(of: markers[1]) {
            #expect(begin.upperBound < end.lowerBound)
        }
    }

    /// Every target under Sources/ is in the module table of docs/internals.md.
    @Test func everyModuleIsInTheInternalsPage() throws {
        let page = try TestSupport.readText(Self.root + "/docs/internals.md")
        let targets = try FileManager.default.contentsOfDirectory(atPath: Self.root + "/Sources").sorted()
        #expect(!targets.isEmpty)
        let missing = targets.filter { !page.contains("`\($0)`") }
        #expect(missing.isEmpty, "docs/internals.md does not name \(missing)")
    }

    static func sections(of text: String) -> [(heading: String, body: String)] {
        var sections: [(heading: String, body: String)] = []
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("## ") || line.hasPrefix("### ") {
                sections.append((line, ""))
            } else if !sections.isEmpty {
                sections[sections.count - 1].body += line + "\n"
            }
        }
        return sections
    }

    /// Links to files of the repository lead to files that exist, and anchors to headings they have.
    @Test func relativeLinksLeadToFiles() throws {
        var broken: [String] = []
        for page in try DocsRunner.loadPages(in: Self.root) {
            let folder = (page.path as NSString).deletingLastPathComponent
            for link in page.links {
                let address = String(link.target.prefix(while: { $0 != " " }))
                let target = String(address.prefix(while: { $0 != "#" }))
                if address.contains("://") || address.hasPrefix("mailto:") { continue }
                let path = target.isEmpty ? Self.root + "/" + page.path
                    : ((Self.root + "/" + folder) as NSString).appendingPathComponent(target.removingPercentEncoding ?? target)
                if !FileManager.default.fileExists(atPath: path) {
                    broken.append("\(page.path):\(link.line): \(link.target)")
                    continue
                }
                // An anchor into a Markdown page must name one of its headings.
                guard let hash = address.firstIndex(of: "#"), path.hasSuffix(".md") else { continue }
                let anchor = String(address[address.index(after: hash)...])
                let headings = DocsPage(path: path, text: try TestSupport.readText(path)).headings
                if !headings.map(DocsPage.anchor).contains(anchor.removingPercentEncoding ?? anchor) {
                    broken.append("\(page.path):\(link.line): no heading for #\(anchor) in \(target.isEmpty ? page.path : target)")
                }
            }
        }
        #expect(broken.isEmpty, "\(broken.joined(separator: "\n"))")
    }

    /// Every `sh` and `console` block runs in a copy of the example site with the statuses and
    /// output the page shows; the skipped ones are printed with their reasons.
    @Test func everyCommandShownRuns() async throws {
        // Minutes of waiting for programs: on a thread of its own, not one of the few that run the
        // other tests (holding one starves them, and their time limits run out).
        let total = try await DocsRunner.onOwnThread {
            var total = DocsRunner.Outcome()
            for page in try DocsRunner.loadPages(in: Self.root) {
                let outcome = try DocsRunner().run(page)
                total.ran += outcome.ran
                total.skipped += outcome.skipped
                total.failures += outcome.failures
            }
            return total
        }
        print("docs: \(total.ran) commands run, \(total.skipped.count) blocks not run:\n  " + total.skipped.joined(separator: "\n  "))
        if !total.failures.isEmpty { print("docs: \(total.failures.count) failures:\n" + total.failures.joined(separator: "\n\n")) }
        #expect(total.failures.isEmpty)
        #expect(total.ran > 0)
    }

    // The checks themselves fail where they should.

    @Test func anOptionTheCLIDoesNotHaveFailsBothChecks() throws {
        let page = DocsPage(path: "made-up.md", text: """
            ```sh
            jianbao build --no-such-option
            ```

            ```text
            jianbao pdf [--engine E] [--paper A3]
            ```

            Run `jianbao serve --open` or `jianbao publish`.
            """)
        let problems = Self.optionProblems(in: page, spec: try CLISpec.load())
        #expect(problems.count == 4, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("made-up.md:2:") && $0.contains("--no-such-option") })
        #expect(problems.contains { $0.hasPrefix("made-up.md:6:") && $0.contains("--paper") })
        #expect(problems.contains { $0.contains("--open") })
        #expect(problems.contains { $0.contains("`jianbao publish`: no such command") })
        let outcome = try DocsRunner().run(page)
        #expect(outcome.ran == 1)
        #expect(outcome.failures.count == 1 && outcome.failures[0].contains("exited 64"), "\(outcome.failures)")
    }

    @Test func shownOutputThatWasNotPrintedFails() throws {
        let page = DocsPage(path: "made-up.md", text: """
            <!-- docs-test: exit: 1 -->
            ```console
            $ jianbao new no-such-series
            error: no series `nothing`
            ```

            <!-- docs-test: skip: waits for Ctrl-C -->
            ```sh
            jianbao serve
            ```
            """)
        let outcome = try DocsRunner().run(page)
        #expect(outcome.ran == 1)
        #expect(outcome.skipped == ["made-up.md:8: waits for Ctrl-C"])
        #expect(outcome.failures.count == 1 && outcome.failures[0].contains("error: no series `nothing`"), "\(outcome.failures)")
    }

    @Test func placeholdersStandForTimesSizesAndLeftOutText() {
        let output = "wrote     39 files, 416 KiB to public/ (0 ms)\ndone: 15 pages in 31 ms\nContent/jianbao/2026/20.md"
        #expect(ShownOutput.missing(["wrote     39 files, 420 KiB to public/ (7 ms)", "done: 15 pages in 1.4 s", "Content/jianbao/…/20.md", "…"], in: output).isEmpty)
        #expect(ShownOutput.missing(["wrote     40 files, 416 KiB to public/ (0 ms)"], in: output) == ["wrote     40 files, 416 KiB to public/ (0 ms)"])
        #expect(ShownOutput.missing(["done: 16 pages in 31 ms"], in: output) == ["done: 16 pages in 31 ms"])
    }

    @Test func directivesAreReadAndMistakesNamed() {
        let page = DocsPage(path: "p.md", text: """
            <!-- docs-test: skip: needs a remote host -->
            <!-- docs-test: exit: 1 -->
            ```sh
            rsync -a public/ host:/srv/
            ```
            <!-- docs-test: exit: one -->
            <!-- docs-test: later -->
            ```sh
            true
            ```
            <!-- docs-test: fresh -->
            text between
            """)
        #expect(page.blocks.count == 2)
        #expect(page.blocks[0].directives == [.skip("needs a remote host"), .exit(1)])
        #expect(page.problems.count == 3, "\(page.problems)")
    }
}
