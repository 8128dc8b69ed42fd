import JianbaoModel

/// Which documents `jianbao pdf` prints, in the archive's own words: a series folder name
/// (`jianbao`), a year (`2024`), an issue number (`第19期`, `19`, `增刊第1期`), a 公文's file name
/// (`puzhi-shiban-2020-8`), or a path to the source or the page (`Content/jianbao/2024/19.md`,
/// `jianbao/2024/19`). No words, or `all`, is everything published.
///
/// Words of the same kind widen the selection (`2023 2024` is either year); words of different kinds
/// narrow it (`jianbao 2024` is the 2024 issues of that series).
public struct Selection: Sendable, Equatable {
    public var words: [String]

    public init(_ words: [String]) {
        self.words = words.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }

    /// One word, understood.
    enum Criterion: Sendable, Equatable {
        case series(String)
        case year(Int)
        case number(Int, supplement: Bool)
        case document(String)

        var group: Int {
            switch self {
            case .series: return 0
            case .year: return 1
            case .number: return 2
            case .document: return 3
            }
        }

        func matches(_ document: Document) -> Bool {
            switch self {
            case .series(let slug): return document.seriesSlug == slug
            case .year(let year): return document.date.year == year
            case .number(let number, let supplement):
                guard let briefing = document.briefing else { return false }
                return briefing.number == number && (briefing.special?.isSupplement == true) == supplement
            case .document(let folder): return document.outputFolder == folder
            }
        }
    }

    /// The published documents the words name, in archive order; an error names a word that means
    /// nothing here, or says that the words together select nothing.
    public func resolve(in site: Site) throws(PrintError) -> [Document] {
        let all = site.series.flatMap(\.documents)
        var criteria: [Criterion] = []
        for word in words where word.lowercased() != "all" {
            guard let criterion = Self.understand(word, in: site) else {
                throw .unknownSelection(word: word, hint: Self.vocabulary(of: site))
            }
            criteria.append(criterion)
        }
        let groups = Dictionary(grouping: criteria, by: \.group)
        let chosen = all.filter { document in
            groups.values.allSatisfy { group in group.contains { $0.matches(document) } }
        }
        if chosen.isEmpty {
            throw .nothingSelected(selection: words.joined(separator: " "), hint: Self.vocabulary(of: site))
        }
        return chosen
    }

    static func understand(_ word: String, in site: Site) -> Criterion? {
        let documents = site.series.flatMap(\.documents)
        if site.series.contains(where: { $0.slug == word }) { return .series(word) }
        if word.count == 4, let year = Int(word), year >= 1900 { return .year(year) }
        if let number = Int(word), number > 0 { return .number(number, supplement: false) }
        for (prefix, supplement) in [("增刊第", true), ("第", false)] where word.hasPrefix(prefix) && word.hasSuffix("期") {
            if let number = Int(word.dropFirst(prefix.count).dropLast()), number > 0 {
                return .number(number, supplement: supplement)
            }
        }
        // A path: to the source file, the page, or the page's folder, with or without the content or
        // output folder in front.
        var path = word
        for suffix in ["/index.html", "/", ".md", ".pdf", ".html"] where path.hasSuffix(suffix) {
            path.removeLast(suffix.count)
        }
        if let document = documents.first(where: { document in
            let source = String(document.source.file.dropLast(document.source.file.hasSuffix(".md") ? 3 : 0))
            return path == document.outputFolder || path.hasSuffix("/" + document.outputFolder)
                || path == source || source.hasSuffix("/" + path)
        }) {
            return .document(document.outputFolder)
        }
        if let document = documents.first(where: { $0.official != nil && $0.slug == path }) {
            return .document(document.outputFolder)
        }
        return nil
    }

    /// What can be said: the series, the years and the numbers that exist.
    static func vocabulary(of site: Site) -> String {
        let documents = site.series.flatMap(\.documents)
        let years = Set(documents.map(\.date.year)).sorted().map(String.init)
        let numbers = documents.compactMap { $0.briefing.map { "第\($0.number)期" } }
        var parts = ["series: " + site.series.map(\.slug).joined(separator: ", ")]
        if !years.isEmpty { parts.append("years: " + years.joined(separator: ", ")) }
        if !numbers.isEmpty { parts.append("issues: " + numbers.joined(separator: ", ")) }
        return "say a series, a year, an issue (第19期 or 19), a 公文's file name, or nothing for everything; here: "
            + parts.joined(separator: "; ")
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
