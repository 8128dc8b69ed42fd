import JianbaoModel
import JianbaoSupport

/// Rules that need the whole site, run after every file has loaded on its own.
public enum SiteChecks {
    /// - Parameter reservedNames: the names of what the site has at its root besides the series
    ///   (`search`, `404.html`, `style.css` …), which no series may take.
    public static func run(_ site: Site, reservedNames: Set<String> = []) -> [Diagnostic] {
        reservedSeriesNames(site, reservedNames) + site.series.flatMap(NumberingRule.duplicates) + site.series.flatMap(duplicateAddresses)
    }

    /// A series whose folder name is that of a page or file at the site's root: one would overwrite
    /// the other (compared without case, as some disks and servers do).
    static func reservedSeriesNames(_ site: Site, _ reserved: Set<String>) -> [Diagnostic] {
        let lowercased = Set(reserved.map { $0.lowercased() })
        return site.series.filter { lowercased.contains($0.slug.lowercased()) }.map { series in
            .error(at: SourceLocation(file: Path.parent(series.source.file)),
                   "a series cannot be called `\(series.slug)`: the site has its own `\(series.slug)` at /\(series.slug)",
                   hint: "rename the folder; these names are taken: \(reserved.sorted().joined(separator: ", "))")
        }
    }

    /// Names a 公文's file may not have: its page would be at `<series>/<year>/<name>/`, and the
    /// year page is the file `<series>/<year>/index.html`.
    static let reservedDocumentNames: Set<String> = ["index.html"]

    /// Two documents that would be published at the same address (a 公文 and another 公文, or an
    /// issue whose number is the 公文's file name; two issues with one number are reported by
    /// `NumberingRule.duplicates`), and a 公文 whose name is that of the year page.
    static func duplicateAddresses(in series: Series) -> [Diagnostic] {
        var seen: [String: Document] = [:]
        var diagnostics: [Diagnostic] = []
        for document in series.documents {
            if !document.kind.isBriefing && reservedDocumentNames.contains(document.slug.lowercased()) {
                diagnostics.append(.error(
                    at: document.source, "a 公文 cannot be called `\(document.slug)`: /\(series.slug)/\(document.date.year)/\(document.slug) is the year page",
                    hint: "rename the file; a 公文's address is its year and file name"))
                continue
            }
            if let first = seen[document.outputFolder] {
                if first.kind.isBriefing && document.kind.isBriefing { continue }
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
