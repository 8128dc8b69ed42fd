import JianbaoModel
import JianbaoSupport

/// Values a series gives every file in it, which a file's front matter may override.
struct SeriesDefaults: Sendable {
    var name: String
    var kind: DocumentKind
    var office: String?
    var marking: String?
    var markingLocation: SourceLocation?
    var trailer: Trailer
    var issuer: String?
    var signedBy: String?
    var cc: String?
    var printedBy: String?
    /// The seal of the series' 署名 (`seal:`), for its 公文 that name none, and `seal_size:`.
    var seal: [SealImage] = []
    var sealSize: Double?

    /// Reads `trailer:` and `copies:`, checking the labels.
    static func trailer(from fields: inout YAMLFields) -> Trailer {
        var lines: [Trailer.Line] = []
        for entry in fields.stringMap("trailer") ?? [] {
            let label = entry.key.trimmingSpaces.trimmingCharacters(in: ["：", ":"])
            guard Trailer.knownLabels.contains(label) else {
                fields.add(.error(at: entry.location, "unknown trailer label `\(label)`",
                                  hint: "use one of \(Trailer.knownLabels.joined(separator: " "))"))
                continue
            }
            lines.append(Trailer.Line(label: label, text: entry.value, location: entry.location))
        }
        let copies = fields.int("copies", minimum: 1, example: "80")
        return Trailer(lines: lines, copies: copies)
    }

    /// Checks a marking: a 密级 must never reach the public archive.
    static func checkMarking(_ marking: String?, at location: SourceLocation?, in fields: inout YAMLFields) {
        guard let marking, Document.isClassified(marking: marking) else { return }
        fields.add(.error(at: location ?? SourceLocation(file: fields.file),
                          "`marking: \(marking)` is a 密级 (classified): classified documents must never be published",
                          hint: "remove the file from Content/; jianbao builds a public archive"))
    }
}

/// Loads one series folder: its `series.yml` and every Markdown file below it.
struct SeriesLoader {
    let fileSystem: any FileSystem
    let root: String
    let slug: String
    /// The last build's documents, by file, reused when their files did not change.
    var previous: [String: LoadedDocument] = [:]

    struct Loaded {
        var series: Series?
        var diagnostics: [Diagnostic]
        var filesRead: Int
        var assets: [(source: String, destination: String)]
        /// Every document as loaded, by file path, for the next build.
        var loadedDocuments: [String: LoadedDocument] = [:]
        /// Files whose document is a stub from the last build.
        var reused: Set<String> = []
        /// How to read a document of this series again.
        var prepared: Prepared?
    }

    static func hint(for error: FileSystemError) -> String? {
        if case .linkLoop = error.reason { return "remove the link, or point it at a folder outside this one" }
        return nil
    }

    func load() -> Loaded {
        switch prepare() {
        case .finished(let loaded): return loaded
        case .ready(let prepared): return finish(prepared, documents: prepared.markdownFiles.map(prepared.loadOrReuse))
        }
    }

    /// As `load()`, with the Markdown files parsed on every core; the result is the same.
    func loadConcurrently() async -> Loaded {
        switch prepare() {
        case .finished(let loaded): return loaded
        case .ready(let prepared): return finish(prepared, documents: await Concurrently.map(prepared.markdownFiles, prepared.loadOrReuse))
        }
    }

    /// The series read, before its documents are: what every document needs.
    struct Prepared: Sendable {
        var fileSystem: any FileSystem
        var root: String
        var slug: String
        var folder: String
        var seriesFile: String
        var markdownFiles: [String]
        var defaults: SeriesDefaults
        var numbering: Numbering
        var description: String?
        /// Marked 政府信息公开.
        var disclosure: Bool
        var diagnostics: [Diagnostic]
        var previous: [String: LoadedDocument]

        /// Loads one Markdown file (a path relative to the series folder); safe to call from any task.
        @Sendable func loadDocument(_ relative: String) -> DocumentLoader.Loaded {
            DocumentLoader(fileSystem: fileSystem, root: root, seriesSlug: slug, path: Path.join(folder, relative), defaults: defaults).load()
        }

        /// As `loadDocument`, but takes the cached stub when none of the document's inputs changed.
        @Sendable func loadOrReuse(_ relative: String) -> (loaded: DocumentLoader.Loaded, inputs: String?, reused: Bool) {
            let path = Path.join(folder, relative)
            if let entry = previous[path],
               entry.inputs == LoadedDocument.inputs(of: path, seriesFile: seriesFile, assets: entry.document?.assets ?? [], fileSystem: fileSystem) {
                return (DocumentLoader.Loaded(document: entry.document, diagnostics: entry.diagnostics), entry.inputs, true)
            }
            let loaded = loadDocument(relative)
            let inputs = LoadedDocument.inputs(of: path, seriesFile: seriesFile, assets: loaded.document?.assets ?? [], fileSystem: fileSystem)
            return (loaded, inputs, false)
        }
    }

    enum Preparation {
        /// Nothing more to load (no series.yml, or it is unusable).
        case finished(Loaded)
        case ready(Prepared)
    }

    private func prepare() -> Preparation {
        let folder = Path.join(root, slug)
        let seriesFile = Path.join(folder, "series.yml")
        var diagnostics: [Diagnostic] = []
        let files: [String]
        do {
            files = try fileSystem.allFiles(under: folder)
        } catch {
            return .finished(Loaded(series: nil, diagnostics: [.error(at: SourceLocation(file: error.path), error.problem,
                                                                      hint: Self.hint(for: error))], filesRead: 0, assets: []))
        }
        var markdownFiles: [String] = []
        for path in files where Path.fileExtension(path) == "md" && !path.split(separator: "/").contains(where: { $0.hasPrefix(".") || $0.hasPrefix("_") }) {
            if let problem = ContentNames.pathProblem(path) {
                diagnostics.append(.error(at: SourceLocation(file: Path.join(folder, path)), "this file cannot be read: \(problem)",
                                          hint: "rename it: a file's name is part of the address of its page and of the messages about it"))
            } else {
                markdownFiles.append(path)
            }
        }
        guard fileSystem.exists(seriesFile) else {
            if !markdownFiles.isEmpty || diagnostics.hasErrors {
                diagnostics.append(.error(
                    at: SourceLocation(file: folder), "this folder holds Markdown files but no series.yml",
                    hint: "add \(seriesFile) with at least `name:` and `kind:` (briefing, or a 公文 kind such as notice or 通知)"))
            }
            return .finished(Loaded(series: nil, diagnostics: diagnostics, filesRead: 0, assets: []))
        }
        let loader = ContentLoader(fileSystem: fileSystem, root: root)
        guard let text = loader.readText(seriesFile, &diagnostics, missingHint: "") else {
            return .finished(Loaded(series: nil, diagnostics: diagnostics, filesRead: 0, assets: []))
        }
        var fields = YAMLFields(yaml: text, file: seriesFile, firstLine: 1, name: "series.yml")
        guard fields.wasReadable else {
            return .finished(Loaded(series: nil, diagnostics: diagnostics + fields.diagnostics, filesRead: 0, assets: []))
        }
        fields.warnAboutUnknownKeys(known: KnownKeys.seriesFile, what: "series.yml")
        let name = fields.string("name")
        if name == nil && !fields.has("name") {
            fields.add(.error(at: SourceLocation(file: seriesFile, line: 1), "series.yml has no `name`",
                              hint: "add `name: …`, the series' name as printed in the masthead"))
        }
        var kind = DocumentKind.briefing
        if let text = fields.string("kind") {
            if let parsed = DocumentKind(name: text) {
                kind = parsed
            } else {
                fields.add(.error(at: fields.keyLocation("kind") ?? SourceLocation(file: seriesFile),
                                  "unknown kind `\(text)`", hint: "kind is one of \(DocumentKind.accepted)"))
            }
        }
        var numbering = Numbering.continuous
        if let text = fields.string("numbering") {
            if let parsed = Numbering(rawValue: text) {
                numbering = parsed
            } else {
                fields.add(.error(at: fields.keyLocation("numbering") ?? SourceLocation(file: seriesFile),
                                  "unknown numbering `\(text)`", hint: "numbering is continuous or yearly"))
            }
        }
        let marking = fields.string("marking")
        SeriesDefaults.checkMarking(marking, at: fields.keyLocation("marking"), in: &fields)
        var defaults = SeriesDefaults(
            name: name ?? slug, kind: kind, office: fields.string("office"), marking: marking,
            markingLocation: fields.keyLocation("marking"), trailer: SeriesDefaults.trailer(from: &fields),
            issuer: fields.string("issuer"), signedBy: fields.string("signed_by"), cc: fields.string("cc"),
            printedBy: fields.string("printed_by"))
        (defaults.seal, defaults.sealSize) = SealFields(fileSystem: fileSystem, root: root).readDefaults(&fields)
        let description = fields.string("description")
        let disclosure = fields.bool("disclosure") ?? false
        diagnostics += fields.diagnostics
        return .ready(Prepared(fileSystem: fileSystem, root: root, slug: slug, folder: folder, seriesFile: seriesFile,
                               markdownFiles: markdownFiles, defaults: defaults, numbering: numbering,
                               description: description, disclosure: disclosure, diagnostics: diagnostics, previous: previous))
    }

    /// Gathers the loaded documents (in the order of `prepared.markdownFiles`) into the series.
    private func finish(_ prepared: Prepared, documents loadedDocuments: [(loaded: DocumentLoader.Loaded, inputs: String?, reused: Bool)]) -> Loaded {
        var diagnostics = prepared.diagnostics
        let folder = prepared.folder
        var documents: [Document] = []
        var assets: [(String, String)] = []
        var remembered: [String: LoadedDocument] = [:]
        var reused: Set<String> = []
        for (relative, (loaded, inputs, wasReused)) in zip(prepared.markdownFiles, loadedDocuments) {
            let path = Path.join(folder, relative)
            diagnostics += loaded.diagnostics
            if wasReused, let entry = prepared.previous[path] {
                remembered[path] = entry
            } else if let inputs {
                remembered[path] = LoadedDocument(inputs: inputs, document: loaded.document?.stub, diagnostics: loaded.diagnostics)
            }
            if wasReused { reused.insert(path) }
            if let document = loaded.document {
                documents.append(document)
                let base = Path.parent(path)
                for asset in document.assets {
                    assets.append((Path.join(base, asset), Path.join(document.outputFolder, asset)))
                }
            }
        }
        documents.sort(by: Document.archiveOrder)
        let series = Series(slug: slug, name: prepared.defaults.name, kind: prepared.defaults.kind, numbering: prepared.numbering,
                            office: prepared.defaults.office, description: prepared.description, disclosure: prepared.disclosure,
                            documents: documents,
                            source: SourceLocation(file: prepared.seriesFile))
        return Loaded(series: series, diagnostics: diagnostics, filesRead: prepared.markdownFiles.count, assets: assets,
                      loadedDocuments: remembered, reused: reused, prepared: prepared)
    }
}
