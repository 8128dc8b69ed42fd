import JianbaoChecks
import JianbaoContent
import JianbaoIncremental
import JianbaoModel
import JianbaoPublish
import JianbaoRender
import JianbaoSearch
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
    /// Replace the output folder even when jianbao did not make it (`--force`); see `OutputMark`.
    public var replaceUnmarkedOutput: Bool
    /// Pages for print (`jianbao pdf`): 公文 show their seals whatever site.yml's `web_seals` says.
    public var forPrint: Bool

    public init(content: String = "Content", output: String = "public", templates: String = "Templates",
                includeDrafts: Bool = false, replaceUnmarkedOutput: Bool = false, forPrint: Bool = false) {
        self.forPrint = forPrint
        self.content = content
        self.output = output
        self.templates = templates
        self.includeDrafts = includeDrafts
        self.replaceUnmarkedOutput = replaceUnmarkedOutput
    }
}

/// A stage finished, with its figures; the CLI prints one line per event.
public enum BuildEvent: Sendable, Equatable {
    case loaded(files: Int, series: Int, documents: Int, milliseconds: Int)
    case checked(leftOutInternal: Int, leftOutDrafts: Int, milliseconds: Int)
    case rendered(pages: Int, milliseconds: Int)
    /// `files` were written anew (`bytes` in all); `kept` had not changed and were left as they were.
    case published(files: Int, bytes: Int, kept: Int, output: String, milliseconds: Int)
    /// Nothing changed in the content, the templates or jianbao since the last build: nothing was done.
    case upToDate(output: String, milliseconds: Int)
}

/// What a successful build did.
public struct BuildReport: Sendable {
    public var warnings: [Diagnostic]
    public var pages: Int
    public var filesWritten: Int
    public var milliseconds: Int
    /// True when nothing had changed since the last build and the output was left as it was.
    public var upToDate = false
    /// Documents whose files had not changed since the last build: taken from its cache, not read.
    public var documentsReused = 0
}

/// Why a build stopped. In every case nothing was written: the output folder is as it was.
public enum BuildError: Error, Sendable {
    /// The content or the templates have errors (and maybe warnings): all of them, sorted.
    case invalidInput([Diagnostic])
    case publishFailed(PublishError, warnings: [Diagnostic])
    /// The output folder would hold or be the content or templates: replacing it would destroy them.
    case unsafeOutput(path: String, reason: String)
    /// The output folder holds files and no mark that jianbao made it (and no `--force`).
    case foreignOutput(PublishError)
}

/// The pipeline: load → check → render → publish. Nothing is written before everything is checked.
public struct Builder: Sendable {
    public let options: BuildOptions
    public let fileSystem: any FileSystem

    public init(options: BuildOptions, fileSystem: any FileSystem = DiskFileSystem()) {
        self.options = options
        self.fileSystem = fileSystem
    }

    /// Builds the site, on every core. The output is the same, byte for byte, whatever the scheduling.
    public func build(onEvent: (BuildEvent) -> Void = { _ in }) async throws(BuildError) -> BuildReport {
        let start = Clock.milliseconds()
        try checkOutput()
        let publisher = Publisher(fileSystem: fileSystem, output: options.output)
        let state = BuildState.current(content: options.content, templates: options.templates,
                                       options: [options.output, options.includeDrafts ? "drafts" : "-", options.forPrint ? "print" : "-"], fileSystem: fileSystem)
        if state.matchesSaved(publisher: publisher) {
            let milliseconds = Clock.milliseconds() - start
            onEvent(.upToDate(output: options.output, milliseconds: milliseconds))
            return BuildReport(warnings: [], pages: 0, filesWritten: 0, milliseconds: milliseconds, upToDate: true)
        }

        let executable = DocumentCache.executableStamp()
        let renderKey = BuildCacheFile.renderKey(templates: options.templates, executable: executable, fileSystem: fileSystem)
        // With other templates every page is rendered again, so every document is read in full:
        // stubs from the cache would only be read twice.
        let cache = await BuildCacheFile.read(publisher: publisher, executable: executable, renderKey: renderKey)
        // Everything read and rendered lives in this scope only: the documents and their HTML are
        // freed before the cache is written (peak memory at 10,000 issues).
        let finished: (written: SitePublishing.Result, cacheEntries: [String: DocumentCache.Entry], reused: Int, warnings: [Diagnostic])
        do {
            let stageStart = start
            let loaded = await ContentLoader(fileSystem: fileSystem, root: options.content,
                                             previous: cache?.entries.mapValues(\.loaded) ?? [:]).loadConcurrently()
            let checked = check(loaded, loadStart: stageStart, onEvent: onEvent)
            let diagnostics = checked.diagnostics
            guard var site = checked.site, let templates = checked.templates, !diagnostics.hasErrors else {
                throw .invalidInput(diagnostics)
            }
            if options.forPrint { site.settings.webSeals = true }
            let publication = Publication(site: site, includeDrafts: options.includeDrafts)
            onEvent(.checked(leftOutInternal: publication.leftOutInternal, leftOutDrafts: publication.leftOutDrafts,
                             milliseconds: Clock.milliseconds() - checked.checkStart))

            let renderStart = Clock.milliseconds()
            // The search index holds the text of every published document: a stub's comes from the cache.
            var cacheEntries = loaded.loadedDocuments.mapValues { DocumentCache.Entry(loaded: $0) }
            let searchTexts = await SearchTexts.gather(publication.site, reused: loaded.reused, previous: cache?.entries ?? [:],
                                                       reloader: loaded.reloader)
            for (source, text) in searchTexts { cacheEntries[source]?.searchText = text }
            // A document taken unchanged keeps its own values' digest (`SiteRenderer.OwnValues`).
            for source in loaded.reused { cacheEntries[source]?.ownDigest = cache?.entries[source]?.ownDigest }
            let publishedFolders = Set(publication.site.series.flatMap { $0.documents.map(\.outputFolder) })
            // An asset is published when a folder above it is a published document's: look its own
            // ancestors up (comparing every asset with every folder was 6 % of a 10,000-issue build).
            let contentCopies = loaded.assets.filter { asset in
                let destination = asset.destination
                return destination.utf8.indices.contains { index in
                    destination.utf8[index] == UInt8(ascii: "/") && publishedFolders.contains(String(destination[..<index]))
                }
            }
            // The own values' digests of the documents taken unchanged from the last build (only those).
            let ownDigests = cache?.entries.filter { loaded.reused.contains($0.key) }.compactMapValues(\.ownDigest) ?? [:]
            let renderer = SiteRenderer(site: publication.site, templates: templates, searchTexts: searchTexts, ownDigests: ownDigests)
            let publishing = SitePublishing(renderer: renderer, publisher: publisher,
                                            last: LastBuild(cache: cache, reused: loaded.reused, reloader: loaded.reloader))
            BuildState.forget(publisher: publisher)
            BuildCacheFile.forget(publisher: publisher)
            let written: SitePublishing.Result
            do {
                written = try await publishing.run(extraCopies: contentCopies + loaded.siteAssets + sealCopies(publication.site))
            } catch {
                throw .publishFailed(error, warnings: diagnostics.warnings.sorted())
            }
            onEvent(.rendered(pages: written.pages, milliseconds: written.renderedAt - renderStart))
            onEvent(.published(files: written.report.filesWritten, bytes: written.report.bytesWritten, kept: written.report.filesKept,
                               output: options.output, milliseconds: Clock.milliseconds() - written.renderedAt))
            finished = (written, cacheEntries, loaded.reused.count, diagnostics.warnings.sorted())
        }
        state.save(publisher: publisher)
        if !executable.isEmpty {
            var next = DocumentCache(executable: executable)
            next.renderKey = renderKey
            next.outputDigests = finished.written.digests
            next.searchLayout = finished.written.searchLayout.words
            next.entries = finished.cacheEntries
            for (source, digest) in finished.written.ownDigests { next.entries[source]?.ownDigest = digest }
            await BuildCacheFile.write(next, previous: cache, publisher: publisher)
        }
        return BuildReport(warnings: finished.warnings, pages: finished.written.pages, filesWritten: finished.written.report.filesWritten,
                           milliseconds: Clock.milliseconds() - start, documentsReused: finished.reused)
    }

    /// The seal images of the published 公文 (at their own paths), when the pages show them.
    func sealCopies(_ site: Site) -> [(source: String, destination: String)] {
        guard site.settings.webSeals else { return [] }
        let files = site.series.flatMap(\.documents).compactMap(\.official).flatMap { $0.seal + [$0.signatureStamp].compactMap { $0 } }.map(\.file)
        return Set(files).sorted().map { (Path.join(options.content, $0), $0) }
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
    /// `jianbao check` runs this too, so the two never disagree on what is an error. It reads every
    /// file (no cache): the build's incremental loading gives the same documents and diagnostics
    /// (`IncrementalBuildTests`), and both go through `check(_:loadStart:onEvent:)`.
    public func loadAndCheck(onEvent: (BuildEvent) -> Void = { _ in }) -> CheckedSite {
        let start = Clock.milliseconds()
        return check(ContentLoader(fileSystem: fileSystem, root: options.content).load(), loadStart: start, onEvent: onEvent)
    }

    /// The checks after loading, shared by `build` and `loadAndCheck`.
    func check(_ loaded: ContentLoader.Result, loadStart: Int, onEvent: (BuildEvent) -> Void) -> CheckedSite {
        var diagnostics = loaded.diagnostics
        let documents = loaded.site?.series.reduce(0) { $0 + $1.documents.count } ?? 0
        onEvent(.loaded(files: loaded.filesRead, series: loaded.site?.series.count ?? 0, documents: documents,
                        milliseconds: Clock.milliseconds() - loadStart))
        let checkStart = Clock.milliseconds()
        let kinds = Set(loaded.site?.series.flatMap { $0.documents.map(\.kind) } ?? [])
        var templates: TemplateSet?
        do {
            templates = try TemplateSet(folder: options.templates, fileSystem: fileSystem, requiredKinds: kinds)
        } catch {
            diagnostics += error.diagnostics
        }
        if let site = loaded.site {
            diagnostics += SiteChecks.run(site, reservedNames: SiteRenderer.reservedNames(assets: templates?.assets ?? []))
            diagnostics += OfficialChecks.run(site)
        }
        return CheckedSite(loaded: loaded, site: loaded.site, templates: templates, diagnostics: diagnostics.sorted(),
                           checkStart: checkStart)
    }

    /// Refuses an output folder that building would destroy something in: one that is or holds the
    /// content or the templates, or one jianbao did not make (unless `replaceUnmarkedOutput`).
    /// `build` does this first; `serve` too, before it listens.
    public func checkOutput() throws(BuildError) {
        try checkOutputIsSafe()
        guard !options.replaceUnmarkedOutput else { return }
        let publisher = Publisher(fileSystem: fileSystem, output: options.output)
        do {
            try publisher.checkReplaceable(madeByAnOlderBuild: { BuildState.madeOutput(of: publisher) })
        } catch {
            throw .foreignOutput(error)
        }
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
