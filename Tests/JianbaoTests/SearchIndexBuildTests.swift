@testable import JianbaoSearch
import Foundation
import JianbaoSupport
import Testing

/// The search index is built in parts (a first pass that measures, then groups of shards, each a
/// pass of its own) and on bytes. These tests build random archives both ways, the parts against a
/// plain reference written from docs/search.md's description of the format (every key's documents in
/// memory, as one piece), and ask for the same bytes.
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
            SearchDocument(url: "s/\(number)/index.html", label: "第\(number)期", number: "第\(number)期", title: text(&random, length: 8), series: "简报</",
                           dateText: "2024年1月1日", dateISO: "2024-01-01", text: text(&random, length: Int(random.next() % UInt64(length))))
        }
    }

    @Test(arguments: [1, 2, 3])
    func partsMakeTheSameFilesAsOnePieceInMemory(seed: UInt64) {
        var random = Random(state: seed)
        // enough texts that the shards need several groups, and some bigrams are in most documents (bitmaps)
        let documents = Self.documents(&random, count: 400, length: 2500)
        let index = SearchIndex(documents: documents)
        let reference = ReferenceSearchIndex(documents: documents)
        #expect(index.shardCount == reference.shardCount)
        #expect(index.shardCount > 1 && index.shardGroups.count > 1, "the archive should need several groups of shards")
        let files = index.files()
        #expect(files.map(\.path) == reference.files.map(\.path))
        for (file, expected) in zip(files, reference.files) where !SearchFiles.same(file, expected, documents: documents) {
            Issue.record("\(file.path) differs from the reference")
        }
        // one group for all shards, and the first pass in uneven runs, give the same bytes
        #expect(index.files(.shards(Array(0..<index.shardCount))) == files.filter { $0.path.hasPrefix("search/shards/") })
        let measures = [0..<7, 7..<64, 64..<65, 65..<400].map { SearchIndex.measure(documents, ids: $0) }
        let split = SearchIndex(documents: documents, measures: measures)
        #expect(split.keys == index.keys && split.sizes == index.sizes && split.shardGroups == index.shardGroups)
    }

    @Test func anEmptyArchiveHasOneEmptyShard() {
        let index = SearchIndex(documents: [])
        #expect(index.shardCount == 1)
        #expect(index.files().map { String(decoding: $0.bytes, as: UTF8.self) } == ["jianbaoSearch.shard(0,\"\");\n"])
    }

    @Test(arguments: [4, 5])
    func plainTextOnBytesMatchesTheScalarWalk(seed: UInt64) {
        var random = Random(state: seed)
        // (entities are checked against values written by hand: SearchIndexTests.plainTextDecodesEntities)
        let pieces = ["<p>", "</p>", "<td>", "</TD>", "<br/>", "<strong>", "<h2 id=\"x\">", "<p中>", "<\u{212A}bd>", "<", ">",
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

/// The index as README describes it, in memory and in one piece: every document's keys (each
/// character and each pair of characters, none a break) counted, then the entries in key order,
/// then the shards. Slow and simple, for comparison.
struct ReferenceSearchIndex {
    var shardCount = 1
    var files: [OutputFile] = []

    /// Full-width ASCII as ASCII, ASCII letters lower case, U+3000 and U+00A0 as a space.
    static func fold(_ unit: UInt16) -> UInt16 {
        var unit = unit
        if (0xFF01...0xFF5E).contains(unit) { unit -= 0xFEE0 }
        if unit == 0x3000 || unit == 0xA0 { unit = 0x20 }
        if (0x41...0x5A).contains(unit) { unit += 0x20 }
        return unit
    }

    static func isBreak(_ unit: UInt16) -> Bool { [0x20, 0x0A, 0x0D, 0x09, 0].contains(unit) }

    /// The keys of a text, each once per occurrence.
    static func keys(_ text: String) -> [[UInt16]] {
        let units = text.utf16.map(fold)
        var keys: [[UInt16]] = []
        for (index, unit) in units.enumerated() where !isBreak(unit) {
            keys.append([unit])
            if index + 1 < units.count, !isBreak(units[index + 1]) { keys.append([unit, units[index + 1]]) }
        }
        return keys
    }

    static func varint(_ value: Int) -> [UInt8] {
        var value = value, bytes: [UInt8] = []
        repeat {
            bytes.append(UInt8(value & 0x7F) | (value >= 0x80 ? 0x80 : 0))
            value >>= 7
        } while value > 0
        return bytes
    }

    static func code(_ key: [UInt16]) -> Int { key.count == 2 ? Int(key[0]) << 16 | Int(key[1]) : Int(key[0]) }

    /// FNV-1a then MurmurHash3's final mix (checked against values worked out by hand in SearchIndexTests).
    static func hash(_ key: [UInt16]) -> UInt32 { SearchKeys.hash(UInt32(code(key))) }

    init(documents: [SearchDocument]) {
        var postings: [[UInt16]: [Int: (count: Int, title: Bool)]] = [:]
        for (id, document) in documents.enumerated() {
            for key in Self.keys(document.text) { postings[key, default: [:]][id, default: (0, false)].count += 1 }
            for key in Self.keys(SearchKeys.joiningScripts(document.title)) { postings[key, default: [:]][id, default: (0, false)].title = true }
        }
        let keys = postings.keys.sorted { Self.code($0) < Self.code($1) }
        let entries = keys.map { key -> [UInt8] in
            let ids = postings[key]!.keys.sorted()
            let values = ids.flatMap { Self.varint(postings[key]![$0]!.count * 2 + (postings[key]![$0]!.title ? 1 : 0)) }
            var deltas: [[UInt8]] = []
            var previous = -1
            for id in ids { deltas.append(Self.varint(id - previous)); previous = id }
            let bitmapBytes = ids.last! / 8 + 1
            var body: [UInt8]
            if Self.varint(bitmapBytes).count + bitmapBytes < deltas.reduce(0, { $0 + $1.count }) {
                var bitmap = [UInt8](repeating: 0, count: bitmapBytes)
                for id in ids { bitmap[id / 8] |= 1 << (id % 8) }
                body = [1] + Self.varint(bitmapBytes) + bitmap + values
            } else {
                body = [0]
                var previous = -1
                for id in ids {
                    body += Self.varint(id - previous) + Self.varint(postings[key]![id]!.count * 2 + (postings[key]![id]!.title ? 1 : 0))
                    previous = id
                }
            }
            return Self.varint(Self.code(key)) + Self.varint(body.count) + body
        }
        let total = entries.reduce(0) { $0 + $1.count }
        while shardCount < SearchIndex.maximumShards && total / shardCount > SearchIndex.targetShardBytes { shardCount *= 2 }
        var members = [[UInt8]](repeating: [], count: shardCount)
        for (key, entry) in zip(keys, entries) { members[Int(Self.hash(key) % UInt32(shardCount))] += entry }
        files = members.enumerated().map { shard, bytes in
            OutputFile(path: "search/shards/\(shard).js", text: "jianbaoSearch.shard(\(shard),\"" + Data(bytes).base64EncodedString() + "\");\n")
        }
        for (id, document) in documents.enumerated() {
            let fields = [("url", document.url), ("label", document.label), ("number", document.number), ("title", document.title),
                          ("series", document.series), ("date", document.dateText), ("iso", document.dateISO)]
            let json = "{" + fields.map { "\"\($0.0)\":" + ReferencePlainText.jsonString($0.1) }.joined(separator: ",")
            files.append(OutputFile(path: "search/docs/\(id).js", text: "jianbaoSearch.doc(\(id),\(json)"))
        }
    }
}

/// Scalar-by-scalar walks of what PlainText and JSONText do on bytes (entities aside: see
/// SearchIndexTests.plainTextDecodesEntities).
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
        return tidy(String(output))
    }

    /// Each line trimmed of spaces, runs of spaces made one, empty lines dropped.
    static func tidy(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
            .filter { !$0.isEmpty }
            .joined(separator: "\n")
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
