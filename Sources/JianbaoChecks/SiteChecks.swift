import JianbaoModel
import JianbaoSupport

/// Rules that need the whole site, run after every file has loaded on its own.
public enum SiteChecks {
    public static func run(_ site: Site) -> [Diagnostic] {
        site.series.flatMap(duplicateNumbers) + site.series.flatMap(duplicateAddresses)
    }

    /// Two issues of a series with the same 第N期 (per year when numbering restarts yearly);
    /// supplements (增刊) count in their own sequence.
    static func duplicateNumbers(in series: Series) -> [Diagnostic] {
        var seen: [String: Document] = [:]
        var diagnostics: [Diagnostic] = []
        for document in series.documents {
            guard let briefing = document.briefing else { continue }
            let sequence = briefing.special?.isSupplement == true ? "增刊" : "regular"
            let year = series.numbering == .yearly ? "\(document.date.year)" : "all"
            let key = "\(sequence)/\(year)/\(briefing.number)"
            if let first = seen[key] {
                let scope = series.numbering == .yearly ? " of \(document.date.year)" : ""
                diagnostics.append(.error(
                    at: document.location(ofKey: "number"),
                    "\(briefing.numberText)\(scope) is used twice in the series `\(series.slug)`: here and in \(first.location(ofKey: "number").description)",
                    hint: "give one of them the next free number (`number:` in its front matter)"))
            } else {
                seen[key] = document
            }
        }
        return diagnostics
    }

    /// Two documents that would be published at the same address.
    static func duplicateAddresses(in series: Series) -> [Diagnostic] {
        var seen: [String: Document] = [:]
        var diagnostics: [Diagnostic] = []
        for document in series.documents where !document.kind.isBriefing {
            if let first = seen[document.outputFolder] {
                diagnostics.append(.error(
                    at: document.source,
                    "this document and \(first.source.file) would both be published at /\(document.outputFolder)/",
                    hint: "rename one of the files: a 公文's address is its year and file name"))
            } else {
                seen[document.outputFolder] = document
            }
        }
        return diagnostics
    }
}

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
