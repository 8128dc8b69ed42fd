import JianbaoModel
import JianbaoSupport

/// How 第N期 runs in a series.
enum NumberingRule {
    /// Two issues of a series with the same 第N期 (per year when numbering restarts yearly);
    /// supplements (增刊) count in their own sequence.
    static func duplicates(in series: Series) -> [Diagnostic] {
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
}
