import JianbaoModel

/// Which documents reach `public/`: drafts never, 内部资料 only when the site allows it.
public struct Publication: Sendable {
    public var site: Site
    public var leftOutInternal: Int
    public var leftOutDrafts: Int

    /// - Parameter includeDrafts: keep drafts (the local preview shows them, marked 草稿).
    public init(site: Site, includeDrafts: Bool = false) {
        var published = site
        var internalCount = 0, draftCount = 0
        for index in published.series.indices {
            published.series[index].documents = published.series[index].documents.filter { document in
                if document.draft && !includeDrafts {
                    draftCount += 1
                    return false
                }
                if document.isInternal && !site.publishInternal {
                    internalCount += 1
                    return false
                }
                return true
            }
        }
        self.site = published
        self.leftOutInternal = internalCount
        self.leftOutDrafts = draftCount
    }
}
