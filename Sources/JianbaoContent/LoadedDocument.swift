import JianbaoModel
import JianbaoSupport

/// A document as a build loaded it, for the next build to take instead of reading its file again:
/// the document without its body HTML (a stub: everything the lists, feeds, sitemap and checks
/// need), its diagnostics, and the stamps (size, modification time, inode) of everything it was read
/// from: its Markdown file, its series.yml and the files it refers to. The next build takes it when
/// every stamp is the same, and reads the file again when its page must be rendered anew.
public struct LoadedDocument: Sendable, Equatable, Codable {
    /// Stamps of the Markdown file, its series.yml and the files it refers to.
    public var inputs: String
    public var document: Document?
    public var diagnostics: [Diagnostic]

    public init(inputs: String, document: Document?, diagnostics: [Diagnostic]) {
        self.inputs = inputs
        self.document = document
        self.diagnostics = diagnostics
    }

    /// The stamps a document depends on, or nil when its file is gone.
    static func inputs(of path: String, seriesFile: String, assets: [String], fileSystem: any FileSystem) -> String? {
        guard let own = fileSystem.stamp(of: path) else { return nil }
        var text = own.text + "|" + (fileSystem.stamp(of: seriesFile)?.text ?? "-")
        let folder = Path.parent(path)
        for asset in assets {
            text += "|" + asset + " " + (fileSystem.stamp(of: Path.join(folder, asset))?.text ?? "-")
        }
        return text
    }
}

/// Reads single documents again, with their series' defaults, after loading: for a page that must
/// be rendered although its document came from the last build as a stub.
public struct DocumentReloader: Sendable {
    let series: [String: SeriesLoader.Prepared]

    /// The document read from its file, or nil when it cannot be read as it was (the caller then
    /// falls back to a full build).
    public func reload(_ document: Document) -> Document? {
        guard let prepared = series[document.seriesSlug] else { return nil }
        let prefix = prepared.folder + "/"
        guard document.source.file.hasPrefix(prefix) else { return nil }
        return prepared.loadDocument(String(document.source.file.dropFirst(prefix.count))).document
    }
}
