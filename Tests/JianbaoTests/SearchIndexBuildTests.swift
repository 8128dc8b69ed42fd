@testable import JianbaoRender
import Testing

/// The search index is built in parts (a first pass that measures, then groups of shards, each a
/// pass of its own) and on bytes. These tests build random archives both ways, the parts against a
/// plain reference (every posting of every bigram in memory, as one piece), and ask for the same bytes.
@Suite struct SearchIndexBuildTests {
    typealias Random = SeededRandom

    /// Characters the texts are made of: CJK, full-width and upper-case ASCII, every kind of break,
    /// what JSON escapes (quotes, backslash, `</`, controls, U+2028), and characters outside the BMP.
    static let alphabet: [String] = ["督", "导", "组", "工", "作", "法", "治", "Ａ", "ｂ", "１", "A", "z", "7", " ", "\n", "\t", "\r",
                                     "\u{3000}", "\u{A0}", "\"", "\\", "<", "/", "\u{1}", "\u{2028}", "\u{2029}", "𠀀", "😀", "'", "&"]

    static func text(_ random: inout Random, length: Int) -> String {
        (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
    }

    static func documents(_ random: inout Random, count: Int, length: Int) -> [SearchDocument] {
        (0..<count).map { number in
            SearchDocument(url: "s/\(number)/index.html", label: "第\(number)期", title: text(&random, length: 8), series: "简报</",
                           dateText: "2024年1月1日", dateISO: "2024-01-01", text: text(&random, length: Int(random.next() % UInt64(length))))
        }
    }

    @Test(arguments: [1, 2, 3])
    func partsMakeTheSameFilesAsOnePieceInMemory(seed: UInt64) {
        var random = Random(state: seed)
        let documents = Self.documents(&random, count: 120, length: 1200)
        let index = SearchIndex(documents: documents)
        let reference = ReferenceSearchIndex(documents: documents)
        #expect(index.shardCount == reference.shardCount)
        #expect(index.shardCount > 1 && index.shardGroups.count > 1, "the archive should need several groups of shards")
        let files = index.files()
        #expect(files.map(\.path) == reference.files.map(\.path))
        for (file, expected) in zip(files, reference.files) where file.bytes != expected.bytes {
            Issue.record("\(file.path) differs from the reference")
        }
        // one group for all shards, and the first pass in uneven runs, give the same bytes
        #expect(index.shardFiles(0..<index.shardCount) == files.filter { $0.path.hasPrefix("search/shards/") })
        let measures = [0..<7, 7..<64, 64..<65, 65..<120].map { SearchIndex.measure(documents, ids: $0) }
        let split = SearchIndex(documents: documents, measures: measures)
        #expect(split.keys == index.keys && split.entryBytes == index.entryBytes && split.shardGroups == index.shardGroups)
    }

    @Test func anEmptyArchiveHasOneEmptyShard() {
        let index = SearchIndex(documents: [])
        #expect(index.shardCount == 1)
        #expect(index.files().map { String(decoding: $0.bytes, as: UTF8.self) } == ["jianbaoSearch.shard(0,{});\n"])
    }

    @Test(arguments: [4, 5])
    func plainTextOnBytesMatchesTheScalarWalk(seed: UInt64) {
        var random = Random(state: seed)
        let pieces = ["<p>", "</p>", "<td>", "</TD>", "<br/>", "<strong>", "<h2 id=\"x\">", "<p中>", "<\u{212A}bd>", "<", ">",
                      "&amp;", "&lt;", "&#x4e00;", "&#19968;", "&nbsp;", "&#10;", "&#xD800;", "&bogus;", "&", "&#12345678901;", "&中;",
                      "督导", "Ａ", " ", "  ", "\n", "\r\n", "\r", "\t", "\u{B}", "\u{3000}", "\u{A0}", "\u{85}", "\u{2028}", "😀", "x"]
        for _ in 0..<300 {
            let html = (0..<Int(random.next() % 40)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(PlainText.fromHTML(html) == ReferencePlainText.fromHTML(html), "\(html.debugDescription)")
        }
    }

    @Test(arguments: [6, 7])
    func jsonStringsOnBytesMatchTheScalarWalk(seed: UInt64) {
        var random = Random(state: seed)
        for _ in 0..<300 {
            let value = Self.text(&random, length: Int(random.next() % 30))
            #expect(JSONText.string(value) == ReferencePlainText.jsonString(value), "\(value.debugDescription)")
        }
    }
}

/// The index as it was built before it was built in parts: every occurrence of every bigram, then
/// the entries in key order, then the shards. Slow and simple, for comparison.
struct ReferenceSearchIndex {
    var shardCount = 1
    var files: [OutputFile] = []

    init(documents: [SearchDocument]) {
        var postings: [[UInt16]: [Int: [Int]]] = [:]
        for (id, document) in documents.enumerated() {
            let units = SearchIndex.normalized(Array(document.text.utf16))
            for position in units.indices.dropLast() where !SearchIndex.isBreak(units[position]) && !SearchIndex.isBreak(units[position + 1]) {
                postings[[units[position], units[position + 1]], default: [:]][id, default: []].append(position)
            }
        }
        let keys = postings.keys.sorted { $0.lexicographicallyPrecedes($1) }
        let entries = keys.map { key -> String in
            let lists = postings[key]!.keys.sorted().map { id -> String in
                let positions = postings[key]![id]!
                let gaps = zip(positions.dropFirst(), positions).map { String($0 - $1) }
                return "[" + ([String(id), String(positions[0])] + gaps).joined(separator: ",") + "]"
            }
            return Self.keyJSON(key) + ":[" + lists.joined(separator: ",") + "]"
        }
        let total = entries.reduce(0) { $0 + $1.utf8.count + 1 }
        while shardCount < SearchIndex.maximumShards && total / shardCount > SearchIndex.targetShardBytes { shardCount *= 2 }
        var members = [[String]](repeating: [], count: shardCount)
        for (key, entry) in zip(keys, entries) { members[Int(SearchIndex.hash(key) % UInt32(shardCount))].append(entry) }
        files = members.enumerated().map { shard, entries in
            OutputFile(path: "search/shards/\(shard).js", text: "jianbaoSearch.shard(\(shard),{" + entries.joined(separator: ",") + "});\n")
        }
        for (id, document) in documents.enumerated() {
            let fields = [("url", document.url), ("label", document.label), ("title", document.title), ("series", document.series),
                          ("date", document.dateText), ("iso", document.dateISO), ("text", document.text)]
            let json = "{" + fields.map { "\"\($0.0)\":" + ReferencePlainText.jsonString($0.1) }.joined(separator: ",") + "}"
            files.append(OutputFile(path: "search/docs/\(id).js", text: "jianbaoSearch.doc(\(id),\(json));\n"))
        }
    }

    static func keyJSON(_ units: [UInt16]) -> String {
        if case let decoded = String(decoding: units, as: UTF16.self), Array(decoded.utf16) == units {
            return ReferencePlainText.jsonString(decoded)
        }
        return "\"" + units.map { "\\u" + String(repeating: "0", count: 4 - String($0, radix: 16).count) + String($0, radix: 16) }.joined() + "\""
    }
}

/// The scalar-by-scalar walks that PlainText and JSONText made before they worked on bytes.
enum ReferencePlainText {
    static let blockTags = PlainText.blockTags

    static func fromHTML(_ html: String) -> String {
        let scalars = Array(html.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<", let close = scalars[index...].firstIndex(of: ">") {
                var nameStart = index + 1
                while nameStart < close && scalars[nameStart] == "/" { nameStart += 1 }
                var nameEnd = nameStart
                while nameEnd < close && isNameScalar(scalars[nameEnd]) { nameEnd += 1 }
                let name = String(String.UnicodeScalarView(scalars[nameStart..<nameEnd])).lowercased()
                if blockTags.contains(name) {
                    appendBreak("\n", to: &output)
                } else if name == "td" || name == "th" {
                    appendBreak(" ", to: &output)
                }
                index = close + 1
            } else if scalar == "&", let semicolon = scalars[index..<min(index + 12, scalars.count)].firstIndex(of: ";"),
                      let decoded = decodeEntity(String(String.UnicodeScalarView(scalars[(index + 1)..<semicolon]))) {
                output.append(contentsOf: decoded.unicodeScalars)
                index = semicolon + 1
            } else {
                if isWhitespace(scalar) {
                    if scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n" { index += 1 }
                    appendBreak(scalar == "\n" || scalar == "\r" ? "\n" : " ", to: &output)
                } else {
                    output.append(scalar)
                }
                index += 1
            }
        }
        return PlainText.tidy(String(output))
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }

    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return (0x30...0x39).contains(scalar.value) || (0x41...0x5A).contains(scalar.value) || (0x61...0x7A).contains(scalar.value) }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    static func appendBreak(_ separator: Unicode.Scalar, to output: inout String.UnicodeScalarView) {
        guard let last = output.last else { return }
        if last == "\n" { return }
        if last == " " {
            if separator == "\n" { output.removeLast(); output.append("\n") }
            return
        }
        output.append(separator)
    }

    static func decodeEntity(_ name: String) -> Character? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos", "#39": return "'"
        case "nbsp": return " "
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X")
                ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init).map(Character.init)
        }
    }

    static func jsonString(_ value: String) -> String {
        var output = "\""
        var previous: Unicode.Scalar?
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "/" where previous == "<": output += "\\/"
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let digits = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
            previous = scalar
        }
        return output + "\""
    }
}
