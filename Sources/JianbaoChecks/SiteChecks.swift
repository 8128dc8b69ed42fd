import JianbaoModel
import JianbaoSupport

/// Rules that need the whole site, run after every file has loaded on its own.
public enum SiteChecks {
    public static func run(_ site: Site) -> [Diagnostic] {
        site.series.flatMap(NumberingRule.duplicates) + site.series.flatMap(duplicateAddresses)
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
