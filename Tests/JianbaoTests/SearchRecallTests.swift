import Foundation
@testable import JianbaoSearch
import JianbaoSupport
import Testing

/// Reads the search index that `jianbao build` wrote for the example archive (the five seed documents)
/// the way search.js does, with a reader written here from docs/search.md's description of the files, and
/// measures recall on queries taken from the source Markdown (`SourceQueries`).
@Suite struct SearchRecallTests {
    struct LoadedIndex {
        var shardCount: Int
        /// key (one or two UTF-16 units) → document id → count × 2 (+1 in the title)
        var postings: [[UInt16]: [Int: Int]]
        /// the shard each key was found in
        var shardOf: [[UInt16]: Int]
        /// folded texts and titles, by id
        var texts: [[UInt16]]
        var titles: [[UInt16]]
        var urls: [String]
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Base-128 little-endian, as README says.
    static func varint(_ bytes: [UInt8], _ at: inout Int) throws -> Int {
        var value = 0, shift = 0
        while true {
            guard at < bytes.count, shift < 35 else { throw TestFailure("a number runs past the end") }
            let byte = bytes[at]
            at += 1
            value |= Int(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    static func folded(_ text: String) -> [UInt16] {
        Array(SourceQueries.normalized(text).utf16)
    }

    static func load(_ output: String) throws -> LoadedIndex {
        let page = try TestSupport.readText(output + "/search/index.html")
        let shardText = try #require(page.range(of: "data-shards=\"").map { page[$0.upperBound...].prefix { $0 != "\"" } })
        let documentText = try #require(page.range(of: "data-documents=\"").map { page[$0.upperBound...].prefix { $0 != "\"" } })
        let shardCount = try #require(Int(shardText)), documentCount = try #require(Int(documentText))
        var index = LoadedIndex(shardCount: shardCount, postings: [:], shardOf: [:], texts: [], titles: [], urls: [])
        for shard in 0..<shardCount {
            let script = try TestSupport.readText(output + "/search/shards/\(shard).js")
            let call = "jianbaoSearch.shard(\(shard),\""
            guard script.hasPrefix(call), script.hasSuffix("\");\n"),
                  let data = Data(base64Encoded: String(script.dropFirst(call.count).dropLast(4))) else { throw TestFailure("shard \(shard)") }
            let bytes = Array(data)
            var at = 0
            while at < bytes.count {
                let code = try varint(bytes, &at), length = try varint(bytes, &at)
                let key = code > 0xFFFF ? [UInt16(code >> 16), UInt16(code & 0xFFFF)] : [UInt16(code)]
                let end = at + length
                var byDocument: [Int: Int] = [:]
                let mode = bytes[at]
                at += 1
                if mode == 0 {
                    var id = -1
                    while at < end { id += try varint(bytes, &at); byDocument[id] = try varint(bytes, &at) }
                } else {
                    let size = try varint(bytes, &at), map = at
                    at += size
                    for id in 0..<(size * 8) where bytes[map + id / 8] & (1 << (id % 8)) != 0 { byDocument[id] = try varint(bytes, &at) }
                }
                guard at == end else { throw TestFailure("entry of \(key) in shard \(shard) has \(end - at) bytes left") }
                index.shardOf[key] = shard
                index.postings[key] = byDocument
            }
        }
        for id in 0..<documentCount {
            let fields = try #require(SearchFiles.document(Array(try TestSupport.readText(output + "/search/docs/\(id).js").utf8), id: id))
            index.texts.append(folded(try #require(fields["text"])))
            index.titles.append(folded(try #require(fields["title"])))
            index.urls.append(try #require(fields["url"]))
        }
        return index
    }

    /// The keys search.js looks a term up at: the term itself, or its bigrams at 0, 2, 4 … and n − 2.
    static func keys(_ term: [UInt16]) -> [[UInt16]] {
        if term.count == 1 { return [term] }
        var keys = stride(from: 0, through: term.count - 2, by: 2).map { Array(term[$0..<$0 + 2]) }
        if term.count % 2 == 1 { keys.append(Array(term[(term.count - 2)...])) }
        return keys
    }

    static func contains(_ text: [UInt16], _ term: [UInt16]) -> Bool {
        guard let first = term.first, term.count <= text.count else { return false }
        return text.withUnsafeBufferPointer { text in
            term.withUnsafeBufferPointer { term in
                var start = 0
                while start + term.count <= text.count {
                    if text[start] == first {
                        var offset = 1
                        while offset < term.count && text[start + offset] == term[offset] { offset += 1 }
                        if offset == term.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }

    /// The ids of the documents that have every term of `query`, as search.js finds them: the
    /// candidates that have every key of every term, then those whose text or title has each term.
    static func find(_ query: String, in index: LoadedIndex) -> Set<Int> {
        let terms = SourceQueries.normalized(query).split(separator: " ").map { Array($0.utf16) }
        guard !terms.isEmpty else { return [] }
        var candidates = Set(0..<index.urls.count)
        for term in terms {
            for key in keys(term) { candidates.formIntersection((index.postings[key] ?? [:]).keys) }
        }
        return candidates.filter { id in terms.allSatisfy { contains(index.texts[id], $0) || contains(index.titles[id], $0) } }
    }

    /// The addresses of the documents that have `query`.
    static func urls(_ query: String, in index: LoadedIndex) -> Set<String> {
        Set(find(query, in: index).map { index.urls[$0] })
    }

    @Test func everyKeyIsInTheShardItsHashNames() async throws {
        let output = try #require(await EndToEndTests.built()?.output)
        let index = try Self.load(output)
        #expect(index.shardCount >= 1 && !index.postings.isEmpty)
        for (key, shard) in index.shardOf {
            #expect(Int(ReferenceSearchIndex.hash(key) % UInt32(index.shardCount)) == shard, "\(key) is in shard \(shard)")
        }
    }

    /// Recall against the source: every 2–6-character substring of the plain text of each example
    /// document's Markdown (`SourceQueries`) finds that document.
    @Test func everySubstringOfTheSourceMarkdownFindsItsDocument() async throws {
        let output = try #require(await EndToEndTests.built()?.output)
        let index = try Self.load(output)
        var tried = 0, found = 0, distinct = 0
        var missed: [String] = []
        for (source, url) in SourceQueries.documents {
            let markdown = try TestSupport.readText(TestSupport.repoRoot + "/Content/" + source)
            let queries = SourceQueries.queries(markdown)
            distinct += queries.count
            for query in queries.sorted() {
                tried += 1
                if Self.urls(query, in: index).contains(url) {
                    found += 1
                } else if missed.count < 12 {
                    missed.append("\(query) (\(source))")
                }
            }
        }
        print("search recall against the source Markdown: \(found) of \(tried) substrings (2–6 characters) find their document")
        #expect(tried > 50_000)
        #expect(found == tried, "\(tried - found) missed, e.g. \(missed)")
    }

    @Test func issueNumbersTitlesAndSingleCharactersAreSearchable() async throws {
        let output = try #require(await EndToEndTests.built()?.output)
        let index = try Self.load(output)
        func urls(_ query: String) -> Set<String> { Self.urls(query, in: index) }
        #expect(urls("第19期") == ["jianbao/2024/19/index.html"])
        #expect(urls("第４期") == ["jianbao/2023/4/index.html"])  // full-width digits are found too
        #expect(urls("濮治市办〔2020〕8号") == ["wenjian/2020/puzhi-shiban-2020-8/index.html"])
        #expect(urls("督导").count == 5)
        #expect(urls("没有这句话").isEmpty)
        // the source has "93 项", "2023 版", "鲁法〔2023〕1 号" (grep Content/)
        #expect(urls("93项") == ["wenjian/2023/qingkuang-shuoming-93/index.html"])
        #expect(urls("2023 版") == ["wenjian/2023/qingkuang-shuoming-93/index.html"])
        #expect(urls("鲁法〔2023〕1号") == ["wenjian/2023/qingkuang-shuoming-93/index.html"])
        // one character alone, and inside a query (grep Content/): 徐 is in both issues' 编校, 濮 only in the 通知
        #expect(urls("徐") == ["jianbao/2024/19/index.html", "jianbao/2023/4/index.html"])
        #expect(urls("濮") == ["wenjian/2020/puzhi-shiban-2020-8/index.html"])
        #expect(urls("督导 濮") == ["wenjian/2020/puzhi-shiban-2020-8/index.html"])
        #expect(urls("县").count == 5)
    }
}
