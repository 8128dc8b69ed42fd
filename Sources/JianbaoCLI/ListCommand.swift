import ArgumentParser
import JianbaoSupport
import JianbaoWorkflow

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every document as jianbao reads it: address, kind, date, fields. Writes nothing.",
        discussion: "--format json gives each document's fields with the series' defaults applied, for tools. "
            + "Exit status 1 when the content has errors (run `jianbao check`).")

    @Option(name: .long, help: "text (one line a document) or json (every field).")
    var format: OutputFormat = .text

    @Option(name: .long, help: ArgumentHelp("The content folder.", valueName: "DIR"))
    var content = "Content"

    func run() throws {
        let listing = DocumentListing(content: content)
        if listing.diagnostics.hasErrors {
            Terminal.printDiagnostics(listing.diagnostics.filter { $0.severity == .error })
            throw ExitCode(1)
        }
        switch format {
        case .text: for line in listing.text { Terminal.printLine(line) }
        case .json: Terminal.printLine(listing.json)
        }
    }
}
