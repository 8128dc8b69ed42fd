import Foundation

/// Queries for the search taken from the source Markdown of Content/, not from anything jianbao
/// made: the runs of plain text (Chinese, Latin letters, digits and the punctuation of Chinese
/// text) of each body line, cut into every substring of 2 to 6 characters. So a text that never
/// reached the index, or reached it changed, shows up as a query that does not find its document.
///
/// The rules a reader expects, written here from docs/search.md rather than taken from the
/// code: full-width letters and digits are their ASCII twins, Latin letters ignore case, and a space
/// between a Chinese character and a Latin letter or digit does not count (the source has "93 项",
/// a reader types 93项).
enum SourceQueries {
    /// Each example document's address below the site root, by its source file below Content/
    /// (docs/reference/content.md, "Addresses in public/": the file's path without `.md`, then `/index.html`).
    static let documents: [(source: String, url: String)] = [
        ("jianbao/2024/19.md", "jianbao/2024/19/index.html"),
        ("jianbao/2023/4.md", "jianbao/2023/4/index.html"),
        ("wenjian/2023/qingkuang-shuoming-93.md", "wenjian/2023/qingkuang-shuoming-93/index.html"),
        ("wenjian/2020/puzhi-shiban-2020-8.md", "wenjian/2020/puzhi-shiban-2020-8/index.html"),
        ("wenjian/2021/fazhi-zhengfu-baogao-2020.md", "wenjian/2021/fazhi-zhengfu-baogao-2020/index.html"),
    ]

    /// The body of a Markdown file: what follows the closing `---` of the front matter.
    static func body(_ markdown: String) -> String {
        guard markdown.hasPrefix("---") else { return markdown }
        let parts = markdown.components(separatedBy: "\n---\n")
        return parts.count > 1 ? parts.dropFirst().joined(separator: "\n---\n") : markdown
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        (0x3400...0x9FFF).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value) || scalar.value >= 0x20000
    }

    /// Characters of running text: Han, Chinese punctuation (U+3000–U+303F, U+FF00–U+FFEF, U+2010–U+2027),
    /// ASCII letters and digits. Markdown's and HTML's markup is ASCII punctuation, never in here.
    static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return isHan(scalar) || (0x3001...0x303F).contains(v) || (0xFF01...0xFFEF).contains(v) || (0x2010...0x2027).contains(v)
            || (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
    }

    /// What a reader's query is compared as: full-width ASCII as ASCII, lower case.
    static func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        var v = scalar.value
        if (0xFF01...0xFF5E).contains(v) { v -= 0xFEE0 }
        if (0x41...0x5A).contains(v) { v += 0x20 }
        return Unicode.Scalar(v) ?? scalar
    }

    static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        let v = folded(scalar).value
        return (0x30...0x39).contains(v) || (0x61...0x7A).contains(v)
    }

    /// The runs of plain text of a line; one ASCII space between a Han character (or Chinese
    /// punctuation) and a Latin letter or digit joins the two sides into one run, without the space.
    static func runs(_ line: String) -> [[Unicode.Scalar]] {
        // HTML tags (the tables are HTML) and entities are markup, not text: they end a run
        let text = line.replacingOccurrences(of: "<[^>]*>", with: "|", options: .regularExpression)
            .replacingOccurrences(of: "&[#0-9A-Za-z]+;", with: "|", options: .regularExpression)
        let scalars = Array(text.unicodeScalars)
        var runs: [[Unicode.Scalar]] = [[]]
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if isPlain(scalar) {
                runs[runs.count - 1].append(folded(scalar))
            } else if scalar == " ", let before = runs.last?.last, index + 1 < scalars.count, isPlain(scalars[index + 1]),
                      isASCIIAlphanumeric(before) != isASCIIAlphanumeric(scalars[index + 1]) {
                // "93 项", "项 93": the space is dropped, the run goes on
            } else if !runs[runs.count - 1].isEmpty {
                runs.append([])
            }
            index += 1
        }
        return runs.filter { !$0.isEmpty }
    }

    /// Every distinct substring of 2 to 6 characters of the plain runs of `markdown`'s body.
    static func queries(_ markdown: String) -> Set<String> {
        var found: Set<String> = []
        for line in body(markdown).components(separatedBy: "\n") {
            for run in runs(line) {
                for start in run.indices {
                    for length in 2...6 where start + length <= run.count {
                        found.insert(String(String.UnicodeScalarView(run[start..<start + length])))
                    }
                }
            }
        }
        return found
    }

    /// `query` as the index is asked for it (the same rules): folded, a space between a Han character
    /// or Chinese punctuation and an ASCII letter or digit dropped.
    static func normalized(_ query: String) -> String {
        let scalars = query.unicodeScalars.map(folded)
        func isChinese(_ scalar: Unicode.Scalar) -> Bool { isHan(scalar) || (0x3001...0x303F).contains(scalar.value) || (0xFF01...0xFFEF).contains(scalar.value) }
        var kept = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == " ", index > 0, index + 1 < scalars.count {
                let before = scalars[index - 1], after = scalars[index + 1]
                if (isChinese(before) && isASCIIAlphanumeric(after)) || (isASCIIAlphanumeric(before) && isChinese(after)) { continue }
            }
            kept.append(scalar)
        }
        return String(kept)
    }
}
