import JianbaoSupport

/// The static full-text search index: character bigrams, so that any query of two or more
/// characters finds every place it occurs, with no word segmentation (Chinese has no spaces).
///
/// Layout under `search/` (all JavaScript files that call back into `search.js`, so that the search
/// also works from `file://`, where a page may load scripts but not fetch files):
/// - `shards/<k>.js`: the postings of the bigrams whose hash falls in shard k: for each bigram, per
///   document `[id, first position, gaps…]` (positions in UTF-16 units of the document's text). A query
///   loads only the shards of its bigrams, and from them knows exactly where it occurs.
/// - `docs/<id>.js`: one document's address, names and text, loaded only for the results shown, to
///   cut the passage around the match. Ids are in archive order, newest first, so sorting ids sorts
///   results newest first.
///
/// The number of shards grows with the archive so that a shard stays near `targetShardBytes`.
///
/// Built in bounded memory, in parts that run on every core (see `parts`): a first pass over the
/// texts (`measure`) learns every bigram and the exact size of its postings, which fixes the number
/// of shards and where each bigram's postings go in its shard file; then each group of shards is
/// made by a pass of its own over all texts that keeps only that group's bigrams and writes their
/// postings straight into the files' bytes (`SearchIndex+Files.swift`). Nothing ever holds the
/// postings of the whole archive.
public struct SearchIndex: Sendable {
    static let formatVersion = 1
    static let targetShardBytes = 24 * 1024
    static let maximumShards = 4096
    /// About the most bytes of shard files one part builds at once (two parts run at once on two
    /// cores). Each part is one more pass over all texts: at 10,000 issues (9 parts) a pass is about
    /// 0.6 % of the build's CPU time.
    static let groupBytes = 16 << 20
    /// Documents per part that writes `docs/<id>.js`.
    static let documentsPerPart = 250

    let documents: [SearchDocument]
    let shardCount: Int
    /// Every bigram of the archive, ordered by shard and then by key: the order of the shard files.
    let keys: [SearchBigrams.Key]
    /// The bytes of each bigram's entry in its shard file (`"督导":[[0,0,3],[1,2]]`), by `keys` index.
    let entryBytes: [Int]
    /// Where each shard's bigrams start in `keys`, and `keys.count` last.
    let shardStarts: [Int]
    /// Consecutive runs of shards, each built by one part.
    let shardGroups: [Range<Int>]

    /// One piece of the index's files: a group of shards, a run of document files, or the search page.
    public enum Part: Sendable, Equatable {
        case shards(Range<Int>)
        case documents(Range<Int>)
        case page
    }

    /// The parts that together make every file of the index (and the search page), each
    /// independent of the others, heaviest first.
    public var parts: [Part] {
        shardGroups.map(Part.shards)
            + stride(from: 0, to: documents.count, by: Self.documentsPerPart).map { .documents($0..<min($0 + Self.documentsPerPart, documents.count)) }
            + [.page]
    }

    /// What the first pass learns from a run of documents: every bigram in them and the bytes of its
    /// postings there, each document's `[id,first,gaps…]` with the comma after it.
    struct Measure: Sendable {
        var keys: [SearchBigrams.Key] = []
        var postingBytes: [Int] = []
    }

    /// The index of `documents`, measured on this thread.
    init(documents: [SearchDocument]) {
        self.init(documents: documents, measures: [Self.measure(documents, ids: documents.indices)])
    }

    /// The index of `documents`, measured on every core.
    static func make(documents: [SearchDocument]) async -> SearchIndex {
        let runs = Concurrently.coreCount * 2
        let length = max(64, (documents.count + runs - 1) / runs)
        let ranges = stride(from: 0, to: documents.count, by: length).map { $0..<min($0 + length, documents.count) }
        let measures = await Concurrently.map(ranges) { Self.measure(documents, ids: $0) }
        return SearchIndex(documents: documents, measures: measures)
    }

    /// The first pass over `documents[ids]`: per bigram, the bytes its postings take.
    static func measure(_ documents: [SearchDocument], ids: Range<Int>) -> Measure {
        var slots = BigramSlots()
        var bytes: [Int] = [], lastID: [Int32] = [], lastPosition: [Int32] = []
        for id in ids {
            let id = Int32(id)
            let idDigits = SearchBigrams.digitCount(id)
            var text = documents[Int(id)].text
            text.withUTF8 { utf8 in
                var reader = SearchBigrams.Reader(utf8)
                while let (key, position) = reader.next() {
                    let (slot, isNew) = slots.insert(key)
                    if isNew {
                        bytes.append(0)
                        lastID.append(-1)
                        lastPosition.append(0)
                    }
                    if lastID[slot] != id {
                        // `[id,first` now, `]` and the comma after it when it ends
                        bytes[slot] += 4 + idDigits + SearchBigrams.digitCount(position)
                        lastID[slot] = id
                    } else {
                        bytes[slot] += 1 + SearchBigrams.digitCount(position - lastPosition[slot])
                    }
                    lastPosition[slot] = position
                }
            }
        }
        return Measure(keys: slots.keys, postingBytes: bytes)
    }

    /// The index from the first pass over runs of the documents: the number of shards, and the
    /// bigrams in the order they are written.
    init(documents: [SearchDocument], measures: [Measure]) {
        self.documents = documents
        var slots = BigramSlots(capacity: measures.map(\.keys.count).max() ?? 0)
        var postingBytes: [Int] = []
        for measure in measures {
            for (key, bytes) in zip(measure.keys, measure.postingBytes) {
                let (slot, isNew) = slots.insert(key)
                if isNew { postingBytes.append(0) }
                postingBytes[slot] += bytes
            }
        }
        // `"督导":[` + the documents' postings, each with a comma after it + `]`, less the last comma.
        var entryBytes = [Int](repeating: 0, count: slots.count)
        var keyText: [UInt8] = []
        var total = 0
        for (slot, key) in slots.keys.enumerated() {
            keyText.removeAll(keepingCapacity: true)
            Self.appendKey(key, to: &keyText)
            entryBytes[slot] = keyText.count + 2 + postingBytes[slot]
            total += entryBytes[slot] + 1
        }
        var shards = 1
        while shards < Self.maximumShards && total / shards > Self.targetShardBytes { shards *= 2 }
        self.shardCount = shards

        let mask = UInt32(shards - 1)
        let order = slots.keys.indices.sorted { a, b in
            let shardA = SearchBigrams.hash(slots.keys[a]) & mask, shardB = SearchBigrams.hash(slots.keys[b]) & mask
            return shardA != shardB ? shardA < shardB : slots.keys[a] < slots.keys[b]
        }
        let orderedBytes = order.map { entryBytes[$0] }
        self.keys = order.map { slots.keys[$0] }
        self.entryBytes = orderedBytes
        var starts = [Int](repeating: 0, count: shards + 1)
        for key in keys { starts[Int(SearchBigrams.hash(key) & mask) + 1] += 1 }
        for shard in 0..<shards { starts[shard + 1] += starts[shard] }
        self.shardStarts = starts
        self.shardGroups = Self.groups(shardBytes: (0..<shards).map { shard in
            Self.shardFileBytes(shard, entryBytes: orderedBytes[starts[shard]..<starts[shard + 1]])
        })
    }

    /// `jianbaoSearch.shard(k,{` + the entries, separated by commas + `});\n`.
    static func shardFileBytes(_ shard: Int, entryBytes: ArraySlice<Int>) -> Int {
        shardHeader(shard).count + entryBytes.reduce(0, +) + max(0, entryBytes.count - 1) + shardFooter.count
    }

    static func shardHeader(_ shard: Int) -> [UInt8] { Array("jianbaoSearch.shard(\(shard),{".utf8) }
    static let shardFooter = Array("});\n".utf8)

    /// Consecutive runs of shards of about `groupBytes` each (at least four runs when there are that
    /// many shards, so that the cores share the work).
    static func groups(shardBytes: [Int]) -> [Range<Int>] {
        let total = shardBytes.reduce(0, +)
        let wanted = min(shardBytes.count, max(4, (total + groupBytes - 1) / groupBytes))
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

    /// A bigram's key as a JSON string (`JSONText.string(utf16:)`).
    static func appendKey(_ key: SearchBigrams.Key, to bytes: inout [UInt8]) {
        JSONText.append(utf16: [UInt16(key >> 16), UInt16(key & 0xFFFF)], to: &bytes)
    }

    /// What the search page needs to know before it loads anything.
    var settingsJSON: String {
        JSONText.object([("version", String(Self.formatVersion)), ("shards", String(shardCount)),
                         ("documents", String(documents.count))])
    }

    // MARK: The rules search.js repeats exactly

    /// Full-width ASCII (ＡＢＣ１２３) as ASCII, ASCII letters lower case, the ideographic space as a
    /// space. One unit in, one unit out, so positions in the normalised text are positions in the text.
    static func normalized(_ units: [UInt16]) -> [UInt16] {
        units.map(SearchBigrams.normalized)
    }

    /// White space ends a bigram: none spans two paragraphs or table cells.
    @inline(__always)
    static func isBreak(_ unit: UInt16) -> Bool {
        unit == 0x20 || unit == 0x0A || unit == 0x0D || unit == 0x09
    }

    /// FNV-1a over the two UTF-16 units, 32 bits, then MurmurHash3's final mix (FNV's low bits depend
    /// only on the units' low bits, and the shard is the hash modulo a power of two): cheap, and easy
    /// to repeat in JavaScript with Math.imul.
    static func hash(_ units: [UInt16]) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for unit in units {
            hash ^= UInt32(unit)
            hash = hash &* 16_777_619
        }
        hash ^= hash >> 16
        hash = hash &* 0x85EB_CA6B
        hash ^= hash >> 13
        hash = hash &* 0xC2B2_AE35
        hash ^= hash >> 16
        return hash
    }

    /// The bigram offsets a query of `length` units is checked at: 0, 2, 4 … and the last. Together they
    /// cover every character, so a document has the query at p exactly when each of those bigrams is
    /// at p + offset; a 4-character query loads two shards, not three.
    static func coveringOffsets(length: Int) -> [Int] {
        guard length >= 2 else { return [] }
        var offsets = Array(stride(from: 0, through: length - 2, by: 2))
        if offsets.last != length - 2 { offsets.append(length - 2) }
        return offsets
    }
}
