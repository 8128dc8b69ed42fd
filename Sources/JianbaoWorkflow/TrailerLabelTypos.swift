import JianbaoContent
import JianbaoModel
import JianbaoSupport

/// Finds lines at the end of an issue that were meant as 报尾 lines but are not read as such:
/// `抄 送：…` (a space inside the label), `编较：…` (a wrong character), `报送：…` (a label that does not exist).
enum TrailerLabelTypos {
    /// The known label the line's label was probably meant to be; nil when the line is fine or is not a trailer line.
    static func intendedLabel(of line: String) -> (written: String, meant: [String])? {
        guard ContentRules.trailerLine(line) == nil, let written = labelBeforeColon(line) else { return nil }
        let compact = written.filter { !$0.isWhitespace && $0 != "\u{3000}" }
        if compact != written, Trailer.knownLabels.contains(compact) { return (written, [compact]) }
        guard !Trailer.knownLabels.contains(compact) else { return nil }
        let candidates = likelyFirst.filter { known in
            let distance = editDistance(Array(compact), Array(known))
            // One wrong character in a one-character label (注 for 报) is too weak a hint.
            return distance == 1 && !(compact.count == 1 && known.count == 1)
        }
        return candidates.isEmpty ? nil : (written, candidates)
    }

    /// Known labels, the ones briefings use most first: the order suggestions are given in.
    static let likelyFirst: [String] = ["编校", "抄送", "抄报", "报", "送", "发", "分送"]
        + Trailer.knownLabels.filter { !["编校", "抄送", "抄报", "报", "送", "发", "分送"].contains($0) }

    /// `抄 送：…` → `抄 送`: up to five characters before a full- or half-width colon.
    static func labelBeforeColon(_ line: String) -> String? {
        let trimmed = line.trimmingSpaces
        guard let colon = trimmed.firstIndex(where: { $0 == "：" || $0 == ":" }) else { return nil }
        let label = String(trimmed[..<colon]).trimmingSpaces
        guard !label.isEmpty, label.filter({ !$0.isWhitespace }).count <= 4, label.count <= 6 else { return nil }
        return label
    }

    /// Levenshtein distance between two short strings.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
