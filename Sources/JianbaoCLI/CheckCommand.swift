import ArgumentParser
import Jianbao
import JianbaoSupport
import JianbaoWorkflow

/// `--format` of the commands that report to people or to tools.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report everything build would refuse, and what an editor should hear before publishing. Writes nothing.",
        discussion: "Exit status 1 when there are errors, 0 when there are only warnings or nothing.")

    @Option(name: .long, help: "text (file:line:column: severity: message) or json (for editors' tools).")
    var format: OutputFormat = .text

    @Option(name: .long, help: ArgumentHelp("The content folder.", valueName: "DIR"))
    var content = "Content"

    @Option(name: .long, help: ArgumentHelp("The templates folder.", valueName: "DIR"))
    var templates = "Templates"

    func run() throws {
        let findings = SiteInspector(options: BuildOptions(content: content, templates: templates)).inspect()
        switch format {
        case .text:
            for finding in findings { Terminal.printLine(finding.formatted) }
            Terminal.printLine("check: " + CheckReport.summary(findings))
        case .json:
            Terminal.printLine(CheckReport(findings).json)
        }
        if findings.hasErrors { throw ExitCode(1) }
    }
}
