import JianbaoModel
import JianbaoSupport

/// `jianbao new`: writes the next issue of a series (or a new 公文) for the clerk to fill in.
public struct IssueCreator: Sendable {
    public struct Request: Sendable {
        public var series: String
        /// Today in China when nil.
        public var date: SimpleDate?
        /// The next free 第N期 when nil.
        public var number: Int?
        /// The series' kind when nil.
        public var kind: DocumentKind?

        public init(series: String, date: SimpleDate? = nil, number: Int? = nil, kind: DocumentKind? = nil) {
            self.series = series
            self.date = date
            self.number = number
            self.kind = kind
        }
    }

    public struct Created: Sendable, Equatable {
        public var path: String
        /// 第N期 for a briefing; nil for a 公文.
        public var number: Int?
        public var text: String
    }

    public let content: String
    public let fileSystem: any FileSystem

    public init(content: String = "Content", fileSystem: any FileSystem = DiskFileSystem()) {
        self.content = content
        self.fileSystem = fileSystem
    }

    /// Writes the file; never replaces one that exists.
    public func create(_ request: Request, today: SimpleDate = .todayInChina()) throws(DiagnosticsError) -> Created {
        let loaded = try SeriesFile.load(slug: request.series, content: content, fileSystem: fileSystem)
        let kind = request.kind ?? loaded.series.kind
        let date = request.date ?? today
        let folder = Path.join(content, request.series, "\(date.year)")
        let created: Created
        if kind.isBriefing {
            let number = request.number ?? nextNumber(in: loaded.series, on: date)
            if request.number != nil, let taken = issue(numbered: number, in: loaded.series, on: date) {
                throw DiagnosticsError([.error(at: taken.source, "第\(number)期 already exists in the series `\(request.series)`",
                                              hint: "leave out --number to get the next free one")])
            }
            let path = Path.join(folder, "\(number).md")
            created = Created(path: path, number: number, text: briefingText(number: number, date: date, series: loaded))
        } else {
            let path = Path.join(folder, "\(kind.rawValue)-\(date.iso).md")
            created = Created(path: path, number: nil, text: officialText(kind: kind, date: date, series: loaded))
        }
        if fileSystem.exists(created.path) {
            throw DiagnosticsError([.error(at: SourceLocation(file: created.path), "the file already exists; jianbao new never replaces a file",
                                          hint: kind.isBriefing ? "give another number with --number N" : "rename the existing file, or give another date with --date")])
        }
        do {
            try fileSystem.write(created.text, to: created.path)
        } catch {
            throw DiagnosticsError([.error(at: SourceLocation(file: created.path), error.message)])
        }
        return created
    }

    /// One more than the highest regular 第N期 (of the date's year when numbering is yearly).
    func nextNumber(in series: Series, on date: SimpleDate) -> Int {
        let numbers = series.documents.compactMap { document -> Int? in
            guard let briefing = document.briefing, briefing.special?.isSupplement != true else { return nil }
            if series.numbering == .yearly && document.date.year != date.year { return nil }
            return briefing.number
        }
        return (numbers.max() ?? 0) + 1
    }

    private func issue(numbered number: Int, in series: Series, on date: SimpleDate) -> Document? {
        series.documents.first { document in
            guard let briefing = document.briefing, briefing.special?.isSupplement != true, briefing.number == number else { return false }
            return series.numbering == .continuous || document.date.year == date.year
        }
    }

    private func briefingText(number: Int, date: SimpleDate, series: SeriesFile) -> String {
        var lines = ["---", "number: \(number)", "date: \(date.iso)"]
        if series.series.kind != .briefing { lines.append("kind: briefing") }
        lines += ["# total: 58          # 总第N期", "# column: 工作动态", "# draft: true        # checked, never published"]
        lines += commentedDefaults(series)
        lines += ["---", "", "# 文章标题", "", "正文……", ""]
        return lines.joined(separator: "\n")
    }

    private func officialText(kind: DocumentKind, date: SimpleDate, series: SeriesFile) -> String {
        var lines = ["---"]
        if kind != series.series.kind { lines.append("kind: \(kind.rawValue)") }
        lines += ["title: 关于……的\(kind.label)", "date: \(date.iso)"]
        if kind == .notice {
            lines += ["# doc_number: ……〔\(date.year)〕N号", "# addressees: 各……"]
        }
        lines += ["# attachments: [附件名称]", "# draft: true"]
        lines += ["# 政府信息公开, shown above the text on the web page (never printed):",
                  "# index_number: ……/\(date.year)-00001   # 索引号",
                  "# topic: 综合政务                    # 主题分类",
                  "# published_on: \(date.iso)          # 发布日期",
                  "# validity: 有效                     # 有效性"]
        lines.append("# The series gives these; uncomment a line to change it for this document:")
        for key in ["issuer", "signed_by", "cc", "printed_by"] {
            lines.append("# \(key): \(series.value(key) ?? "")")
        }
        lines += ["---", "", "正文……", ""]
        return lines.joined(separator: "\n")
    }

    /// The series' trailer and print count as comments, so the clerk sees what the issue gets.
    private func commentedDefaults(_ series: SeriesFile) -> [String] {
        let defaults = series.trailerDefaults
        guard !defaults.isEmpty else {
            return ["# The series has no trailer defaults: end the text with lines such as 报：… and （共印80份）"]
        }
        return ["# The series gives this 报尾; uncomment and change a line for this issue only:"] + defaults.map { "# " + $0 }
    }
}
