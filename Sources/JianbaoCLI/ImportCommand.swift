import ArgumentParser
import JianbaoModel
import JianbaoSupport
import JianbaoWorkflow

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn briefings saved from Word (.docx through pandoc) or as text (UTF-8 or GB18030) into content files.",
        discussion: "Prints what it recognised in each file and what not. Never replaces a file.")

    @Argument(help: ArgumentHelp("Text or .docx files.", valueName: "FILE"))
    var files: [String]

    @Option(name: .long, help: ArgumentHelp("The series to import into: its folder name in Content/.", valueName: "SERIES"))
    var series: String

    @Option(name: .long, help: ArgumentHelp("第N期 when the text has no masthead.", valueName: "N"))
    var number: Int?

    @Option(name: .long, help: ArgumentHelp("The date (YYYY-MM-DD) when the text has none.", valueName: "D"))
    var date: SimpleDate?

    @Option(name: .long, help: ArgumentHelp("The content folder.", valueName: "DIR"))
    var content = "Content"

    func run() throws {
        var failed = false
        let importer = Importer(content: content)
        for file in files {
            do {
                let imported = try importer.importFile(file, options: Importer.Options(series: series, number: number, date: date))
                Terminal.printLine("\(imported.path) ← \(imported.source) (\(imported.encoding))")
                Terminal.printLine("  recognised: " + imported.recognised.joined(separator: "; "))
                for item in imported.unrecognised { Terminal.printLine("  not recognised: " + item) }
            } catch {
                Terminal.printDiagnostics(error.diagnostics)
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
