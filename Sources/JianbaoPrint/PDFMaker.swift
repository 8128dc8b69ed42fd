import Foundation
import Jianbao
import JianbaoChecks
import JianbaoContent
import JianbaoModel
import JianbaoSupport

/// What `jianbao pdf` reads and writes.
public struct PDFOptions: Sendable {
    public var content: String
    public var templates: String
    /// PDFs go to `<out>/<series>/<year>/<number or file name>.pdf`.
    public var out: String
    public var engine: PrintEngine
    public var selection: Selection
    /// Print even the PDFs that are up to date.
    public var force: Bool
    /// Numbered copies: one PDF a document holding these copies, each with its 份号 (PDFMaker+Copies).
    public var copies: CopyRange?

    public init(content: String = "Content", templates: String = "Templates", out: String = "pdf",
                engine: PrintEngine = .weasyprint, selection: Selection = Selection([]), force: Bool = false,
                copies: CopyRange? = nil) {
        self.content = content
        self.templates = templates
        self.out = out
        self.engine = engine
        self.selection = selection
        self.force = force
        self.copies = copies
    }
}

/// A step done, with its figures; the CLI prints one line per event.
public enum PDFEvent: Sendable, Equatable {
    case selected(documents: Int, toPrint: Int)
    case upToDate(pdf: String)
    case built(pages: Int, milliseconds: Int)
    case engineStarted(String)
    case printed(index: Int, count: Int, pdf: String, pages: Int?, milliseconds: Int)
    /// `--copies`: one copy of a document printed (the CLI shows `copy 12/80` on standard error).
    case copyPrinted(copy: Int, of: Int, document: String)
}

public struct PDFReport: Sendable {
    public var printed: [String]
    public var upToDate: [String]
    public var warnings: [Diagnostic]
    public var milliseconds: Int
}

/// Builds the selected pages into a temporary folder with the same `Builder` as `jianbao build`,
/// then prints them all with one engine process, skipping PDFs newer than everything they are
/// made from (the Markdown file and what sits beside it, `series.yml`, `site.yml`, the templates).
public struct PDFMaker: Sendable {
    public let options: PDFOptions
    public let environment: [String: String]

    public init(options: PDFOptions, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.options = options
        self.environment = environment
    }

    public func run(onEvent: (PDFEvent) -> Void = { _ in }) async throws(PrintError) -> PDFReport {
        let start = DispatchTime.now().uptimeNanoseconds
        let loaded = ContentLoader(fileSystem: DiskFileSystem(), root: options.content).load()
        guard let site = loaded.site, !loaded.diagnostics.hasErrors else {
            throw .invalidInput(loaded.diagnostics.sorted())
        }
        let published = Publication(site: site).site
        let documents = try options.selection.resolve(in: published)
        if options.copies != nil { try Self.checkCopiesAllowed(documents) }

        let templatesTime = Freshness.newest(under: options.templates)
        var toPrint: [Document] = []
        var upToDate: [String] = []
        for document in documents {
            let pdf = pdfPath(for: document)
            if !options.force, let made = Freshness.modified(pdf), made > sourceTime(of: document, templatesTime: templatesTime) {
                upToDate.append(pdf)
            } else {
                toPrint.append(document)
            }
        }
        onEvent(.selected(documents: documents.count, toPrint: toPrint.count))
        upToDate.forEach { onEvent(.upToDate(pdf: $0)) }
        guard !toPrint.isEmpty else {
            return PDFReport(printed: [], upToDate: upToDate, warnings: loaded.diagnostics.warnings.sorted(),
                             milliseconds: Self.milliseconds(since: start))
        }

        let work = try Self.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        var engine: any PDFEngine = switch options.engine {
        case .weasyprint: WeasyPrintEngine(environment: environment)
        case .chromium: ChromiumEngine(environment: environment, profileFolder: work + "/chromium-profile")
        }
        // An engine that dies mid-batch must not take jianbao with it: a write to its closed pipe
        // then fails with EPIPE, which the engine reports, instead of raising SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        // Find out first whether the tool is there: no point building pages that cannot be printed.
        let joiner: PDFJoiner? = options.copies == nil ? nil : try PDFJoiner(environment: environment)
        let engineName = try engine.start()
        defer { engine.stop() }
        onEvent(.engineStarted(engineName))

        let buildStart = DispatchTime.now().uptimeNanoseconds
        let siteFolder = work + "/site"
        let report: BuildReport
        do throws(BuildError) {
            report = try await Builder(options: BuildOptions(content: options.content, output: siteFolder, templates: options.templates, forPrint: true)).build()
        } catch {
            throw .buildFailed(error)
        }
        onEvent(.built(pages: report.pages, milliseconds: Self.milliseconds(since: buildStart)))

        if let copies = options.copies, let joiner {
            let printed = try printCopies(copies, of: toPrint, site: siteFolder, work: work, engine: &engine, joiner: joiner, onEvent: onEvent)
            return PDFReport(printed: printed, upToDate: upToDate, warnings: report.warnings + Self.copiesWarnings(copies, for: toPrint),
                             milliseconds: Self.milliseconds(since: start))
        }
        var jobs: [PrintJob] = []
        for document in toPrint {
            let pdf = pdfPath(for: document)
            do {
                try FileManager.default.createDirectory(atPath: Path.parent(pdf), withIntermediateDirectories: true)
            } catch {
                throw .cannotWrite(path: Path.parent(pdf), message: error.localizedDescription)
            }
            jobs.append(PrintJob(page: "\(siteFolder)/\(document.outputFolder)/index.html", pdf: pdf, label: document.source.file))
        }
        var printed: [String] = []
        try engine.render(jobs) { done in
            printed.append(done.job.pdf)
            onEvent(.printed(index: printed.count, count: jobs.count, pdf: done.job.pdf, pages: done.pages,
                             milliseconds: done.milliseconds))
        }
        return PDFReport(printed: printed, upToDate: upToDate, warnings: report.warnings,
                         milliseconds: Self.milliseconds(since: start))
    }

    /// `<out>/jianbao/2024/19.pdf`; with `--copies 1-80`, `<out>/fawen/2024/han.copies-1-80.pdf`.
    public func pdfPath(for document: Document) -> String {
        Path.join(options.out, document.outputFolder + (options.copies?.fileSuffix ?? "") + ".pdf")
    }

    /// The newest time among what the document's PDF is made from.
    func sourceTime(of document: Document, templatesTime: Double) -> Double {
        let folder = Path.parent(document.source.file)
        var inputs = [document.source.file, Path.join(options.content, "site.yml"),
                      Path.join(options.content, document.seriesSlug, "series.yml")]
        inputs += document.assets.map { Path.join(folder, $0) }
        return inputs.compactMap(Freshness.modified).reduce(templatesTime, max)
    }

    static func makeTemporaryFolder() throws(PrintError) -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array("\(base)/jianbao-pdf-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw .cannotWrite(path: base, message: "cannot make a temporary folder: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    static func milliseconds(since start: UInt64) -> Int {
        Int((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
    }
}

/// Modification times, in seconds since 1970.
enum Freshness {
    static func modified(_ path: String) -> Double? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }

    /// The newest file below a folder (0 when there is none).
    static func newest(under folder: String) -> Double {
        let files = (try? DiskFileSystem().allFiles(under: folder)) ?? []
        return files.compactMap { modified(Path.join(folder, $0)) }.reduce(modified(folder) ?? 0, max)
    }
}
