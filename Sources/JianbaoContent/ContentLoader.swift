import JianbaoModel
import JianbaoSupport

/// Reads `Content/` into a `Site`: `site.yml`, one folder per series with its `series.yml`, and the
/// Markdown files below it. Writes nothing; every problem becomes a diagnostic.
public struct ContentLoader: Sendable {
    public let fileSystem: any FileSystem
    /// The content folder as given by the user (`Content`, `/srv/site/Content`); paths in diagnostics start with it.
    public let root: String

    /// The last build's documents, by file: files whose stamps did not change are not read again.
    public var previous: [String: LoadedDocument]

    public init(fileSystem: any FileSystem, root: String, previous: [String: LoadedDocument] = [:]) {
        self.fileSystem = fileSystem
        self.root = root
        self.previous = previous
    }

    /// The loaded site (nil when `site.yml` is unusable) and everything found wrong on the way.
    public struct Result: Sendable {
        public var site: Site?
        public var diagnostics: [Diagnostic]
        /// How many `.md` files were read.
        public var filesRead: Int
        /// Asset files to publish: the source path and the path below the output root.
        public var assets: [(source: String, destination: String)]
        /// Files site.yml names, published whatever is published of the series (the 党政机关网站标识's image).
        public var siteAssets: [(source: String, destination: String)] = []
        /// Every document as loaded, by file, for the next build (on a file system with stamps).
        public var loadedDocuments: [String: LoadedDocument] = [:]
        /// Source files whose document is a stub from the last build, without its body HTML.
        public var reused: Set<String> = []
        /// Reads a stub's document again, when its page must be rendered.
        public var reloader = DocumentReloader(series: [:])
    }

    public func load() -> Result {
        switch begin() {
        case .finished(let result): return result
        case .ready(var gathering):
            for slug in gathering.seriesFolders {
                gathering.add(SeriesLoader(fileSystem: fileSystem, root: root, slug: slug, previous: previous).load())
            }
            return finish(gathering)
        }
    }

    /// As `load()`, with each series' Markdown files parsed on every core; the result is the same.
    public func loadConcurrently() async -> Result {
        switch begin() {
        case .finished(let result): return result
        case .ready(var gathering):
            for slug in gathering.seriesFolders {
                gathering.add(await SeriesLoader(fileSystem: fileSystem, root: root, slug: slug, previous: previous).loadConcurrently())
            }
            return finish(gathering)
        }
    }

    /// The site file read and the series folders found, before any series is loaded.
    struct Gathering {
        /// nil when site.yml is unusable: the series are read all the same, for their diagnostics.
        var site: Site?
        var siteAssets: [(source: String, destination: String)]
        var seriesFolders: [String]
        var diagnostics: [Diagnostic]
        var filesRead = 0
        var assets: [(source: String, destination: String)] = []
        var loadedDocuments: [String: LoadedDocument] = [:]
        var reused: Set<String> = []
        var prepared: [String: SeriesLoader.Prepared] = [:]
        var series: [Series] = []

        mutating func add(_ loaded: SeriesLoader.Loaded) {
            diagnostics += loaded.diagnostics
            filesRead += loaded.filesRead
            assets += loaded.assets
            loadedDocuments.merge(loaded.loadedDocuments) { _, new in new }
            reused.formUnion(loaded.reused)
            if let series = loaded.prepared { prepared[series.slug] = series }
            if let loadedSeries = loaded.series { series.append(loadedSeries) }
        }
    }

    enum Beginning {
        case finished(Result)
        case ready(Gathering)
    }

    private func begin() -> Beginning {
        var diagnostics: [Diagnostic] = []
        guard fileSystem.isDirectory(root) else {
            let problem = fileSystem.exists(root) ? "is not a folder" : "does not exist"
            return .finished(Result(site: nil, diagnostics: [.error(
                at: SourceLocation(file: root), "the content folder \(problem)",
                hint: "run jianbao in the folder that holds Content/, or name it with --content DIR")], filesRead: 0, assets: []))
        }
        // The series are read even when site.yml is unusable, so that one run reports every error.
        var siteAssets: [(source: String, destination: String)] = []
        let site = loadSiteFile(&diagnostics, assets: &siteAssets)
        let entries: [String]
        do {
            entries = try fileSystem.contents(ofDirectory: root)
        } catch {
            return .finished(Result(site: nil, diagnostics: diagnostics + [.error(at: SourceLocation(file: error.path), error.problem)],
                                    filesRead: 0, assets: []))
        }
        var folders: [String] = []
        for name in entries where !name.hasPrefix(".") && !name.hasPrefix("_") && fileSystem.kind(of: Path.join(root, name)) == .directory {
            let folder = Path.join(root, name)
            if let problem = ContentNames.problem(name) {
                diagnostics.append(.error(at: SourceLocation(file: folder), "this folder cannot be a series: \(problem)",
                                          hint: "rename the folder: its name is the series' address, /<folder>/"))
            } else if let outside = outsideContent(folder) {
                diagnostics.append(outsideDiagnostic(folder, resolved: outside))
            } else {
                folders.append(name)
            }
        }
        return .ready(Gathering(site: site, siteAssets: siteAssets, seriesFolders: folders, diagnostics: diagnostics))
    }

    private func finish(_ gathering: Gathering) -> Result {
        var diagnostics = gathering.diagnostics
        var site = gathering.site
        site?.series = gathering.series
        if gathering.series.isEmpty && !diagnostics.hasErrors {
            diagnostics.append(.error(
                at: SourceLocation(file: root), "no series found: the content folder has no sub-folder with a series.yml",
                hint: "make a folder per series, e.g. \(Path.join(root, "jianbao"))/series.yml with `name:` and `kind: briefing`"))
        }
        return Result(site: site, diagnostics: diagnostics, filesRead: gathering.filesRead, assets: gathering.assets,
                      siteAssets: gathering.siteAssets, loadedDocuments: gathering.loadedDocuments, reused: gathering.reused,
                      reloader: DocumentReloader(series: gathering.prepared))
    }

    private func loadSiteFile(_ diagnostics: inout [Diagnostic], assets: inout [(source: String, destination: String)]) -> Site? {
        let path = Path.join(root, "site.yml")
        guard let text = readText(path, &diagnostics, missingHint: "create it with `title:` (the archive's name) and `base_url:` (its web address, e.g. https://example.gov.cn/jianbao/)") else { return nil }
        var fields = YAMLFields(yaml: text, file: path, firstLine: 1, name: "site.yml")
        guard fields.wasReadable else {
            diagnostics += fields.diagnostics
            return nil
        }
        fields.warnAboutUnknownKeys(known: KnownKeys.site, what: "site.yml")
        let title = fields.string("title")
        if title == nil && !fields.has("title") {
            fields.add(.error(at: SourceLocation(file: path, line: 1), "site.yml has no `title`",
                              hint: "add `title: …`, the archive's name shown on the home page"))
        }
        var baseURL = fields.string("base_url")
        if let url = baseURL, !Self.isAbsoluteWebAddress(url) {
            fields.add(.error(at: fields.keyLocation("base_url") ?? SourceLocation(file: path),
                              "`base_url` must be an absolute web address, not `\(url)`",
                              hint: "write it as `base_url: https://example.gov.cn/jianbao/`"))
            baseURL = nil
        } else if baseURL == nil && !fields.has("base_url") {
            fields.add(.error(at: SourceLocation(file: path, line: 1), "site.yml has no `base_url`",
                              hint: "add `base_url: https://…/`, the address the archive is published at (feeds and the sitemap need it)"))
        }
        let language = fields.string("language") ?? "zh-CN"
        let publishInternal = fields.bool("publish_internal") ?? false
        var settings = SiteSettings(title: title ?? "", baseURL: baseURL ?? "", language: language, publishInternal: publishInternal)
        settings.webSeals = fields.bool("web_seals") ?? false
        assets = SiteMarksFields(fileSystem: fileSystem, root: root).read(&fields, into: &settings)
        diagnostics += fields.diagnostics
        guard title != nil, baseURL != nil else { return nil }
        return Site(settings: settings)
    }

    /// `http(s)://host/…` with a host and nothing that would need escaping in a feed or a link.
    static func isAbsoluteWebAddress(_ url: String) -> Bool {
        guard let rest = ["https://", "http://"].first(where: { url.lowercased().hasPrefix($0) }).map({ url.dropFirst($0.count) }) else { return false }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let forbidden: Set<Character> = ["\"", "'", "<", ">", "\\", "`", "{", "}", "|", "^"]
        return !host.isEmpty && !url.contains { $0.isWhitespace || forbidden.contains($0) || $0.asciiValue.map { $0 < 0x20 } == true }
    }

    /// Where `path` really is when that is outside the content folder (a symbolic link leading out
    /// of it, on the path or at its end); nil when it is inside, or does not resolve.
    func outsideContent(_ path: String) -> String? {
        guard let contentRoot = fileSystem.resolvedPath(root), let resolved = fileSystem.resolvedPath(path) else { return nil }
        return resolved == contentRoot || resolved.hasPrefix(contentRoot == "/" ? "/" : contentRoot + "/") ? nil : resolved
    }

    func outsideDiagnostic(_ path: String, resolved: String) -> Diagnostic {
        .error(at: SourceLocation(file: path), "this is reached through a symbolic link to \(resolved), outside the content folder",
               hint: "jianbao reads only files inside \(root): copy what you need into it instead of linking to it")
    }

    /// A text file's contents, checked: inside the content folder, a regular file, not too large,
    /// UTF-8, no NUL bytes, no control characters.
    func readText(_ path: String, _ diagnostics: inout [Diagnostic], missingHint: String) -> String? {
        if let size = fileSystem.size(of: path), size > ContentLimits.maxTextFileBytes {
            diagnostics.append(.error(
                at: SourceLocation(file: path),
                "the file is \(ContentLimits.describe(bytes: size)); jianbao reads Markdown and YAML files of at most \(ContentLimits.describe(bytes: ContentLimits.maxTextFileBytes))",
                hint: "an issue is a few dozen KB of text: check that this is the right file, and put images beside it as files"))
            return nil
        }
        if let outside = outsideContent(path) {
            diagnostics.append(outsideDiagnostic(path, resolved: outside))
            return nil
        }
        let bytes: [UInt8]
        do {
            bytes = try fileSystem.read(path, atMost: ContentLimits.maxTextFileBytes)
        } catch {
            let message = error.reason == .notFound ? "\(Path.lastComponent(path)) is missing" : error.problem
            var hint: String? = error.reason == .notFound ? missingHint : nil
            if case .linkLoop = error.reason { hint = "replace the link by the file itself" }
            if fileSystem.kind(of: path) == .special { hint = "replace it by a regular file, or move it out of the content folder" }
            diagnostics.append(.error(at: SourceLocation(file: path), message, hint: hint))
            return nil
        }
        switch SourceText.decode(bytes) {
        case .success(let text):
            if let control = ControlCharacters.firstForbidden(in: text) {
                diagnostics.append(SourceText.controlCharacterDiagnostic(control.scalar, at: control.byteOffset, in: text, file: path))
                return nil
            }
            return text
        case .failure(let problem):
            diagnostics.append(SourceText.diagnostic(for: problem, file: path))
            return nil
        }
    }
}
