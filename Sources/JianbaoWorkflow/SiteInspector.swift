import Jianbao
import JianbaoChecks
import JianbaoContent
import JianbaoModel
import JianbaoSupport

/// `jianbao check`: everything `build` refuses, plus what an editor should hear before publishing.
/// It reads and never writes.
public struct SiteInspector: Sendable {
    public let options: BuildOptions
    public let fileSystem: any FileSystem
    /// The day against which "dated in the future" is judged (today in China by default).
    public let today: SimpleDate

    public init(options: BuildOptions, fileSystem: any FileSystem = DiskFileSystem(), today: SimpleDate = .todayInChina()) {
        self.options = options
        self.fileSystem = fileSystem
        self.today = today
    }

    /// Every finding, sorted by file, line and column.
    public func inspect() -> [Diagnostic] {
        let checked = Builder(options: options, fileSystem: fileSystem).loadAndCheck()
        var findings = checked.diagnostics
        if let site = checked.site {
            // Drafts and unpublished 内部资料 are no pages of the archive: a link to one is dead there.
            let pages = Self.pageFolders(of: Publication(site: site).site)
            for series in site.series {
                findings += NumberingRule.warnings(in: series)
                for document in series.documents {
                    findings += inspect(document, in: series, pages: pages)
                }
            }
        }
        return Array(Set(findings)).sorted()
    }

    private func source(of document: Document) -> SourceLines {
        let text = (try? fileSystem.read(document.source.file)).flatMap(ContentRules.decode) ?? ""
        return SourceLines(file: document.source.file, text: text)
    }

    // MARK: One document

    func inspect(_ document: Document, in series: Series, pages: Set<String>) -> [Diagnostic] {
        let lines = source(of: document)
        var findings: [Diagnostic] = []
        if today < document.date {
            findings.append(.warning(at: lines.frontMatterKey("date"), "dated \(document.date.iso), in the future (today is \(today.iso) in China)",
                                     hint: "check `date:`; an issue is dated the day it is issued"))
        }
        findings += missingFields(document, lines)
        findings += disclosureFields(document, in: series, lines)
        findings += trailerLines(document, lines)
        findings += links(document, lines, pages: pages)
        return findings
    }

    /// Masthead fields and trailer lines that neither the file nor its series gives.
    func missingFields(_ document: Document, _ lines: SourceLines) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let top = SourceLocation(file: lines.file, line: 1, column: 1)
        switch document.fields {
        case .briefing(let fields):
            if fields.office == nil {
                findings.append(.warning(at: top, "the masthead has no 编印单位: neither the file nor series.yml gives `office`",
                                         hint: "add `office: …` to series.yml"))
            }
            if document.trailer.distribution.isEmpty {
                findings.append(.warning(at: lines.end, "the 报尾 has no 报/送/发 line, and the series gives none",
                                         hint: "end the text with lines such as 报：…, or add `trailer:` to series.yml"))
            }
            if !document.trailer.lines.contains(where: { ["编校", "编辑", "责任编辑"].contains($0.label) }) {
                findings.append(.warning(at: lines.end, "the 报尾 has no 编校 (or 编辑) line, and the series gives none",
                                         hint: "end the text with 编校：…, or add it under `trailer:` in series.yml"))
            }
            if document.trailer.copies == nil {
                findings.append(.warning(at: lines.end, "the 报尾 has no print count （共印N份）, and the series gives none",
                                         hint: "end the text with （共印80份）, or add `copies: 80` to series.yml"))
            }
        case .official(let fields):
            if fields.issuer == nil {
                findings.append(.warning(at: top, "no 发文机关标志: neither the file nor series.yml gives `issuer`",
                                         hint: "add `issuer: …`"))
            }
            if fields.signedBy == nil {
                findings.append(.warning(at: top, "no 落款: neither the file nor series.yml gives `signed_by`",
                                         hint: "add `signed_by: …`, the office that issues it"))
            }
            if document.kind == .notice && fields.docNumber == nil {
                findings.append(.warning(at: top, "the notice has no 发文字号 (`doc_number`)", hint: "add e.g. `doc_number: 鲁法办〔2024〕3号`"))
            }
            let sections = Set(document.sections.compactMap(\.attachmentNumber))
            for (index, name) in fields.attachments.enumerated() where !sections.contains(index + 1) && !(index == 0 && sections.contains(0)) {
                findings.append(.warning(at: lines.frontMatterKey("attachments"), "附件\(index + 1) `\(name)` is listed but the text has no `# 附件\(index + 1)`",
                                         hint: "add the attachment's text under `# 附件\(index + 1)`, or publish it as a file"))
            }
        }
        return findings
    }

    /// A 公文 of a series marked 信息公开 without the 索引号 or the 发布日期 its 信息公开 block shows, and
    /// a 发布日期 before the 成文日期 (a document is made public after it is written).
    func disclosureFields(_ document: Document, in series: Series, _ lines: SourceLines) -> [Diagnostic] {
        guard let fields = document.official else { return [] }
        var findings: [Diagnostic] = []
        if let published = fields.publishedOn, published < document.date {
            findings.append(.warning(at: lines.frontMatterKey("published_on"),
                                     "published on \(published.iso), before it was written (`date: \(document.date.iso)`, its 成文日期)",
                                     hint: "check `published_on:` and `date:`; the 发布日期 is the day it was made public"))
        }
        guard series.disclosure else { return findings }
        let top = SourceLocation(file: lines.file, line: 1, column: 1)
        if fields.indexNumber == nil {
            findings.append(.warning(at: top, "no 索引号 (`index_number`), and the series is marked 信息公开 (`disclosure: true`)",
                                     hint: "add `index_number: …`, the number the office's 信息公开 catalogue gives it, e.g. 000000000/2024-00003"))
        }
        if fields.publishedOn == nil {
            findings.append(.warning(at: top, "no 发布日期 (`published_on`), and the series is marked 信息公开 (`disclosure: true`)",
                                     hint: "add `published_on: YYYY-MM-DD`, the day it was made public"))
        }
        return findings
    }

    /// 共印 that is not a positive whole number, and labels that look like typos of known ones.
    func trailerLines(_ document: Document, _ lines: SourceLines) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let block = lines.trailingBlock { line in
            ContentRules.trailerLine(line) != nil || line.contains("共印") || TrailerLabelTypos.labelBeforeColon(line) != nil
        }
        for (number, text) in block {
            let at = SourceLocation(file: lines.file, line: number, column: 1)
            if let recognized = ContentRules.trailerLine(text) {
                if recognized.copies == 0 {
                    findings.append(.warning(at: at, "the print count is 0: （共印0份）", hint: "write the number of copies printed, e.g. （共印80份）"))
                }
                continue
            }
            if text.contains("共印") {
                findings.append(.warning(at: at, "`\(text.trimmingSpaces)` is not read as the print count",
                                         hint: "write it as （共印80份）, with Arabic digits, a number above 0"))
            } else if let typo = TrailerLabelTypos.intendedLabel(of: text) {
                let meant = typo.meant.map { "`\($0)：`" }.joined(separator: " or ")
                findings.append(.warning(at: at, "`\(typo.written)：` is not a trailer label; did you mean \(meant)?",
                                         hint: "trailer labels: \(Trailer.knownLabels.joined(separator: " ")); this line stays in the text"))
            }
        }
        return findings
    }

    // MARK: Links between pages

    /// Every page folder of the archive, as a path below the output root without slashes at the ends
    /// (`""` is the home page).
    static func pageFolders(of site: Site) -> Set<String> {
        var pages: Set<String> = [""]
        for series in site.series {
            pages.insert(series.slug)
            for document in series.documents { pages.insert(document.outputFolder) }
        }
        return pages
    }

    /// Relative links to pages of the archive that will not exist.
    func links(_ document: Document, _ lines: SourceLines, pages: Set<String>) -> [Diagnostic] {
        let html = ([document.noteHTML ?? "", document.leadHTML] + document.sections.map(\.html)).joined()
        var findings: [Diagnostic] = []
        for href in Self.hrefs(in: html) {
            guard let target = Self.pageTarget(of: href, from: document.outputFolder), !pages.contains(target) else { continue }
            // The column of the address itself, after `](`.
            let at = lines.find("](\(href)").map { SourceLocation(file: $0.file, line: $0.line, column: ($0.column ?? 1) + 2) }
                ?? lines.find(href) ?? SourceLocation(file: lines.file, line: 1, column: 1)
            findings.append(.warning(at: at, "the link `\(href)` points to /\(target)/, which is not a page of the published archive",
                                     hint: "link to a published page (not a draft or 内部资料), e.g. ../../2024/19/index.html for 第19期 of 2024 from a page of the same series"))
        }
        return findings
    }

    static func hrefs(in html: String) -> [String] {
        var result: [String] = []
        var rest = html[...]
        while let start = rest.firstRange(of: "href=\"") {
            let after = rest[start.upperBound...]
            guard let end = after.firstIndex(of: "\"") else { break }
            result.append(String(after[..<end]).replacingHTMLQuotes)
            rest = after[after.index(after: end)...]
        }
        return result
    }

    /// The page folder a link leads to, below the output root; nil for outside addresses, anchors and files.
    static func pageTarget(of href: String, from folder: String) -> String? {
        var path = String(href.prefix { $0 != "#" && $0 != "?" })
        if path.isEmpty || path.contains(":") || path.hasPrefix("//") { return nil }
        let last = Path.lastComponent(path)
        if last == "index.html" {
            path = String(path.dropLast(last.count))
        } else if Path.fileExtension(last) != "" {
            return nil  // a file (image, PDF, feed): the loader checks those it publishes
        }
        let absolute = path.hasPrefix("/") ? String(path.dropFirst()) : Path.join(folder, path)
        return Path.normalizedRelative(absolute) ?? "../"
    }
}

extension String {
    fileprivate var replacingHTMLQuotes: String {
        self.replacingAll("&amp;", with: "&").replacingAll("&quot;", with: "\"")
    }

    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
