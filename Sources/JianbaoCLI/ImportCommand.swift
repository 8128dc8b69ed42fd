import ArgumentParser
import JianbaoModel
import JianbaoSupport
import JianbaoWorkflow

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring in an office's existing documents: .docx, .doc/.wps/.rtf/.odt, .pdf, saved web pages and text.",
        discussion: """
            Takes files and folders (read recursively). Prints for each file what it recognised and what \
            not, and a summary. Never replaces a file; a file imported before is skipped.
            """)

    @Argument(help: ArgumentHelp("Files or folders to import.", valueName: "PATH"))
    var paths: [String]

    @Option(name: .long, help: ArgumentHelp("The series to import into: its folder name in Content/.", valueName: "SERIES"))
    var series: String

    @Option(name: .long, help: ArgumentHelp("第N期 when a text has no masthead.", valueName: "N"))
    var number: Int?

    @Option(name: .long, help: ArgumentHelp("The date (YYYY-MM-DD) when a text has none.", valueName: "D"))
    var date: SimpleDate?

    @Flag(name: .long, help: "Read and recognise every file, write nothing.")
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("Also write the results to FILE: JSON if it ends in .json, else CSV.", valueName: "FILE"))
    var report: String?

    @Option(name: .long, help: ArgumentHelp("The longest a converter (pandoc, LibreOffice, pdftotext) may take on one file.", valueName: "SECONDS"))
    var timeLimit = 120

    @Option(name: .long, help: ArgumentHelp("The content folder.", valueName: "DIR"))
    var content = "Content"

    func validate() throws {
        guard timeLimit >= 1 && timeLimit <= 3600 else { throw ValidationError("--time-limit takes 1 to 3600 seconds") }
    }

    func run() throws {
        let (files, ignored) = ImportBatch.expand(paths)
        for file in ignored { Terminal.printLine("skipped \(file): not a format import reads") }
        let options = Importer.Options(series: series, number: number, date: date, dryRun: dryRun, limits: ImportLimits(seconds: timeLimit))
        let batch = ImportBatch(importer: Importer(content: content), options: options)
        let results = batch.run(files) { index, count, result in
            Self.print(result, prefix: count > 1 ? "[\(index)/\(count)] " : "")
        }
        let summary = ImportSummary(results)
        if files.count > 1 || dryRun { Terminal.printLine(summary.line) }
        if let report {
            let text = report.lowercased().hasSuffix(".json") ? ImportReport.json(results, summary: summary) : ImportReport.csv(results)
            do {
                try DiskFileSystem().write(text, to: report)
            } catch {
                Terminal.printDiagnostics([.error(at: SourceLocation(file: report), "could not write the report: \(error.problem)")])
                throw ExitCode(1)
            }
        }
        if results.contains(where: { $0.status == .failed }) { throw ExitCode(1) }
    }

    static func print(_ result: ImportResult, prefix: String) {
        switch result.status {
        case .failed:
            if !prefix.isEmpty { Terminal.printLine("\(prefix)failed: \(result.source)") }
            Terminal.printDiagnostics(result.diagnostics)
            return
        case .skipped:
            Terminal.printLine("\(prefix)skipped \(result.source): imported before as \(result.path ?? "?")")
            return
        case .dryRun:
            Terminal.printLine("\(prefix)\(result.source) (\(result.how ?? "")) would be written to \(result.path ?? "?")")
        case .imported:
            Terminal.printLine("\(prefix)\(result.path ?? "?") ← \(result.source) (\(result.how ?? ""))")
        }
        Terminal.printLine("  recognised: " + result.recognised.joined(separator: "; "))
        for item in result.unrecognised { Terminal.printLine("  not recognised: " + item) }
    }
}
