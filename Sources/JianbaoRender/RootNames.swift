import JianbaoSupport

extension SiteRenderer {
    /// What the site has at its root besides the series' folders and the templates' assets: the
    /// home page, the 404 page, the sitemap, robots.txt and the search folder. A series may not take
    /// one of these names (see `SiteChecks.reservedSeriesNames`); `reservedNames(assets:)` adds the
    /// assets' top-level names.
    public static let rootNames: Set<String> = ["index.html", "404.html", "sitemap.xml", "robots.txt", "search"]

    /// `rootNames` and the first part of every asset's path (`style.css`, `fonts` for `fonts/a.woff2`).
    public static func reservedNames(assets: [String]) -> Set<String> {
        rootNames.union(assets.compactMap { $0.split(separator: "/").first.map(String.init) })
    }
}

extension SiteRenderer {
    /// A folder below the site root as it is written in a link (`WebAddress.path`): every address the
    /// templates get from a series' folder name or a file name is made with this.
    static func address(_ folder: String) -> String {
        WebAddress.path(folder)
    }
}
