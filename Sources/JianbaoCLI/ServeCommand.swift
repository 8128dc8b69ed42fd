import ArgumentParser
import JianbaoServe

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the archive on http://127.0.0.1:PORT/, rebuilt and reloaded as you edit Content/ and Templates/.",
        discussion: """
            The preview is built into --output (default .jianbao-preview/, never public/) with drafts shown, marked 草稿. \
            Only this machine can connect, by the addresses http://127.0.0.1:PORT/ and http://localhost:PORT/.
            """)

    @Option(name: .long, help: ArgumentHelp("The port on 127.0.0.1 (0: any free port).", valueName: "P"))
    var port: UInt16 = 8080

    @Option(name: .long, help: ArgumentHelp("The content folder.", valueName: "DIR"))
    var content = "Content"

    @Option(name: .long, help: ArgumentHelp("The templates folder.", valueName: "DIR"))
    var templates = "Templates"

    @Option(name: .long, help: ArgumentHelp("Where the preview is built, replaced as a whole: missing, empty, or made by jianbao.", valueName: "DIR"))
    var output = ".jianbao-preview"

    @Flag(name: .long, help: OutputFlag.forceHelp)
    var force = false

    func run() async throws {
        let server = PreviewServer(options: ServeOptions(content: content, templates: templates, output: output, port: port,
                                                         replaceUnmarkedOutput: force))
        do {
            try await server.run { line in Terminal.printLine(line) }
        } catch ServeError.cannotListen(let port, let reason) {
            Terminal.printError("127.0.0.1:\(port): error: cannot listen on this port: \(reason)\n    hint: choose another port with --port P (--port 0 takes any free one)")
            throw ExitCode(1)
        } catch ServeError.refusedOutput(let error) {
            Terminal.report(error)
            throw ExitCode(1)
        } catch {
            Terminal.printError("error: the preview server stopped: \(error)")
            throw ExitCode(1)
        }
    }
}
