import JianbaoModel
import JianbaoSupport

/// The documents of the last build, so that the next one reads again only the files that changed.
///
/// Each entry holds a document without its body HTML (a stub: everything the lists, feeds, sitemap
/// and checks need), its diagnostics, and the stamps (size, modification time, inode) of everything
/// it was read from: its Markdown file, its series.yml and the files it refers to. A build takes the
/// stub when all stamps are the same, and reads the file again when its page must be rendered anew.
/// Kept beside the output (`.public.jianbao-cache`), written only after a successful publish.
public struct DocumentCache: Sendable {
    /// Bumped whenever the model or the way files are read changes shape.
    public static let currentVersion = 6

    public var version = Self.currentVersion
    /// The jianbao executable that wrote it: a different one reads everything again.
    public var executable: String
    /// What the pages were rendered with (the templates' stamps): the signatures below hold only then.
    public var renderKey: String = ""
    /// The listings' signature (see `SiteRenderer.listingSignature`) when they were rendered.
    public var listingSignature: String?
    /// What the search index remembers of the build that wrote it, in words of its own
    /// (`SearchLayout.words`): the cache only keeps them.
    public var searchLayout: [UInt64]?
    public var entries: [String: Entry] = [:]
    /// The record each entry was read from (its length, checksum and bytes, a slice of the file
    /// read), by path: written again as it is when the entry did not change, which spares encoding
    /// ten thousand documents to change one.
    public var encodedEntries: [String: ArraySlice<UInt8>] = [:]

    public struct Entry: Sendable, Equatable {
        /// Stamps of the Markdown file, its series.yml and the files it refers to.
        public var inputs: String
        public var document: Document?
        public var diagnostics: [Diagnostic]
        /// What the document's page was rendered from besides the document (see `SiteRenderer.pageSignature`).
        public var pageSignature: String?
        /// The document's text as the search index holds it (see `SiteSearch.text(of:)`): the
        /// index needs every document's text, and a stub has no body to take it from.
        public var searchText: String?
    }

    public init(executable: String) {
        self.executable = executable
    }

    /// The stamp of the running executable, or "" when it cannot be had.
    public static func executableStamp() -> String {
        DiskFileSystem().stamp(of: "/proc/self/exe").map(Self.describe) ?? ""
    }

    static func describe(_ stamp: FileStamp) -> String {
        "\(stamp.size) \(stamp.modified) \(stamp.inode)"
    }

    /// The stamps a document depends on, or nil when the file system has none (in memory).
    static func inputs(of path: String, seriesFile: String, assets: [String], fileSystem: any FileSystem) -> String? {
        guard let disk = fileSystem as? DiskFileSystem, let own = disk.stamp(of: path) else { return nil }
        var text = describe(own) + "|" + (disk.stamp(of: seriesFile).map(describe) ?? "-")
        let folder = Path.parent(path)
        for asset in assets {
            text += "|" + asset + " " + (disk.stamp(of: Path.join(folder, asset)).map(describe) ?? "-")
        }
        return text
    }
}

extension Document {
    /// The document without its body HTML: what lists, feeds, the sitemap and the checks need.
    public var stub: Document {
        var copy = self
        copy.noteHTML = noteHTML == nil ? nil : ""
        copy.leadHTML = ""
        copy.sections = sections.map { section in
            var section = section
            section.html = ""
            return section
        }
        return copy
    }
}

/// Reads single documents again, with their series' defaults, after loading: for a page that must
/// be rendered although its document came from the cache.
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
