// The values of a government website's conventions (see Contexts.swift for how templates see them):
// the footer marks' addresses, the 政府信息公开 block of a 公文, and a series' pages by 主题分类.

/// Addresses made from site.yml's footer marks (`site.*` holds their texts).
struct SiteMarksContext: Codable {
    /// Whether the footer shows any mark at all.
    let shown: Bool
    /// MIIT's ICP filing lookup, when there is an `icp_record`.
    let icpURL: String?
    /// The 公安 record's page on the 全国互联网安全管理服务平台, when there is a `police_record`.
    let policeURL: String?
    /// The 党政机关网站标识's image, relative to the page, when `government_mark` is true.
    let governmentMarkURL: String?
}

/// A 公文's 政府信息公开 fields, on its page and in its feeds' entries.
struct DisclosureContext: Codable {
    /// 索引号.
    let indexNumber: String?
    /// 主题分类.
    let topic: String?
    /// 发文机关: the 署名, or the 发文机关标志 without 文件.
    let issuingAuthority: String?
    /// 成文日期 (the document's `date`).
    let dateText: String
    let dateISO: String
    /// 标题.
    let title: String
    /// 发文字号.
    let docNumber: String?
    /// 发布日期.
    let publishedOnText: String?
    let publishedOnISO: String?
    /// 有效性.
    let validity: String?
}

/// A 主题分类 of a series, linked from the series page and the topic pages.
struct TopicLinkContext: Codable {
    let name: String
    let count: Int
    let url: String
    let isCurrent: Bool
}

/// The page of one 主题分类 of a series: its documents by year, newest first.
struct TopicPageContext: Codable {
    let name: String
    let count: Int
    let years: [YearContext]
}

struct TopicValues: Codable {
    let series: SeriesPageContext
    let topicPage: TopicPageContext
    let allTopics: [TopicLinkContext]
}
