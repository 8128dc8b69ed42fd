import JianbaoChecks
import JianbaoContent
import JianbaoModel
import JianbaoPublish
import JianbaoRender
import JianbaoSupport
#if canImport(Glibc)
import Glibc
#endif

/// Where a build reads and writes.
public struct BuildOptions: Sendable {
    public var content: String
    public var output: String
    public var templates: String
    /// Publish drafts too (marked 草稿 by the templates): for the local preview of `jianbao serve` only.
    public var includeDrafts: Bool

    public init(content: String = "Content", output: String = "public", templates: String = "Templates",
                includeDrafts: Bool = false) {
        self.content = content
        self.output = output
        self.templates = templates
        self.includeDrafts = includeDrafts
    }
}

/// A stage finished, with its figures; the CLI prints one line per event.
public enum BuildEvent: Sendable, Equatable {
    case loaded(files: Int, series: Int, documents: Int, milliseconds: Int)
    case checked(leftOutInternal: Int, leftOutDrafts: Int, milliseconds: Int)
    case rendered(pages: Int, milliseconds: Int)
    case published(files: Int, bytes: Int, output: String, milliseconds: Int)
}

/// What a successful build did.
public struct BuildReport: Sendable {
    public var warnings: [Diagnostic]
    public var pages: Int
    public var filesWritten: Int
    public var milliseconds: Int
}

/// Why a build stopped. In every case nothing was written: the output folder is as it was.
public enum BuildError: Error, Sendable {
    /// The content or the templates have errors (and maybe warnings): all of them, sorted.
    case invalidInput([Diagnostic])
    case publishFailed(PublishError, warnings: [Diagnostic])
    /// The output folder would hold or be the content or templates: replacing it would destroy them.
    case unsafeOutput(path: String, reason: String)
}

/// The pipeline: load → check → render → publish. Nothing is written before everything is checked.
public struct Builder: Sendable {
    public let options: BuildOptions
    public let fileSystem: any FileSystem

    public init(options: BuildOptions, fileSystem: any FileSystem = DiskFileSystem()) {
        self.options = options
        self.fileSystem = fileSystem
    }

    public func build(onEvent: (BuildEvent) -> Void = { _ in }) throws(BuildError) -> BuildReport {
        let start = Clock.milliseconds()
        try checkOutputIsSafe()

        let checked = loadAndCheck(onEvent: onEvent)
        let loaded = checked.loaded, diagnostics = checked.diagnostics
        var stageStart = checked.checkStart
        guard let site = checked.site, let templates = checked.templates, !diagnostics.hasErrors else {
            throw .invalidInput(diagnostics)
        }
        let publication = Publication(site: site, includeDrafts: options.includeDrafts)
        onEvent(.checked(leftOutInternal: publication.leftOutInternal, leftOutDrafts: publication.leftOutDrafts,
                         milliseconds: Clock.milliseconds() - stageStart))

        stageStart = Clock.milliseconds()
        let rendered = SiteRenderer(site: publication.site, templates: templates).render()
        onEvent(.rendered(pages: rendered.pageCount, milliseconds: Clock.milliseconds() - stageStart))

        stageStart = Clock.milliseconds()
        let publishedFolders = Set(publication.site.series.flatMap { $0.documents.map(\.outputFolder) })
        let contentCopies = loaded.assets.filter { asset in
            publishedFolders.contains { asset.destination.hasPrefix($0 + "/") }
        }
        let report: Publisher.Report
        do {
            report = try Publisher(fileSystem: fileSystem, output: options.output).publish(
                files: rendered.files.map { ($0.path, $0.bytes) }, copies: rendered.copies + contentCopies)
        } catch {
            throw .publishFailed(error, warnings: diagnostics.warnings.sorted())
        }
        onEvent(.published(files: report.filesWritten, bytes: report.bytesWritten, output: options.output,
                           milliseconds: Clock.milliseconds() - stageStart))
        return BuildReport(warnings: diagnostics.warnings.sorted(), pages: rendered.pageCount, filesWritten: report.filesWritten,
                           milliseconds: Clock.milliseconds() - start)
    }

    /// What loading and checking found, before anything is rendered or written.
    public struct CheckedSite: Sendable {
        public var loaded: ContentLoader.Result
        /// nil when the content could not be loaded at all.
        public var site: Site?
        /// nil when the templates have errors.
        public var templates: TemplateSet?
        /// Everything `build` refuses (errors) and warns about, sorted.
        public var diagnostics: [Diagnostic]
        var checkStart: Int
    }

    /// Load → site checks → template checks: everything `build` checks, writing nothing.
    /// `jianbao check` runs this too, so the two never disagree on what is an error.
    public func loadAndCheck(onEvent: (BuildEvent) -> Void = { _ in }) -> CheckedSite {
        let stageStart = Clock.milliseconds()
        let loaded = ContentLoader(fileSystem: fileSystem, root: options.content).load()
        var diagnostics = loaded.diagnostics
        let documents = loaded.site?.series.reduce(0) { $0 + $1.documents.count } ?? 0
        onEvent(.loaded(files: loaded.filesRead, series: loaded.site?.series.count ?? 0, documents: documents,
                        milliseconds: Clock.milliseconds() - stageStart))
        let checkStart = Clock.milliseconds()
        if let site = loaded.site { diagnostics += SiteChecks.run(site) }
        let kinds = Set(loaded.site?.series.flatMap { $0.documents.map(\.kind) } ?? [])
        var templates: TemplateSet?
        do {
            templates = try TemplateSet(folder: options.templates, fileSystem: fileSystem, requiredKinds: kinds)
        } catch {
            diagnostics += error.diagnostics
        }
        return CheckedSite(loaded: loaded, site: loaded.site, templates: templates, diagnostics: diagnostics.sorted(),
                           checkStart: checkStart)
    }

    /// Refuses an output folder that is, or holds, the content or the templates.
    func checkOutputIsSafe() throws(BuildError) {
        let output = Self.absolute(options.output)
        if output == "/" || output == Self.absolute(".") {
            throw .unsafeOutput(path: options.output, reason: "it is the current folder or the file-system root")
        }
        for (name, folder) in [("content", options.content), ("templates", options.templates)] {
            let other = Self.absolute(folder)
            if other == output || other.hasPrefix(output + "/") {
                throw .unsafeOutput(path: options.output, reason: "it holds the \(name) folder \(folder), which publishing would replace")
            }
        }
    }

    /// An absolute, normalised path (no `.` or `..`), without touching the disk.
    static func absolute(_ path: String) -> String {
        var base = ""
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: 4096)
            if getcwd(&buffer, buffer.count) != nil {
                base = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
        var parts: [Substring] = []
        for part in (base + "/" + path).split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }
}

enum Clock {
    static func milliseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int(time.tv_sec) * 1000 + Int(time.tv_nsec) / 1_000_000
    }
}
