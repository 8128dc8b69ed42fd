import JianbaoSupport

/// A folder of `Content/` with its `series.yml`: a briefing, or a collection of documents.
public struct Series: Sendable, Hashable {
    /// The folder name, used in addresses: `/<slug>/`.
    public var slug: String
    public var name: String
    public var kind: DocumentKind
    public var numbering: Numbering
    public var office: String?
    /// Shown under the name on the home page, optional.
    public var description: String?
    /// Documents sorted oldest first (by date, then number, then file name).
    public var documents: [Document]
    public var source: SourceLocation

    public init(slug: String, name: String, kind: DocumentKind, numbering: Numbering = .continuous,
                office: String? = nil, description: String? = nil, documents: [Document] = [], source: SourceLocation) {
        self.slug = slug
        self.name = name
        self.kind = kind
        self.numbering = numbering
        self.office = office
        self.description = description
        self.documents = documents
        self.source = source
    }
}

/// What `site.yml` says: the archive as a whole. Templates see these fields as `site.*`, by their names.
public struct SiteSettings: Sendable, Hashable, Codable {
    public var title: String
    /// Absolute, ending in `/`: feeds and the sitemap need full addresses.
    public var baseURL: String
    public var language: String
    /// Publish issues marked 内部资料 too.
    public var publishInternal: Bool

    public init(title: String, baseURL: String, language: String = "zh-CN", publishInternal: Bool = false) {
        self.title = title
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.language = language
        self.publishInternal = publishInternal
    }
}

/// The whole archive as loaded from `Content/`.
public struct Site: Sendable, Hashable {
    public var settings: SiteSettings
    public var series: [Series]

    public init(title: String, baseURL: String, language: String = "zh-CN", publishInternal: Bool = false, series: [Series] = []) {
        self.init(settings: SiteSettings(title: title, baseURL: baseURL, language: language, publishInternal: publishInternal),
                  series: series)
    }

    public init(settings: SiteSettings, series: [Series] = []) {
        self.settings = settings
        self.series = series
    }

    public var title: String {
        get { settings.title }
        set { settings.title = newValue }
    }

    public var baseURL: String { settings.baseURL }
    public var language: String { settings.language }

    public var publishInternal: Bool {
        get { settings.publishInternal }
        set { settings.publishInternal = newValue }
    }
}

extension Document {
    /// The order of a series: by date, then number, then file name.
    public static func archiveOrder(_ a: Document, _ b: Document) -> Bool {
        if a.date != b.date { return a.date < b.date }
        let na = a.briefing?.number ?? 0, nb = b.briefing?.number ?? 0
        if na != nb { return na < nb }
        return a.slug < b.slug
    }
}
