import JianbaoSupport

/// The static full-text search index: for every character and every pair of adjacent characters
/// (a bigram) of the published texts, the documents that have it (`Postings`), so that a query of
/// any length finds every document that can hold it with no word segmentation (Chinese has none).
///
/// Layout under `search/` (JavaScript files that call back into `search.js`, so that the search also
/// works from `file://`, where a page may load scripts but not fetch files):
/// - `shards/<k>.js`: the entries of the keys whose hash falls in shard k, as base64. A query loads
///   only the shards of its keys.
/// - `docs/<id>.js`: one document's address, names and text (zlib, base64), loaded only for the
///   results shown: the page finds the query in the text (positions, passages) and keeps only
///   the documents that really have it.
///
/// Ids run oldest first (`SiteSearch.items`), so next week's issue gets the next id and no other
/// document's id moves: its files are new and only the shards of its keys change.
///
/// The number of shards grows with the archive so that a shard stays near `targetShardBytes`.
/// Built in bounded memory, in parts that run on every core (see `parts`): a first pass over the
/// texts (`measure`) learns every key and the exact size of its postings, which fixes the number
/// of shards and where each key's postings go; then each group of shards is made by a pass of its
/// own over all texts that keeps only that group's keys and writes their postings straight into
/// place (`SearchIndex+Files.swift`). Nothing ever holds the postings of the whole archive.
public struct SearchIndex: Sendable {
    public static let formatVersion = 2
    /// Bytes of entries per shard (before base64): large enough that a 1,000-issue archive has fewer
    /// files than Pagefind makes for it, small enough that a query loads a few hundred KiB at 10,000
    /// issues (docs/search.md).
    static let targetShardBytes = 64 * 1024
    static let maximumShards = 4096
    /// About the most bytes of shard files one part builds at once (two parts run at once on two cores).
    static let groupBytes = 16 << 20
    /// Documents per part that writes `docs/<id>.js`.
    static let documentsPerPart = 250

    public let documents: [SearchDocument]
    public let shardCount: Int
    /// Every key of the archive, ordered by shard and then by key: the order of the shard files.
    let keys: [SearchKeys.Key]
    /// The size of each key's postings, by `keys` index.
    let sizes: [Postings.Size]
    /// Where each shard's keys start in `keys`, and `keys.count` last.
    let shardStarts: [Int]
    /// The shards to build, in runs each built by one part: every shard in a full build, only those
    /// that changed and could not be patched in an incremental one (`update`).
    let shardGroups: [[Int]]
    /// By id: whether `docs/<id>.js` changed; nil when every file is written (a full build).
    let changedDocuments: [Bool]?
    /// What the next build needs to know to keep the shards that do not change.
    public let layout: SearchLayout
    /// Shard files made from the last build's (`SearchIndex+Patch.swift`), by shard.
    let patchedShards: [Int: [UInt8]]
    /// Patched shard files per part.
    static let patchedPerPart = 16

    /// One piece of the index's files: a group of shards, a run of document files, or the search page.
    public enum Part: Sendable, Equatable {
        case shards([Int])
        case patched([Int])
        case documents(Range<Int>)
        case page
    }

    /// The parts that together make every file of the index (and the search page), each
    /// independent of the others, heaviest first.
    public var parts: [Part] {
        let patched = patchedShards.keys.sorted()
        return shardGroups.map(Part.shards)
            + stride(from: 0, to: patched.count, by: Self.patchedPerPart).map { .patched(Array(patched[$0..<min($0 + Self.patchedPerPart, patched.count)])) }
            + stride(from: 0, to: documents.count, by: Self.documentsPerPart).map { .documents($0..<min($0 + Self.documentsPerPart, documents.count)) }
            + [.page]
    }

    /// What the first pass learns from a run of documents: every key in them and the size of its postings there.
    struct Measure: Sendable {
        var keys: [SearchKeys.Key] = []
        var sizes: [Postings.Size] = []
    }

    /// The index of `documents`, measured on this thread.
    public init(documents: [SearchDocument]) {
        self.init(documents: documents, measures: [Self.measure(documents, ids: documents.indices)])
    }

    /// The index of `documents`, measured on every core.
    public static func make(documents: [SearchDocument]) async -> SearchIndex {
        SearchIndex(documents: documents, measures: await measureConcurrently(documents, shards: nil))
    }

    /// The first pass on every core, over all keys or only those of `shards`.
    static func measureConcurrently(_ documents: [SearchDocument], shards: ShardSet?) async -> [Measure] {
        let runs = Concurrently.coreCount * 2
        let length = max(64, (documents.count + runs - 1) / runs)
        let ranges = stride(from: 0, to: documents.count, by: length).map { $0..<min($0 + length, documents.count) }
        return await Concurrently.map(ranges) { Self.measure(documents, ids: $0, shards: shards) }
    }

    /// Some of the shards, as a table by shard number.
    struct ShardSet: Sendable {
        var contains: [Bool]
        let mask: UInt32

        init(count: Int) {
            contains = [Bool](repeating: false, count: count)
            mask = UInt32(count - 1)
        }

        var members: [Int] { contains.indices.filter { contains[$0] } }

        @inline(__always)
        func has(_ key: SearchKeys.Key) -> Bool { contains[Int(SearchKeys.hash(key) & mask)] }
    }

    /// The first pass over `documents[ids]`: per key, the size of its postings; only the keys of
    /// `shards` when given.
    static func measure(_ documents: [SearchDocument], ids: Range<Int>, shards: ShardSet? = nil) -> Measure {
        var slots = KeySlots()
        var sizes: [Postings.Size] = []
        var tally = DocumentTally()
        for id in ids {
            let id32 = Int32(id)
            tally.tally(id: id32, documents[id]) { key in
                if let shards, !shards.has(key) { return nil }
                return slots.insert(key)
            }
            if sizes.count < slots.count { sizes += repeatElement(Postings.Size(), count: slots.count - sizes.count) }
            for slot in tally.touched { sizes[slot].add(id: id32, value: tally.value(slot, id: id32)) }
        }
        return Measure(keys: slots.keys, sizes: sizes)
    }

    /// The index from the first pass over runs of the documents: the number of shards, and the
    /// keys in the order they are written.
    init(documents: [SearchDocument], measures: [Measure]) {
        let merged = Self.merge(measures)
        let total = zip(merged.keys, merged.sizes).reduce(0) { $0 + Postings.entryBytes(key: $1.0, size: $1.1) }
        self.init(documents: documents, keys: merged.keys, sizes: merged.sizes, shardCount: Self.shardCount(total: total),
                  building: nil, previous: nil, changedDocuments: nil, patched: [:])
    }

    /// Every key of the measures (runs in id order) and the size of its postings.
    static func merge(_ measures: [Measure]) -> (keys: [SearchKeys.Key], sizes: [Postings.Size]) {
        var slots = KeySlots(capacity: measures.map(\.keys.count).max() ?? 0)
        var sizes: [Postings.Size] = []
        for measure in measures {
            for (key, size) in zip(measure.keys, measure.sizes) {
                let slot = slots.insert(key)
                if slot == sizes.count { sizes.append(Postings.Size()) }
                sizes[slot].append(size)
            }
        }
        return (slots.keys, sizes)
    }

    /// The number of shards for entries of `total` bytes.
    static func shardCount(total: Int) -> Int {
        var shards = 1
        while shards < Self.maximumShards && total / shards > Self.targetShardBytes { shards *= 2 }
        return shards
    }

    /// The index with `keys` in `shardCount` shards. `building`: the shards that are built (every
    /// one when nil), and `keys` are exactly their keys; the others' bytes come from `previous`.
    init(documents: [SearchDocument], keys unordered: [SearchKeys.Key], sizes unorderedSizes: [Postings.Size], shardCount shards: Int,
         building: ShardSet?, previous: SearchLayout?, changedDocuments: [Bool]?, patched: [Int: [UInt8]]) {
        self.documents = documents
        self.patchedShards = patched
        self.shardCount = shards
        self.changedDocuments = changedDocuments
        let mask = UInt32(shards - 1)
        let order = unordered.indices.sorted { a, b in
            let shardA = SearchKeys.hash(unordered[a]) & mask, shardB = SearchKeys.hash(unordered[b]) & mask
            return shardA != shardB ? shardA < shardB : unordered[a] < unordered[b]
        }
        self.keys = order.map { unordered[$0] }
        self.sizes = order.map { unorderedSizes[$0] }
        var starts = [Int](repeating: 0, count: shards + 1)
        for key in keys { starts[Int(SearchKeys.hash(key) & mask) + 1] += 1 }
        for shard in 0..<shards { starts[shard + 1] += starts[shard] }
        self.shardStarts = starts
        let built = building?.members ?? Array(0..<shards)
        var layout = previous ?? SearchLayout(documents: documents, shardBytes: [Int](repeating: 0, count: shards))
        layout.shardBytes = layout.shardBytes.count == shards ? layout.shardBytes : [Int](repeating: 0, count: shards)
        for shard in built { layout.shardBytes[shard] = Self.shardBytes(keys: keys, sizes: sizes, range: starts[shard]..<starts[shard + 1]) }
        layout.documents = SearchLayout.signatures(documents)
        self.layout = layout
        let fileBytes = built.map { layout.shardBytes[$0] }
        if building == nil {
            self.shardGroups = Self.groups(shardBytes: fileBytes).map { Array($0) }
        } else {
            // One pass over the texts for all of them, unless they are more than one part should hold.
            var groups: [[Int]] = [], sum = 0
            for (shard, bytes) in zip(built, fileBytes) {
                if groups.isEmpty || (sum + bytes > Self.groupBytes && !groups[groups.count - 1].isEmpty) {
                    groups.append([])
                    sum = 0
                }
                groups[groups.count - 1].append(shard)
                sum += bytes
            }
            self.shardGroups = groups
        }
    }

    /// The bytes of the entries `keys[range]`.
    static func shardBytes(keys: [SearchKeys.Key], sizes: [Postings.Size], range: Range<Int>) -> Int {
        range.reduce(0) { $0 + Postings.entryBytes(key: keys[$1], size: sizes[$1]) }
    }

    /// The index after some documents changed or were added after the last one, building only the
    /// shards that can have changed: those of a key of an old or a new text or title that differ.
    /// Every other shard file, and every `docs/<id>.js` of a document that did not change, is byte
    /// for byte the last build's, because a key's postings depend only on the documents it occurs in
    /// and their ids.
    ///
    /// nil when the index must be built in full: a document of the last build is gone or has moved
    /// to another id (`previous.documents`: an issue dated before others was added or one was
    /// removed), a text of the last build is missing (`oldTexts`, by id), or the number of shards
    /// comes out different. `keep` is asked to keep each shard file that does not change
    /// (`search/shards/<k>.js`); a shard it cannot keep is built. With `read` (the last build's file
    /// at a path), a shard that changes is made from its old file (`patch`) rather than by a pass over
    /// every text; one that cannot be read or patched is built.
    public static func update(documents: [SearchDocument], oldTexts: [String?], previous: SearchLayout,
                              keep: (String) -> Bool, read: (@Sendable (String) -> [UInt8]?)? = nil) async -> SearchIndex? {
        let shards = previous.shardBytes.count
        let signatures = SearchLayout.signatures(documents)
        let oldCount = previous.documents.count
        guard shards > 0, shards & (shards - 1) == 0, shards <= Self.maximumShards, oldTexts.count == documents.count,
              oldCount <= documents.count else { return nil }
        var touched = ShardSet(count: shards)
        var changed = [Bool](repeating: false, count: documents.count)
        var units: [UInt16] = []
        func touch(_ document: SearchDocument) {
            for text in [document.text, SearchKeys.joiningScripts(document.title)] {
                let count = SearchKeys.decode(text, into: &units)
                units.withUnsafeBufferPointer { units in
                    SearchKeys.forEachKey(units, count: count) { touched.contains[Int(SearchKeys.hash($0) & touched.mask)] = true }
                }
            }
        }
        for (id, document) in documents.enumerated() {
            if id >= oldCount {
                changed[id] = true
                touch(document)
                continue
            }
            // the same document at the same id (its address), whatever else changed
            guard previous.documents[id].address == signatures[id].address, let old = oldTexts[id] else { return nil }
            guard old != document.text || previous.documents[id].names != signatures[id].names else { continue }
            // a new title changes title marks that the old files do not tell apart: built in full
            guard previous.documents[id].title == signatures[id].title else { return nil }
            changed[id] = true
            let oldDocument = SearchDocument(url: document.url, label: document.label, number: document.number, title: document.title,
                                             series: document.series, dateText: document.dateText, dateISO: document.dateISO, text: old)
            touch(oldDocument)
            touch(document)
        }
        var building = touched
        var patched: [Int: [UInt8]] = [:]
        var layout = previous
        if let read {
            let changedIDs = changed.indices.filter { changed[$0] }
            let lists = Self.changedLists(documents, ids: changedIDs, mask: touched.mask)
            let changedSet = Set(changedIDs.map { Int32($0) })
            building = ShardSet(count: shards)
            let made = await Concurrently.map(touched.members) { shard in
                read("search/shards/\(shard).js").flatMap { Self.patch($0, shard: shard, changed: changedSet, new: lists[shard] ?? []) }
            }
            for (shard, new) in zip(touched.members, made) {
                if let new {
                    patched[shard] = new.file
                    layout.shardBytes[shard] = new.entryBytes
                } else {
                    building.contains[shard] = true
                }
            }
        }
        func measureBuilding() async -> (keys: [SearchKeys.Key], sizes: [Postings.Size]) {
            building.members.isEmpty ? ([], []) : Self.merge(await measureConcurrently(documents, shards: building))
        }
        var measured = await measureBuilding()
        var total = zip(measured.keys, measured.sizes).reduce(0) { $0 + Postings.entryBytes(key: $1.0, size: $1.1) }
        for shard in 0..<shards where !building.contains[shard] { total += layout.shardBytes[shard] }
        guard Self.shardCount(total: total) == shards else { return nil }
        var missing = false
        for shard in 0..<shards where !touched.contains[shard] && !keep("search/shards/\(shard).js") {
            building.contains[shard] = true
            missing = true
        }
        // A shard file that could not be kept is made again: its keys are measured too.
        if missing { measured = await measureBuilding() }
        return SearchIndex(documents: documents, keys: measured.keys, sizes: measured.sizes, shardCount: shards,
                           building: building, previous: layout, changedDocuments: changed, patched: patched)
    }

    /// `jianbaoSearch.shard(k,"` + base64 + `");\n`.
    static func shardHeader(_ shard: Int) -> [UInt8] { Array("jianbaoSearch.shard(\(shard),\"".utf8) }
    static let shardFooter = Array("\");\n".utf8)

    /// Consecutive runs of shards of about `groupBytes` each (at least one run per core when there
    /// are that many shards, so that the cores share the work: each run is a pass over every text).
    static func groups(shardBytes: [Int]) -> [Range<Int>] {
        let total = shardBytes.reduce(0, +)
        let wanted = min(shardBytes.count, max(2, Concurrently.coreCount, (total + groupBytes - 1) / groupBytes))
        var groups: [Range<Int>] = []
        var start = 0, sum = 0
        for (shard, bytes) in shardBytes.enumerated() {
            sum += bytes
            let remainingShards = shardBytes.count - shard - 1, remainingGroups = wanted - groups.count - 1
            if remainingShards == remainingGroups || (remainingGroups > 0 && sum * wanted >= total * (groups.count + 1)) {
                groups.append(start..<shard + 1)
                start = shard + 1
            }
        }
        if start < shardBytes.count { groups.append(start..<shardBytes.count) }
        return groups
    }
}
