import ArgumentParser
import JianbaoPrint
import JianbaoSupport

extension PrintEngine: ExpressibleByArgument {}

struct PDFCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdf",
        abstract: "Print issues and 公文 to PDF, laid out after GB/T 9704 on A4.",
        discussion: """
            SELECTION is in the archive's words: a series folder (jianbao), a year (2024), an issue \
            (第19期 or 19), a 公文's file name, or a path to its Markdown file; nothing means everything. \
            One engine process prints the whole batch; PDFs newer than their sources and the templates \
            are skipped.
            """)

    @Argument(help: ArgumentHelp("What to print: series, year, 第N期 / N, file name; nothing for everything.", valueName: "SELECTION"))
    var selection: [String] = []

    @Option(name: .long, help: ArgumentHelp("weasyprint (print-shop ready: named, embedded font subsets) or chromium.", valueName: "ENGINE"))
    var engine: PrintEngine = .weasyprint

    @Option(name: .long, help: ArgumentHelp("Where the PDFs go: DIR/<series>/<year>/<number>.pdf.", valueName: "DIR"))
    var out = "pdf"

    @Option(name: .long, help: ArgumentHelp("The content folder.", valueName: "DIR"))
    var content = "Content"

    @Option(name: .long, help: ArgumentHelp("The templates folder.", valueName: "DIR"))
    var templates = "Templates"

    @Flag(name: .long, help: "Print every selected PDF, even those that are up to date.")
    var force = false

    @Option(name: .long, help: ArgumentHelp("Numbered copies of each 公文 in one PDF, each with its 份号 and from an odd page: "
                                            + "N (copies 1 to N) or A-B (copies A to B), at most \(CopyRange.maximumCount); "
                                            + "written as DIR/<series>/<year>/<name>.copies-A-B.pdf. Needs pdfunite (poppler-utils).",
                                            valueName: "RANGE"),
            transform: PDFCommand.copyRange)
    var copies: CopyRange?

    /// ArgumentParser shows the refusal as `Error: --copies 0: …` with the usage, and exits 64.
    static func copyRange(_ text: String) throws -> CopyRange {
        do throws(CopyRange.Refusal) {
            return try CopyRange(parsing: text)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let options = PDFOptions(content: content, templates: templates, out: out, engine: engine,
                                 selection: Selection(selection), force: force, copies: copies)
        do {
            let report = try await PDFMaker(options: options).run { event in
                if case .copyPrinted = event {
                    Terminal.printError(Self.describe(event))
                } else {
                    Terminal.printLine(Self.describe(event))
                }
            }
            Terminal.printDiagnostics(report.warnings)
            let seconds = Double(report.milliseconds) / 1000
            Terminal.printLine("done: \(report.printed.count) PDF\(report.printed.count == 1 ? "" : "s") printed, "
                + "\(report.upToDate.count) up to date, in \(String(format: "%.1f", seconds)) s")
        } catch {
            Self.report(error)
            throw ExitCode(1)
        }
    }

    static func describe(_ event: PDFEvent) -> String {
        switch event {
        case .selected(let documents, let toPrint):
            return "selected  \(documents) document\(documents == 1 ? "" : "s"), \(toPrint) to print"
        case .upToDate(let pdf):
            return "skipped   \(pdf) (up to date; --force prints it again)"
        case .engineStarted(let name):
            return "engine    \(name)"
        case .built(let pages, let ms):
            return "built     \(pages) pages (\(ms) ms)"
        case .printed(let index, let count, let pdf, let pages, let ms):
            let pageText = pages.map { ", \($0) page\($0 == 1 ? "" : "s")" } ?? ""
            return "[\(index)/\(count)]     \(pdf)\(pageText) (\(String(format: "%.1f", Double(ms) / 1000)) s)"
        case .copyPrinted(let copy, let of, let document):
            return "copy \(copy)/\(of)  \(document)"
        }
    }

    static func report(_ error: PrintError) {
        switch error {
        case .invalidInput(let diagnostics):
            Terminal.printDiagnostics(diagnostics)
            Terminal.printError("pdf failed: the content has errors (run `jianbao build` for the same list); nothing was printed")
        case .buildFailed(let buildError):
            Terminal.report(buildError)
        case .unknownSelection(let word, let hint):
            Terminal.printError("error: `\(word)` names no series, year, issue or file in the archive\n    hint: \(hint)")
        case .nothingSelected(let selection, let hint):
            Terminal.printError("error: `\(selection)` selects no published issue or document (drafts and unpublished 内部资料 are not printed)\n    hint: \(hint)")
        case .toolMissing(let engine, let detail):
            Terminal.printError("error: \(engine.displayName) is not available: \(detail)\n    hint: \(engine.installHint)")
        case .toolTooOld(let engine, let found, let needed):
            Terminal.printError("error: \(engine.displayName) \(found) is too old; jianbao needs \(needed)\n    hint: \(engine.installHint)")
        case .engineFailed(let engine, let page, let message):
            Terminal.printError("\(page.map { "\($0): " } ?? "")error: \(engine.displayName) failed: \(message)")
        case .cannotWrite(let path, let message):
            Terminal.printError("\(path): error: cannot write: \(message)\n    hint: choose another folder with --out DIR")
        case .copiesRefused(let file, let message, let hint):
            Terminal.printError("\(file): error: \(message)\n    hint: \(hint)")
            Terminal.printError("pdf failed; nothing was printed")
        case .joinToolMissing(let detail):
            Terminal.printError("error: --copies cannot join the copies: \(detail)\n    hint: \(PrintError.joinInstallHint)")
        case .joinFailed(let pdf, let message):
            Terminal.printError("\(pdf): error: joining the copies failed: \(message)")
        }
    }
}
