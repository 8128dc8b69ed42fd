import JianbaoModel
import JianbaoSupport

// What a Chinese government website carries beyond the documents: the footer marks with their
// conventional links, the 政府信息公开 block of a 公文 (and its JSON Feed object), and a series'
// pages by 主题分类.

extension SiteRenderer {
    /// MIIT's ICP filing lookup, where a site's ICP备案编号 links (工业和信息化部政务服务平台).
    static let icpLookupURL = "https://beian.miit.gov.cn/"
    /// The 全国互联网安全管理服务平台, where a site's 公安机关备案号 links.
    static let policeRecordSite = "https://beian.mps.gov.cn/"

    // MARK: The footer marks

    /// The footer marks' addresses on a page whose way up to the site root is `root`.
    func marksContext(root: String) -> SiteMarksContext {
        let settings = site.settings
        let markImage = settings.governmentMark ? settings.governmentMarkImage : nil
        let shown = settings.sponsor != nil || !settings.contact.isEmpty || settings.siteCode != nil || settings.icpRecord != nil
            || settings.policeRecord != nil || markImage != nil
        return SiteMarksContext(
            shown: shown, icpURL: settings.icpRecord == nil ? nil : Self.icpLookupURL,
            policeURL: settings.policeRecord.map(Self.policeRecordURL),
            governmentMarkURL: markImage.map { root + Self.address($0) })
    }

    /// The record's page: the platform's query by the record's number (豫公网安备 41000002000003号 →
    /// `…#/query/webSearch?code=41000002000003`), or the platform itself when the text has no digits.
    static func policeRecordURL(_ record: String) -> String {
        let digits = String(record.unicodeScalars.filter { ("0"..."9").contains($0) })
        return digits.isEmpty ? policeRecordSite : policeRecordSite + "#/query/webSearch?code=" + digits
    }

    // MARK: 政府信息公开

    func disclosureContext(_ document: Document, _ fields: OfficialFields) -> DisclosureContext {
        DisclosureContext(
            indexNumber: fields.indexNumber, topic: fields.topic, issuingAuthority: fields.issuingAuthority,
            dateText: document.date.chinese, dateISO: document.date.iso, title: fields.title, docNumber: fields.docNumber,
            publishedOnText: fields.publishedOn?.chinese, publishedOnISO: fields.publishedOn?.iso, validity: fields.validity)
    }

    /// The JSON Feed item's `_disclosure` object (a custom extension, as JSON Feed 1.1 allows): the
    /// fields under their front-matter names, dates as YYYY-MM-DD, absent ones left out.
    static func jsonDisclosure(_ disclosure: DisclosureContext) -> String {
        let members: [(String, String?)] = [
            ("index_number", disclosure.indexNumber), ("topic", disclosure.topic), ("issuing_authority", disclosure.issuingAuthority),
            ("date", disclosure.dateISO), ("title", disclosure.title), ("doc_number", disclosure.docNumber),
            ("published_on", disclosure.publishedOnISO), ("validity", disclosure.validity),
        ]
        return JSONText.object(members.compactMap { name, value in value.map { (name, JSONText.string($0)) } })
    }

    // MARK: 主题分类

    /// A series' topics, most documents first, each with its folder name and its documents (oldest first).
    func topics(of series: Series) -> [(name: String, folder: String, documents: [Document])] {
        var byTopic: [String: [Document]] = [:]
        for document in series.documents {
            guard let topic = document.official?.topic else { continue }
            byTopic[topic, default: []].append(document)
        }
        let ordered = byTopic.sorted { a, b in a.value.count != b.value.count ? a.value.count > b.value.count : a.key < b.key }
        var taken: Set<String> = []
        return ordered.map { name, documents in
            let base = Self.topicFolder(name)
            var folder = base
            var number = 2
            while taken.contains(folder) {
                folder = "\(base)-\(number)"
                number += 1
            }
            taken.insert(folder)
            return (name, folder, documents)
        }
    }

    /// A file name may hold 255 bytes (Linux, macOS): room is left for the `-2` of a second topic
    /// cut to the same name.
    static let topicFolderBytes = 200

    /// A topic's folder name: its text, with what a path or an address cannot hold (`/ \ ? # % :` …,
    /// spaces, control characters, a leading dot) made `-`, cut to at most `topicFolderBytes`.
    static func topicFolder(_ topic: String) -> String {
        let unsafe: Set<Character> = ["/", "\\", "?", "#", "%", ":", "*", "\"", "'", "<", ">", "|", "&", "+", "[", "]", "{", "}", "^", "`"]
        var folder = ""
        for character in topic {
            guard folder.utf8.count + character.utf8.count <= topicFolderBytes else { break }
            let replaced = unsafe.contains(character) || character.isWhitespace
                || character.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
            if replaced {
                if !folder.hasSuffix("-") { folder.append("-") }
            } else {
                folder.append(character)
            }
        }
        while folder.hasPrefix(".") || folder.hasPrefix("-") { folder.removeFirst() }
        while folder.hasSuffix("-") { folder.removeLast() }
        return folder.isEmpty ? "topic" : folder
    }

    func topicLinks(_ series: Series, from folder: String, current: String? = nil) -> [TopicLinkContext] {
        let root = Self.relativeRoot(of: folder)
        return topics(of: series).map { topic in
            TopicLinkContext(name: topic.name, count: topic.documents.count, url: root + Self.address("\(series.slug)/topics/\(topic.folder)") + "/index.html",
                             isCurrent: topic.name == current)
        }
    }

    func topicPages(_ series: Series) -> [OutputJob] {
        let templates = templates
        return topics(of: series).map { topic in
            OutputJob.listing("\(series.slug)/topics/\(topic.folder)/index.html", "topic", templates) {
                topicValues(series, topic: topic.name, folder: topic.folder, documents: topic.documents)
            }
        }
    }

    func topicValues(_ series: Series, topic: String, folder topicFolder: String, documents: [Document]) -> TopicPage {
        let folder = "\(series.slug)/topics/\(topicFolder)"
        let page = pageValues(folder: folder, title: "\(series.name) \(topic) · \(site.title)")
        let root = Self.relativeRoot(of: folder)
        let seriesFolder = root + Self.address(series.slug)
        let summary = SeriesPageContext(
            name: series.name, office: series.office, kindLabel: Self.kindLabel(of: series), url: seriesFolder + "/index.html",
            feedURL: seriesFolder + "/feed.xml", jsonFeedURL: seriesFolder + "/feed.json", count: series.documents.count)
        var years: [YearContext] = []
        for document in documents.reversed() {
            let year = "\(document.date.year)"
            let entry = entry(document, root: root)
            if years.last?.year == year {
                years[years.count - 1] = YearContext(year: year, entries: years[years.count - 1].entries + [entry])
            } else {
                years.append(YearContext(year: year, entries: [entry]))
            }
        }
        return TopicPage(page, TopicValues(series: summary, topicPage: TopicPageContext(name: topic, count: documents.count, years: years),
                                           allTopics: topicLinks(series, from: folder, current: topic)))
    }
}
