import JianbaoModel
import JianbaoSupport

/// How 第N期 runs in a series: each number once (an error, `build` refuses it), and without gaps,
/// going up with the dates (warnings, from `jianbao check`). Per year when the series numbers
/// yearly; supplements (增刊) count in their own sequence.
public enum NumberingRule {
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

    /// Gaps in 第N期 and numbers out of date order, pointed at the `number:` and `date:` lines.
    public static func warnings(in series: Series) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let regular = series.documents.filter { $0.briefing != nil && $0.briefing?.special?.isSupplement != true }
        let scopes = Dictionary(grouping: regular) { series.numbering == .yearly ? $0.date.year : 0 }
        for (_, issues) in scopes {
            let sorted = issues.sorted { $0.briefing!.number < $1.briefing!.number }
            for (previous, issue) in zip(sorted, sorted.dropFirst()) {
                let before = previous.briefing!.number, number = issue.briefing!.number
                if number > before + 1 {
                    let missing = number == before + 2 ? "第\(before + 1)期 is" : "第\(before + 1)期 to 第\(number - 1)期 are"
                    findings.append(.warning(at: issue.location(ofKey: "number"),
                                             "第\(number)期 follows 第\(before)期: \(missing) missing",
                                             hint: "check the number, or add the missing issues to the archive"))
                }
                if issue.date < previous.date {
                    findings.append(.warning(at: issue.location(ofKey: "date"),
                                             "第\(number)期 is dated \(issue.date.iso), before 第\(before)期 (\(previous.date.iso))",
                                             hint: "numbers go up with the dates: check `date:` and `number:`"))
                }
            }
        }
        return findings
    }
}
