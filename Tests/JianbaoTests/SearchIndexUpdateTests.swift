@testable import JianbaoSearch
import JianbaoSupport
import Testing

/// After some texts change, the index builds only the shards those texts' old and new bigrams fall
/// in and keeps every other file (`SearchIndex.update`). These tests apply random changes to random
/// archives, one after the other, and ask each time for exactly the files a full build makes.
@Suite struct SearchIndexUpdateTests {
    typealias Random = SeededRandom

    /// Texts from the tricky alphabet of `SearchIndexBuildTests` and two thousand CJK characters, so
    /// that a short text has bigrams in only a few shards.
    static func text(_ random: inout Random, length: Int) -> String {
        String(String.UnicodeScalarView((0..<length).map { _ -> Unicode.Scalar in
            if random.next() % 3 == 0 {
                return SearchIndexBuildTests.alphabet[Int(random.next() % UInt64(SearchIndexBuildTests.alphabet.count))].unicodeScalars.first!
            }
            return Unicode.Scalar(0x4E00 + UInt32(random.next() % 2000))!
        }))
    }

    static func documents(_ random: inout Random, count: Int) -> [SearchDocument] {
        (0..<count).map { number in
            // every tenth text short, so that changing it touches few shards
            let length = number % 10 == 0 ? 6 : Int(random.next() % 1500)
            return document(number, text: text(&random, length: length))
        }
    }

    static func document(_ number: Int, title: String = "标题", text: String) -> SearchDocument {
        SearchDocument(url: "s/\(number)/index.html", label: "第\(number)期", number: "第\(number)期", title: title, series: "简报",
                       dateText: "2024年1月1日", dateISO: "2024-01-01", text: text)
    }

    static func withText(_ documents: [SearchDocument], _ id: Int, _ text: String) -> [SearchDocument] {
        var documents = documents
        documents[id] = document(id, title: documents[id].title, text: text)
        return documents
    }

    /// What the build does: the index after `update`, or a full one when it refuses, its files put
    /// beside those kept from `output` (less `missing`). Returns the new output and the paths built.
    static func rebuild(_ output: [String: [UInt8]], old: [SearchDocument], new: [SearchDocument], previous: SearchLayout,
                        missing: Set<String> = [], patch: Bool) async -> (output: [String: [UInt8]], built: Set<String>, index: SearchIndex, incremental: Bool) {
        let current = output.filter { !missing.contains($0.key) }
        var next: [String: [UInt8]] = [:]
        var built: Set<String> = []
        let keep: (String) -> Bool = { path in
            guard let bytes = current[path] else { return false }
            next[path] = bytes
            return true
        }
        let files: [String: [UInt8]] = current
        let readFile: @Sendable (String) -> [UInt8]? = { path in files[path] }
        let read: (@Sendable (String) -> [UInt8]?)? = patch ? readFile : nil
        let oldTexts = new.indices.map { $0 < old.count ? old[$0].text : nil }
        let updated = await SearchIndex.update(documents: new, oldTexts: oldTexts, previous: previous, keep: keep, read: read)
        let index: SearchIndex
        if let updated {
            index = updated
        } else {
            next = [:]
            index = await SearchIndex.make(documents: new)
        }
        for part in index.parts {
            index.forEachFile(part, keep: keep) { file in
                #expect(!built.contains(file.path), "\(file.path) made twice")
                built.insert(file.path)
                next[file.path] = file.bytes
            }
        }
        return (next, built, index, updated != nil)
    }

    static func expectFullBuild(_ output: [String: [UInt8]], of documents: [SearchDocument], layout: SearchLayout, _ name: String) {
        let full = SearchIndex(documents: documents)
        let files = Dictionary(uniqueKeysWithValues: full.files().map { ($0.path, $0.bytes) })
        #expect(output.keys.sorted() == files.keys.sorted(), "\(name)")
        for (path, bytes) in files where output[path] != bytes {
            Issue.record("\(name): \(path) differs from a full build")
        }
        #expect(layout == full.layout, "\(name): the layout for the next build differs from a full build's")
    }

    /// `patch`: the changed shards made from their old files (the build's way), else by a pass over the texts.
    @Test(arguments: [11, 12, 13], [true, false])
    func updatesMakeTheFilesOfAFullBuild(seed: UInt64, patch: Bool) async {
        var random = Random(state: seed)
        var documents = Self.documents(&random, count: 200)
        var index = SearchIndex(documents: documents)
        var output = Dictionary(uniqueKeysWithValues: index.files().map { ($0.path, $0.bytes) })
        #expect(index.shardCount >= 8, "the archive should have many shards: \(index.shardCount)")

        func step(_ name: String, _ new: [SearchDocument], missing: Set<String> = [], incremental: Bool) async -> Set<String> {
            let result = await Self.rebuild(output, old: documents, new: new, previous: index.layout, missing: missing, patch: patch)
            #expect(result.incremental == incremental, "\(name)")
            Self.expectFullBuild(result.output, of: new, layout: result.index.layout, name)
            (documents, index, output) = (new, result.index, result.output)
            return result.built
        }

        // A short text changed: a few shards and its own file are made, everything else kept.
        let short = 10 * Int(random.next() % 12)
        var built = await step("short text", Self.withText(documents, short, Self.text(&random, length: 5)), incremental: true)
        let shardsBuilt = built.filter { $0.hasPrefix("search/shards/") }.count
        #expect(shardsBuilt > 0 && shardsBuilt < index.shardCount, "\(shardsBuilt) of \(index.shardCount) shards made")
        #expect(built.filter { $0.hasPrefix("search/docs/") } == ["search/docs/\(short).js"])
        // made from the old files, with no pass over the texts
        #expect(!patch || (index.shardGroups.isEmpty && index.patchedShards.count == shardsBuilt), "\(index.shardGroups.count) groups built")

        // Nothing changed: nothing is made.
        built = await step("nothing", documents, incremental: true)
        #expect(built.isEmpty, "\(built.sorted())")

        // Several long texts changed, one of them now empty.
        var several = documents
        for _ in 0..<4 {
            let id = Int(random.next() % UInt64(documents.count))
            several = Self.withText(several, id, Self.text(&random, length: Int(random.next() % 1500)))
        }
        several = Self.withText(several, 7, "")
        // (in full when the texts' size moves the number of shards)
        _ = await step("several texts", several, incremental: SearchIndex(documents: several).shardCount == index.shardCount)

        // Shard files missing from the output (some of them not touched by the change) are made again.
        let missing: Set<String> = Set((0..<5).map { _ in "search/shards/\(random.next() % UInt64(index.shardCount)).js" })
        built = await step("missing shards", Self.withText(documents, 20, Self.text(&random, length: 4)), missing: missing, incremental: true)
        #expect(missing.isSubset(of: built), "\(missing.subtracting(built).sorted()) not made")
        built = await step("missing document file", documents, missing: ["search/docs/3.js"], incremental: true)
        #expect(built == ["search/docs/3.js"])

        // A text so long that the number of shards changes: everything is made.
        let shards = index.shardCount
        var long = documents
        var length = 4000
        while SearchIndex(documents: long).shardCount == shards {
            long = Self.withText(documents, 30, Self.text(&random, length: length))
            length *= 2
        }
        built = await step("shard count", long, incremental: false)
        #expect(index.shardCount != shards && built.filter { $0.hasPrefix("search/shards/") }.count == index.shardCount)

        // Back to the old text: fewer shards again.
        _ = await step("shard count back", Self.withText(documents, 30, "短"), incremental: false)

        // A document added after the last one (next week's issue): its file and the shards of its
        // keys are made, no other document's file.
        built = await step("document added", documents + [Self.document(documents.count, text: "新增的文字")], incremental: true)
        #expect(built.filter { $0.hasPrefix("search/docs/") } == ["search/docs/\(documents.count - 1).js"])
        #expect(built.filter { $0.hasPrefix("search/shards/") }.count < index.shardCount)

        // A title changed, a document removed: everything is made.
        var titled = documents
        titled[40] = Self.document(40, title: "改过的标题", text: titled[40].text)
        _ = await step("title", titled, incremental: false)
        _ = await step("document removed", Array(documents.dropLast()), incremental: false)
    }

    @Test func anIndexWithoutTheOldTextsIsBuiltInFull() async {
        var random = Random(state: 21)
        let documents = Self.documents(&random, count: 30)
        let index = SearchIndex(documents: documents)
        var oldTexts: [String?] = documents.map(\.text)
        oldTexts[4] = nil
        let updated = await SearchIndex.update(documents: documents, oldTexts: oldTexts, previous: index.layout) { _ in true }
        #expect(updated == nil)
    }
}
