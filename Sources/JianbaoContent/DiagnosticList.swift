import JianbaoSupport

/// The diagnostics of one file, at most `limit` of them: errors first, then the earliest in the
/// file; the rest are counted and named in one more diagnostic (an error when any of them is one,
/// so the build still fails). A file of 300,000 stray tags would otherwise hold 300,000 warnings in
/// memory and print them all.
struct DiagnosticList {
    static let defaultLimit = 100

    let file: String
    let limit: Int
    private var kept: [Diagnostic] = []
    private var droppedErrors = 0
    private var droppedWarnings = 0

    init(file: String, limit: Int = Self.defaultLimit) {
        self.file = file
        self.limit = limit
    }

    mutating func append(_ diagnostic: Diagnostic) {
        guard accepts(diagnostic.severity, at: diagnostic.location) else {
            count(diagnostic.severity)
            return
        }
        kept.append(diagnostic)
        if kept.count >= 2 * limit { trim() }
    }

    /// Whether a diagnostic of `severity` at `location` would be kept: once the list is full, one
    /// after the last kept is not, and need not even be made (only counted). Files are read from
    /// start to end, so past the first few hundred problems this is one comparison.
    mutating func accepts(_ severity: Diagnostic.Severity, at location: SourceLocation) -> Bool {
        guard let threshold, !Self.precedes((severity, location), threshold) else { return true }
        count(severity)
        return false
    }

    /// The last diagnostic kept at the last trim: nothing after it can be kept any more.
    private var threshold: (Diagnostic.Severity, SourceLocation)?

    private mutating func count(_ severity: Diagnostic.Severity) {
        if severity == .error { droppedErrors += 1 } else { droppedWarnings += 1 }
    }

    /// Errors first, then by line and column (one file: comparing the file names was most of the time).
    private static func precedes(_ a: (Diagnostic.Severity, SourceLocation), _ b: (Diagnostic.Severity, SourceLocation)) -> Bool {
        if a.0 != b.0 { return a.0 == .error }
        if a.1.line != b.1.line { return (a.1.line ?? 0) < (b.1.line ?? 0) }
        return (a.1.column ?? 0) < (b.1.column ?? 0)
    }

    mutating func append(contentsOf diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { append(diagnostic) }
    }

    var hasErrors: Bool { droppedErrors > 0 || kept.hasErrors }

    /// The kept diagnostics, changed by `transform` (e.g. to turn byte columns into characters),
    /// and the one that counts the others.
    func finished(_ transform: ([Diagnostic]) -> [Diagnostic] = { $0 }) -> [Diagnostic] {
        var list = self
        list.trim()
        var result = transform(list.kept)
        let dropped = list.droppedErrors + list.droppedWarnings
        if dropped > 0 {
            let parts = [(list.droppedErrors, "error"), (list.droppedWarnings, "warning")].filter { $0.0 > 0 }
                .map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }.joined(separator: " and ")
            result.append(Diagnostic(list.droppedErrors > 0 ? .error : .warning, at: SourceLocation(file: file),
                                     "\(parts) more in this file not shown (only the first \(limit) are)",
                                     hint: "fix the ones shown and build again"))
        }
        return result
    }

    private mutating func trim() {
        guard kept.count > limit else { return }
        kept.sort { Self.precedes(($0.severity, $0.location), ($1.severity, $1.location)) }
        for diagnostic in kept[limit...] { count(diagnostic.severity) }
        kept.removeSubrange(limit...)
        threshold = kept.last.map { ($0.severity, $0.location) }
    }
}
