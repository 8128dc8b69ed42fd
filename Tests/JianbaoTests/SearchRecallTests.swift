import Foundation
@testable import JianbaoSearch
import JianbaoSupport
import Testing

/// Reads the search index that `jianbao build` wrote for the example archive (the five seed documents)
/// the way search.js does, and measures recall: every substring of 2 to 6 characters of each
/// document's text must find that document, and everything a query finds must contain it.
@Suite struct SearchRecallTests {
    struct LoadedIndex {
        var shardCount: Int
        /// bigram → document id → positions
        var postings: [[UInt16]: [Int: Set<Int>]]
        /// the shard each bigram was found in
        var shardOf: [[UInt16]: Int]
        var texts: [[UInt16]]
        var urls: [String]
    }

    static func payload(_ script: String, call: String) throws -> Any {
        guard script.hasPrefix(call), script.hasSuffix(");\n"), let comma = script.firstIndex(of: ",") else {
            throw TestFailure("not a \(call)…); script: \(script.prefix(40))")
        }
        let json = script[script.index(after: comma)..<script.index(script.endIndex, offsetBy: -3)]
        return try JSONSerialization.jsonObject(with: Data(json.utf8))
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func load(_ output: String) throws -> LoadedIndex {
        let page = try TestSupport.readText(output + "/search/index.html")
        let shardText = try #require(page.range(of: "data-shards=\"").map { page[$0.upperBound...].prefix { $0 != "\"" } })
        let documentText = try #require(page.range(of: "data-documents=\"").map { page[$0.upperBound...].prefix { $0 != "\"" } })
        let shardCount = try #require(Int(shardText)), documentCount = try #require(Int(documentText))
        var index = LoadedIndex(shardCount: shardCount, postings: [:], shardOf: [:], texts: [], urls: [])
        for shard in 0..<shardCount {
            let script = try TestSupport.readText(output + "/search/shards/\(shard).js")
            let object = try #require(try payload(script, call: "jianbaoSearch.shard(\(shard),") as? [String: [[Int]]])
            for (bigram, lists) in object {
                let key = Array(bigram.utf16)
                index.shardOf[key] = shard
                var byDocument: [Int: Set<Int>] = [:]
                for list in lists {
                    var position = list[1]
                    var positions: Set<Int> = [position]
                    for gap in list.dropFirst(2) { position += gap; positions.insert(position) }
                    byDocument[list[0]] = positions
                }
                index.postings[key] = byDocument
            }
        }
        for id in 0..<documentCount {
            let script = try TestSupport.readText(output + "/search/docs/\(id).js")
            let object = try #require(try payload(script, call: "jianbaoSearch.doc(\(id),") as? [String: String])
            index.texts.append(SearchIndex.normalized(Array(try #require(object["text"]).utf16)))
            index.urls.append(try #require(object["url"]))
        }
        return index
    }

    /// The ids of the documents that have `query` (normalised UTF-16), as search.js finds them.
    static func find(_ query: ArraySlice<UInt16>, in index: LoadedIndex) -> Set<Int> {
        let offsets = SearchIndex.coveringOffsets(length: query.count)
        let lists = offsets.map { offset -> [Int: Set<Int>] in
            let start = query.startIndex + offset
            return index.postings[Array(query[start..<start + 2])] ?? [:]
        }
        var found: Set<Int> = []
        for (id, positions) in lists[0] {
            if positions.contains(where: { p in offsets.indices.allSatisfy { lists[$0][id]?.contains(p + offsets[$0]) == true } }) {
                found.insert(id)
            }
        }
        return found
    }

    /// The addresses of the documents that have `query`.
    static func urls(_ query: String, in index: LoadedIndex) -> Set<String> {
        let units = SearchIndex.normalized(Array(query.utf16))
        return Set(find(units[...], in: index).map { index.urls[$0] })
    }

    @Test func everyBigramIsInTheShardItsHashNames() async throws {
        let output = try #require(await EndToEndTests.built()?.output)
        let index = try Self.load(output)
        #expect(index.shardCount >= 1 && !index.postings.isEmpty)
        for (bigram, shard) in index.shardOf {
            #expect(Int(SearchIndex.hash(bigram) % UInt32(index.shardCount)) == shard, "\(bigram) is in shard \(shard)")
        }
    }

    @Test func everySubstringOfTwoToSixCharactersFindsItsDocument() async throws {
        let output = try #require(await EndToEndTests.built()?.output)
        let index = try Self.load(output)
        #expect(index.texts.count == 5)
        // every substring each document has, to check what a query finds (precision)
        var substrings = [Set<[UInt16]>](repeating: [], count: index.texts.count)
        var cache: [[UInt16]: Set<Int>] = [:]
        var tried = 0, found = 0, falseHits = 0
        var missed: [String] = []
        for (id, text) in index.texts.enumerated() {
            for start in text.indices {
                for length in 2...6 where start + length <= text.count { substrings[id].insert(Array(text[start..<start + length])) }
            }
        }
        for (id, text) in index.texts.enumerated() {
            for start in text.indices {
                for length in 2...6 where start + length <= text.count {
                    let query = text[start..<start + length]
                    if query.contains(where: SearchIndex.isBreak) { break }
                    let key = Array(query)
                    let ids = cache[key] ?? Self.find(query, in: index)
                    if cache[key] == nil {
                        cache[key] = ids
                        // precision: every document found really has it
                        for other in ids where !substrings[other].contains(key) { falseHits += 1 }
                    }
                    tried += 1
                    if ids.contains(id) { found += 1 } else if missed.count < 5 { missed.append(String(decoding: key, as: UTF16.self)) }
                }
            }
        }
        print("search recall on the example archive: \(found) of \(tried) substrings (2–6 characters) find their document; "
              + "\(cache.count) distinct queries, \(falseHits) false hits")
        #expect(tried > 90_000)
        #expect(found == tried, "missed, e.g. \(missed)")
        #expect(falseHits == 0)
    }

    @Test func issueNumbersAndTitlesAreSearchable() async throws {
        let output = try #require(await EndToEndTests.built()?.output)
        let index = try Self.load(output)
        func urls(_ query: String) -> Set<String> {
            let units = SearchIndex.normalized(Array(query.utf16))
            return Set(Self.find(units[...], in: index).map { index.urls[$0] })
        }
        #expect(urls("第19期") == ["jianbao/2024/19/index.html"])
        #expect(urls("第４期") == ["jianbao/2023/4/index.html"])  // full-width digits are found too
        #expect(urls("濮治市办〔2020〕8号") == ["wenjian/2020/puzhi-shiban-2020-8/index.html"])
        #expect(urls("督导").count == 5)
        #expect(urls("没有这句话").isEmpty)
    }
}
