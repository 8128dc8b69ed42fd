import JianbaoContent
import JianbaoSupport

/// A content file's lines, to point a finding at the line and column it concerns.
///
/// Columns count characters from 1, as editors show them.
struct SourceLines {
    let file: String
    let lines: [String]
    /// The first line of the body (after the front matter), 1-based.
    let bodyFirstLine: Int

    init(file: String, text: String) {
        self.file = file
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        self.bodyFirstLine = ContentRules.frontMatter(of: text)?.bodyFirstLine ?? 1
    }

    /// The `key:` line of the front matter, or line 1.
    func frontMatterKey(_ key: String) -> SourceLocation {
        for (index, line) in lines.enumerated().prefix(max(bodyFirstLine - 1, 0)) where line.hasPrefix(key + ":") {
            return SourceLocation(file: file, line: index + 1, column: 1)
        }
        return SourceLocation(file: file, line: 1, column: 1)
    }

    /// Where `needle` first appears in the body.
    func find(_ needle: String) -> SourceLocation? {
        for index in max(bodyFirstLine - 1, 0)..<lines.count {
            if let range = lines[index].firstRange(of: needle) {
                return SourceLocation(file: file, line: index + 1, column: lines[index].distance(from: lines[index].startIndex, to: range.lowerBound) + 1)
            }
        }
        return nil
    }

    /// The last line that is not blank: where a missing trailer line belongs.
    var end: SourceLocation {
        let last = lines.lastIndex { !$0.trimmingSpaces.isEmpty } ?? 0
        return SourceLocation(file: file, line: last + 1, column: 1)
    }

    /// The lines at the end of the body that are blank, trailer lines or look like trailer lines:
    /// (1-based line number, text).
    func trailingBlock(isTrailerLike: (String) -> Bool) -> [(line: Int, text: String)] {
        var result: [(Int, String)] = []
        var index = lines.count - 1
        while index >= max(bodyFirstLine - 1, 0) {
            let text = lines[index]
            if !text.trimmingSpaces.isEmpty {
                guard isTrailerLike(text) else { break }
                result.append((index + 1, text))
            }
            index -= 1
        }
        return result.reversed()
    }
}
