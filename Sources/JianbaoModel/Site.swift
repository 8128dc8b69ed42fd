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
    /// Marked 政府信息公开 (`disclosure: true`): each 公文's page shows the 信息公开 block, and `check`
    /// asks for its 索引号 and 发布日期.
    public var disclosure: Bool
    /// Documents sorted oldest first (by date, then number, then file name).
    public var documents: [Document]
    public var source: SourceLocation

    public init(slug: String, name: String, kind: DocumentKind, numbering: Numbering = .continuous,
                office: String? = nil, description: String? = nil, disclosure: Bool = false, documents: [Document] = [],
                source: SourceLocation) {
        self.slug = slug
        self.name = name
        self.kind = kind
        self.numbering = numbering
        self.office = office
        self.description = description
        self.disclosure = disclosure
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
    // The marks a government website carries in every page's footer; each shows only when given.
    /// 主办单位.
    public var sponsor: String?
    /// 联系方式: lines such as 地址：…, 电话：…, in the order written.
    public var contact: [ContactLine]
    /// 网站标识码: the site's code in the national register of government websites (10 characters).
    public var siteCode: String?
    /// ICP备案编号, linked to MIIT's filing lookup.
    public var icpRecord: String?
    /// 公安机关备案号, linked to the record's page on the 全国互联网安全管理服务平台.
    public var policeRecord: String?
    /// Show the 党政机关网站标识 (issued by the 机构编制部门) in the footer.
    public var governmentMark: Bool
    /// The mark's image: a file in the content folder, relative to it, published at the same path.
    public var governmentMarkImage: String?
    /// What the mark links to: the site's certificate page (https://bszs.conac.cn/sitename?method=show&id=…).
    public var governmentMarkLink: String?
    /// Show 公文 seals (印章, 签名章) on the web pages too. Off by default: a seal image on a public
    /// site is easy to copy onto a forgery. Print pages (`jianbao pdf`) always show them.
    public var webSeals: Bool

    public init(title: String, baseURL: String, language: String = "zh-CN", publishInternal: Bool = false,
                sponsor: String? = nil, contact: [ContactLine] = [], siteCode: String? = nil, icpRecord: String? = nil,
                policeRecord: String? = nil, governmentMark: Bool = false, governmentMarkImage: String? = nil,
                governmentMarkLink: String? = nil, webSeals: Bool = false) {
        self.title = title
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.language = language
        self.publishInternal = publishInternal
        self.sponsor = sponsor
        self.contact = contact
        self.siteCode = siteCode
        self.icpRecord = icpRecord
        self.policeRecord = policeRecord
        self.governmentMark = governmentMark
        self.governmentMarkImage = governmentMarkImage
        self.governmentMarkLink = governmentMarkLink
        self.webSeals = webSeals
    }
}

/// One line of a site's 联系方式: 电话：0375-1234567 (a line may have no label).
public struct ContactLine: Sendable, Hashable, Codable {
    public var label: String?
    public var text: String

    public init(label: String?, text: String) {
        self.label = label
        self.text = text
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
