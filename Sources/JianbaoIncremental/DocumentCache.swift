import JianbaoContent
import JianbaoModel
import JianbaoSupport

/// The documents of the last build, so that the next one reads again only the files that changed,
/// and what its pages and search index were made from. Kept beside the output
/// (`.public.jianbao-cache`), written only after a successful publish.
public struct DocumentCache: Sendable {
    /// Bumped when the file's layout changes. The model's shape needs none: a cache is used only by
    /// the executable that wrote it (`executable`), and its entries are the model's Codable form.
    public static let currentVersion = 7

    public var version = Self.currentVersion
    /// The jianbao executable that wrote it: a different one reads everything again.
    public var executable: String
    /// What the pages were rendered with (the templates' stamps): the digests below hold only then.
    public var renderKey: String = ""
    /// The digest of what each file of the output was made from (see `OutputJob.digest`), by its
    /// path below the output: a file whose digest is the same again is kept as it is.
    public var outputDigests: [String: UInt64] = [:]
    /// What the search index remembers of the build that wrote it, in words of its own
    /// (`SearchLayout.words`): the cache only keeps them.
    public var searchLayout: [UInt64]?
    public var entries: [String: Entry] = [:]
    /// The record each entry was read from (its length, checksum and bytes, a slice of the file
    /// read), by path: written again as it is when the entry did not change, which spares encoding
    /// ten thousand documents to change one.
    public var encodedEntries: [String: ArraySlice<UInt8>] = [:]

    public struct Entry: Sendable, Equatable, Codable {
        /// The document as loaded (a stub), its diagnostics and the stamps of its inputs.
        public var loaded: LoadedDocument
        /// The digest of the document's own values for templates (`SiteRenderer.OwnValues`), made
        /// from the document alone: the same while the document is.
        public var ownDigest: UInt64?
        /// The document's text as the search index holds it (see `SiteRenderer.searchText(of:)`): the
        /// index needs every document's text, and a stub has no body to take it from.
        public var searchText: String?

        public init(loaded: LoadedDocument, searchText: String? = nil) {
            self.loaded = loaded
            self.searchText = searchText
        }
    }

    public init(executable: String) {
        self.executable = executable
    }

    /// The stamp of the running executable, or "" when it cannot be had. Always of the real disk,
    /// whatever file system the build reads: it is the program, not its input.
    public static func executableStamp() -> String {
        DiskFileSystem().stamp(of: "/proc/self/exe")?.text ?? ""
    }
}
