import ArgumentParser
import Jianbao
import JianbaoSupport
#if canImport(Glibc)
import Glibc
#endif

@main
struct JianbaoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jianbao",
        abstract: "Builds a numbered, print-ready archive of work briefings (工作简报) and 公文.",
        subcommands: [BuildCommand.self, NewCommand.self, CheckCommand.self, ListCommand.self, ServeCommand.self, ImportCommand.self, PDFCommand.self],
        defaultSubcommand: BuildCommand.self)
}

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Check Content/ and publish the archive to public/.",
        discussion: """
            Nothing is written unless every file checks out: public/ is replaced in one step or left as it was. \
            A folder jianbao did not make (it holds files and no .jianbao-output mark) is never replaced without --force.
            """)

    @Option(name: .long, help: ArgumentHelp("The content folder.", valueName: "DIR"))
    var content = "Content"

    @Option(name: .long, help: ArgumentHelp("The output folder, replaced as a whole: missing, empty, or made by jianbao.", valueName: "DIR"))
    var output = "public"

    @Option(name: .long, help: ArgumentHelp("The templates folder.", valueName: "DIR"))
    var templates = "Templates"

    @Flag(name: .long, help: OutputFlag.forceHelp)
    var force = false

    func run() async throws {
        let builder = Builder(options: BuildOptions(content: content, output: output, templates: templates, replaceUnmarkedOutput: force))
        do {
            let report = try await builder.build { event in Terminal.printLine(Self.describe(event)) }
            Terminal.printDiagnostics(report.warnings)
            if !report.upToDate {
                let reused = report.documentsReused > 0 ? " (\(report.documentsReused) unchanged documents not read again)" : ""
                Terminal.printLine("done: \(report.pages) pages in \(report.milliseconds) ms\(reused)")
            }
        } catch {
            Terminal.report(error)
            throw ExitCode(1)
        }
    }

    static func describe(_ event: BuildEvent) -> String {
        switch event {
        case .loaded(let files, let series, let documents, let ms):
            return "read      \(files) files, \(series) series, \(documents) documents (\(ms) ms)"
        case .checked(let internalCount, let drafts, let ms):
            var text = "checked   all content and templates (\(ms) ms)"
            if internalCount > 0 { text += "; left out \(internalCount) marked 内部资料 (set publish_internal: true in site.yml to publish them)" }
            if drafts > 0 { text += "; left out \(drafts) drafts" }
            return text
        case .rendered(let pages, let ms):
            return "rendered  \(pages) pages (\(ms) ms)"
        case .published(let files, let bytes, let kept, let output, let ms):
            let unchanged = kept > 0 ? "; \(kept) unchanged files kept as they were" : ""
            return "wrote     \(files) files, \(bytes / 1024) KiB to \(output)/\(unchanged) (\(ms) ms)"
        case .upToDate(let output, let ms):
            return "up to date: nothing changed since the last build; \(output)/ left as it was (\(ms) ms)"
        }
    }
}

/// `--force`, the same on `build` and `serve`.
enum OutputFlag {
    static let forceHelp = ArgumentHelp("Replace the output folder even if jianbao did not make it (it holds files and no .jianbao-output mark).")
}

/// Printing for people: diagnostics on standard error, `file:line:column: error: message`.
enum Terminal {
    static func printDiagnostics(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { printError(diagnostic.formatted) }
    }

    static func report(_ error: BuildError) {
        switch error {
        case .invalidInput(let diagnostics):
            printDiagnostics(diagnostics)
            let errors = diagnostics.errors.count, warnings = diagnostics.warnings.count
            printError("build failed: \(errors) error\(errors == 1 ? "" : "s")\(warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""); nothing was written")
        case .publishFailed(let failure, let warnings):
            printDiagnostics(warnings)
            printError("\(failure.path): error: \(failure.message)" + (failure.hint.map { "\n    hint: \($0)" } ?? ""))
            printError("build failed while publishing")
        case .unsafeOutput(let path, let reason):
            printError("\(path): error: refusing to use this output folder: \(reason)\n    hint: choose another folder with --output DIR")
            printError("build failed; nothing was written")
        case .foreignOutput(let refusal):
            printError("\(refusal.path): error: \(refusal.message)" + (refusal.hint.map { "\n    hint: \($0)" } ?? ""))
            printError("build failed; nothing was written")
        }
    }

    /// Unbuffered, so that progress and errors appear in the order they happen. Control characters
    /// (from a file name in a message, say) are shown as `\u{1B}`, never sent to the terminal.
    static func printLine(_ text: String, to descriptor: Int32 = STDOUT_FILENO) {
        let bytes = Array((ControlCharacters.visible(text) + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    static func printError(_ text: String) {
        printLine(text, to: STDERR_FILENO)
    }
}
