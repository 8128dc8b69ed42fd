import JianbaoContent
import JianbaoSupport

/// What a build can take from the last one instead of doing again: the documents it did not read
/// again (stubs, and how to read them in full), the digest of what each output file was made from,
/// and the search index's layout and texts. Empty for a build from nothing.
public struct LastBuild: Sendable {
    /// Source files whose document is a stub from the last build, without its body.
    public var reused: Set<String> = []
    /// Reads such a document in full, when its page must be made anew.
    public var reloader: DocumentReloader?
    /// By output path (see `DocumentCache.outputDigests`).
    public var outputDigests: [String: UInt64] = [:]
    /// What the last search index remembered (`SearchLayout.words`), and the texts it was made from
    /// by source file: with them only the shards a changed text touches are made again.
    public var searchLayout: [UInt64]?
    public var searchTexts: [String: String] = [:]

    public init() {}

    /// What `cache` (nil: none was usable) and this build's loading left to reuse.
    public init(cache: DocumentCache?, reused: Set<String>, reloader: DocumentReloader) {
        self.reused = reused
        self.reloader = reloader
        guard let cache else { return }
        outputDigests = cache.outputDigests
        searchLayout = cache.searchLayout
        if cache.searchLayout != nil { searchTexts = cache.entries.compactMapValues(\.searchText) }
    }
}
