import ArgumentParser
import JianbaoModel
import JianbaoSupport
import JianbaoWorkflow

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start the next issue of a series (第N期, today's date, the series' 报尾 shown as comments).",
        discussion: "Never replaces a file. The date is today's in China (UTC+8) unless --date is given.")

    @Argument(help: ArgumentHelp("The series: its folder name in Content/, e.g. jianbao.", valueName: "SERIES"))
    var series: String

    @Option(name: .long, help: ArgumentHelp("The issue's date, YYYY-MM-DD (default: today in China).", valueName: "D"))
    var date: SimpleDate?

    @Option(name: .long, help: ArgumentHelp("第N期 (default: the next free number).", valueName: "N"))
    var number: Int?

    @Option(name: .long, help: ArgumentHelp("briefing, or a 公文 kind by its English or Chinese name: notice (通知), request (请示), letter (函), … (default: the series' kind).", valueName: "KIND"))
    var kind: String?

    @Option(name: .long, help: ArgumentHelp("The content folder.", valueName: "DIR"))
    var content = "Content"

    func run() throws {
        var parsedKind: DocumentKind?
        if let kind {
            guard let value = DocumentKind(name: kind) else {
                throw ValidationError("--kind is one of \(DocumentKind.accepted), not `\(kind)`")
            }
            parsedKind = value
        }
        if let number, number < 1 { throw ValidationError("--number must be 1 or more") }
        do {
            let created = try IssueCreator(content: content).create(
                IssueCreator.Request(series: series, date: date, number: number, kind: parsedKind))
            Terminal.printLine(created.path)
        } catch {
            Terminal.printDiagnostics(error.diagnostics)
            throw ExitCode(1)
        }
    }
}
