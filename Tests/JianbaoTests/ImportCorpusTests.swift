import Foundation
import JianbaoSupport
import Testing

/// `jianbao import` on forty public documents (Tests/Fixtures/import-corpus): every field it reports
/// is compared with the field written by hand from reading the document, and every line of the
/// document must be in the file it wrote. Target: 95 % of the fields right, no line lost.
@Suite(.serialized) struct ImportCorpusTests {
    static let corpus = TestSupport.repoRoot + "/Tests/Fixtures/import-corpus"

    /// The part the recognition rules were developed against.
    @Test func tuningCorpus() throws {
        let score = try Self.score("tuning")
        #expect(score.linesLost.isEmpty, "lines lost:\n\(score.linesLost.joined(separator: "\n"))")
        #expect(score.right * 100 >= score.total * 95, "\(score.summary)\n\(score.wrong.joined(separator: "\n"))")
    }

    /// The part held back until the end: its documents were never imported while the rules were made.
    @Test func holdoutCorpus() throws {
        let score = try Self.score("holdout")
        #expect(score.linesLost.isEmpty, "lines lost:\n\(score.linesLost.joined(separator: "\n"))")
        #expect(score.right * 100 >= score.total * 95, "\(score.summary)\n\(score.wrong.joined(separator: "\n"))")
    }

    struct Score {
        var right = 0
        var total = 0
        var documents = 0
        var wrong: [String] = []
        var linesLost: [String] = []
        var summary: String { "\(right)/\(total) fields right (\(total == 0 ? 0 : right * 1000 / total / 10) %) in \(documents) documents" }
    }

    /// Imports the split's two folders (briefings into a briefing series, documents into a series of
    /// 公文) with `--report`, and scores the report and the files against the expected fields.
    static func score(_ split: String) throws -> Score {
        let site = try ImportCommandTests.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        var score = Score()
        for (folder, series) in [("briefings", "jianbao"), ("documents", "wenjian")] {
            let source = "\(corpus)/\(split)/\(folder)"
            let report = "\(site)/\(folder).json"
            let run = try TestSupport.runJianbao(["import", source, "--series", series, "--report", report], in: site)
            #expect(run.status == 0, "\(split)/\(folder): \(run.standardError)")
            let data = try Data(contentsOf: URL(fileURLWithPath: report))
            let files = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["files"] as? [[String: Any]])
            for file in files {
                let path = try #require(file["source"] as? String)
                let id = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(corpus)/expected/\(id).json"))) as? [String: Any])
                let fields = file["fields"] as? [String: Any] ?? [:]
                score.documents += 1
                for (name, value) in (expected["fields"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    score.total += 1
                    let got = fields[Self.reportKey(name)]
                    if Self.same(value, got) {
                        score.right += 1
                    } else {
                        score.wrong.append("\(id) \(name): expected \(Self.show(value)), got \(Self.show(got))")
                    }
                }
                if let written = file["path"] as? String {
                    let output = try TestSupport.readText(site + "/" + written)
                    for line in try Self.sourceLines(id: id, path: path, expected: expected) where !Self.isKept(line, in: output) {
                        score.linesLost.append("\(id): \(line)")
                    }
                } else {
                    score.linesLost.append("\(id): no file written (\(file["error"] as? String ?? "?"))")
                }
            }
        }
        print("import corpus, \(split): \(score.summary); lines lost: \(score.linesLost.count)")
        for line in score.wrong { print("  wrong: \(line)") }
        return score
    }

    /// The report's key for an expected field (`kind` is the 文种, which the report calls `genre`).
    static func reportKey(_ name: String) -> String {
        name == "kind" ? "genre" : name
    }

    /// Equal when strings are equal without white space, numbers are equal, lists item by item,
    /// and nothing (null) matches nothing or an empty value.
    static func same(_ expected: Any?, _ got: Any?) -> Bool {
        func bare(_ value: Any?) -> Any? {
            if value is NSNull { return nil }
            if let text = value as? String { return text.filter { !$0.isWhitespace }.isEmpty ? nil : value }
            if let list = value as? [Any], list.isEmpty { return nil }
            return value
        }
        switch (bare(expected), bare(got)) {
        case (nil, nil): return true
        case (let a as String, let b as String): return a.filter { !$0.isWhitespace } == b.filter { !$0.isWhitespace }
        case (let a as NSNumber, let b as NSNumber): return a == b
        case (let a as [Any], let b as [Any]): return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        default: return false
        }
    }

    static func show(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "nothing" }
        if let list = value as? [Any] { return "[" + list.map { show($0) }.joined(separator: ", ") + "]" }
        return "`\(value)`"
    }

    // MARK: No line lost

    /// The document's lines, from an oracle that is not import: the text a converted file was made
    /// from, the text file itself, or a web page's lines by Python's own HTML parser (page_lines.py).
    static func sourceLines(id: String, path: String, expected: [String: Any]) throws -> [String] {
        let original = "\(corpus)/originals/\(id).txt"
        if FileManager.default.fileExists(atPath: original) { return try nonBlank(TestSupport.readText(original)) }
        if path.hasSuffix(".html") {
            let python = Process()
            python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            python.arguments = ["python3", "\(corpus)/page_lines.py", path]
            let pipe = Pipe()
            python.standardOutput = pipe
            try python.run()
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            python.waitUntilExit()
            let lines = nonBlank(text)
            let range = try #require(expected["lines"] as? [String: String], "\(id): expected lines for a web page")
            let from = range["after"].flatMap { lines.firstIndex(of: $0) } ?? 0
            let first = try #require(lines[from...].firstIndex(of: range["first"] ?? ""), "\(id): first line not in the page")
            let last = try #require(lines.lastIndex(of: range["last"] ?? ""), "\(id): last line not in the page")
            return Array(lines[first...last])
        }
        return try nonBlank(TestSupport.readText(path))
    }

    static func nonBlank(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.allSatisfy(\.isWhitespace) }
    }

    /// A line is kept when its letters and digits stand, in order, in the written file (tags and
    /// Markdown marks left out), or are all accounted for by front-matter values, leaving only the
    /// marks that values do not repeat: the digits and words of a date (the letter O of copies that
    /// write 二OO三年 too), 第 期 总 编 印 of a
    /// masthead, the labels 附件 and 签发人.
    static func isKept(_ line: String, in output: String) -> Bool {
        let letters = { (text: String) in text.filter { $0.isLetter || $0.isNumber } }
        let untagged = output.replacingOccurrences(of: "</?[A-Za-z][^>]*>", with: "", options: .regularExpression)
        let body = letters(untagged)
        var rest = letters(line)
        if rest.isEmpty || body.contains(rest) { return true }
        let frontMatter = output.components(separatedBy: "\n---\n").first ?? ""
        let values = frontMatter.split(separator: "\n").compactMap { entry -> String? in
            guard let colon = entry.firstIndex(of: ":") else { return entry.hasPrefix("  - ") ? String(entry.dropFirst(4)) : nil }
            return String(entry[entry.index(after: colon)...])
        }.map(letters).filter { $0.count >= 2 }.sorted { $0.count > $1.count }
        for value in values { rest = rest.replacingOccurrences(of: value, with: "") }
        let marks = Set("0123456789〇○零Oo一二三四五六七八九十年月日第期总编印主办附件签发人文件")
        return rest.allSatisfy { marks.contains($0) }
    }
}
