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
    public static let formatVersion = 1
    static let targetShardBytes = 24 * 1024
    static let maximumShards = 4096
    /// About the most bytes of shard files one part builds at once (two parts run at once on two
    /// cores). Each part is one more pass over all texts: at 10,000 issues (9 parts) a pass is about
    /// 0.6 % of the build's CPU time.
    static let groupBytes = 16 << 20
    /// Documents per part that writes `docs/<id>.js`.
    static let documentsPerPart = 250

    public let documents: [SearchDocument]
    public let shardCount: Int
    /// Every bigram of the archive, ordered by shard and then by key: the order of the shard files.
    let keys: [SearchBigrams.Key]
    /// The bytes of each bigram's entry in its shard file (`"督导":[[0,0,3],[1,2]]`), by `keys` index.
    let entryBytes: [Int]
    /// Where each shard's bigrams start in `keys`, and `keys.count` last.
    let shardStarts: [Int]
    /// The shards to build, in runs each built by one part: every shard in a full build, only those
    /// that changed in an incremental one (`update`).
    let shardGroups: [[Int]]
    /// By id: whether `docs/<id>.js` changed; nil when every file is written (a full build).
    let changedDocuments: [Bool]?
    /// What the next build needs to know to keep the shards that do not change.
    public let layout: SearchLayout
    /// Shard files made from the last build's (`SearchIndex+Patch.swift`), by shard.
    let patchedShards: [Int: [UInt8]]
    /// Patched shard files per part.
    static let patchedPerPart = 64

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

    /// What the first pass learns from a run of documents: every bigram in them and the bytes of its
    /// postings there, each document's `[id,first,gaps…]` with the comma after it.
    struct Measure: Sendable {
        var keys: [SearchBigrams.Key] = []
        var postingBytes: [Int] = []
    }

    /// The index of `documents`, measured on this thread.
    public init(documents: [SearchDocument]) {
        self.init(documents: documents, measures: [Self.measure(documents, ids: documents.indices)])
    }

    /// The index of `documents`, measured on every core.
    public static func make(documents: [SearchDocument]) async -> SearchIndex {
        SearchIndex(documents: documents, measures: await measureConcurrently(documents, shards: nil))
    }

    /// The first pass on every core, over all bigrams or only those of `shards`.
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
    }

    /// The first pass over `documents[ids]`: per bigram, the bytes its postings take; only the
    /// bigrams of `shards` when given.
    static func measure(_ documents: [SearchDocument], ids: Range<Int>, shards: ShardSet? = nil) -> Measure {
        var slots = BigramSlots()
        var bytes: [Int] = [], lastID: [Int32] = [], lastPosition: [Int32] = []
        for id in ids {
            let id = Int32(id)
            let idDigits = SearchBigrams.digitCount(id)
            var text = documents[Int(id)].text
            text.withUTF8 { utf8 in
                var reader = SearchBigrams.Reader(utf8)
                while let (key, position) = reader.next() {
                    if let shards, !shards.contains[Int(SearchBigrams.hash(key) & shards.mask)] { continue }
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
        let merged = Self.merge(measures)
        let total = merged.entryBytes.reduce(0) { $0 + $1 + 1 }
        self.init(documents: documents, keys: merged.keys, entryBytes: merged.entryBytes, shardCount: Self.shardCount(total: total),
                  building: nil, previous: nil, changedDocuments: nil, patched: [:])
    }

    /// Every bigram of the measures and the bytes of its entry (`"督导":[` + the postings + `]`).
    static func merge(_ measures: [Measure]) -> (keys: [SearchBigrams.Key], entryBytes: [Int]) {
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
        for (slot, key) in slots.keys.enumerated() {
            keyText.removeAll(keepingCapacity: true)
            Self.appendKey(key, to: &keyText)
            entryBytes[slot] = keyText.count + 2 + postingBytes[slot]
        }
        return (slots.keys, entryBytes)
    }

    /// The number of shards for entries of `total` bytes (each with a comma after it).
    static func shardCount(total: Int) -> Int {
        var shards = 1
        while shards < Self.maximumShards && total / shards > Self.targetShardBytes { shards *= 2 }
        return shards
    }

    /// The index with `keys` in `shardCount` shards. `building`: the shards that are built (every
    /// one when nil), and `keys` are exactly their bigrams; the others' bytes come from `previous`.
    private init(documents: [SearchDocument], keys unordered: [SearchBigrams.Key], entryBytes: [Int], shardCount shards: Int,
                 building: ShardSet?, previous: SearchLayout?, changedDocuments: [Bool]?, patched: [Int: [UInt8]]) {
        self.documents = documents
        self.patchedShards = patched
        self.shardCount = shards
        self.changedDocuments = changedDocuments
        let mask = UInt32(shards - 1)
        let order = unordered.indices.sorted { a, b in
            let shardA = SearchBigrams.hash(unordered[a]) & mask, shardB = SearchBigrams.hash(unordered[b]) & mask
            return shardA != shardB ? shardA < shardB : unordered[a] < unordered[b]
        }
        let orderedBytes = order.map { entryBytes[$0] }
        self.keys = order.map { unordered[$0] }
        self.entryBytes = orderedBytes
        var starts = [Int](repeating: 0, count: shards + 1)
        for key in keys { starts[Int(SearchBigrams.hash(key) & mask) + 1] += 1 }
        for shard in 0..<shards { starts[shard + 1] += starts[shard] }
        self.shardStarts = starts
        let built = building?.members ?? Array(0..<shards)
        var layoutBytes = previous?.shardBytes ?? [Int](repeating: 0, count: shards)
        for shard in built {
            layoutBytes[shard] = orderedBytes[starts[shard]..<starts[shard + 1]].reduce(0) { $0 + $1 + 1 }
        }
        self.layout = SearchLayout(signature: Self.signature(documents), shardBytes: layoutBytes)
        let fileBytes = built.map { shard in
            Self.shardFileBytes(shard, entryBytes: orderedBytes[starts[shard]..<starts[shard + 1]])
        }
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

    /// The index after the texts of some documents changed, building only the shards that can have
    /// changed: those of a bigram of an old or a new text that differ. Every other shard file, and
    /// every `docs/<id>.js` of a document whose text is the same, is byte for byte the last build's,
    /// because the postings of a bigram depend only on the texts it occurs in and the ids.
    ///
    /// nil when the index must be built in full: the documents are not the last build's in the same
    /// order with the same names (`previous.signature`), a text of the last build is missing
    /// (`oldTexts`, by id), or the number of shards comes out different. `keep` is asked to keep
    /// each shard file that does not change (`search/shards/<k>.js`); a shard it cannot keep is built.
    /// With `read` (the last build's file at a path), a shard that changes is made from its old file
    /// (`patch`) rather than by a pass over every text; one that cannot be read or patched is built.
    public static func update(documents: [SearchDocument], oldTexts: [String?], previous: SearchLayout,
                       keep: (String) -> Bool, read: (@Sendable (String) -> [UInt8]?)? = nil) async -> SearchIndex? {
        let shards = previous.shardBytes.count
        guard shards > 0, shards & (shards - 1) == 0, shards <= Self.maximumShards, oldTexts.count == documents.count,
              previous.signature == Self.signature(documents) else { return nil }
        var touched = ShardSet(count: shards)
        var changed = [Bool](repeating: false, count: documents.count)
        for (id, document) in documents.enumerated() {
            guard let old = oldTexts[id] else { return nil }
            guard old != document.text else { continue }
            changed[id] = true
            for var text in [old, document.text] {
                text.withUTF8 { utf8 in
                    var reader = SearchBigrams.Reader(utf8)
                    while let (key, _) = reader.next() { touched.contains[Int(SearchBigrams.hash(key) & touched.mask)] = true }
                }
            }
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
                    patched[shard] = new
                    let inner = new.count - Self.shardHeader(shard).count - Self.shardFooter.count
                    layout.shardBytes[shard] = inner == 0 ? 0 : inner + 1
                } else {
                    building.contains[shard] = true
                }
            }
        }
        func measureBuilding() async -> (keys: [SearchBigrams.Key], entryBytes: [Int]) {
            building.members.isEmpty ? ([], []) : Self.merge(await measureConcurrently(documents, shards: building))
        }
        var measured = await measureBuilding()
        var total = measured.entryBytes.reduce(0) { $0 + $1 + 1 }
        for shard in 0..<shards where !building.contains[shard] { total += layout.shardBytes[shard] }
        guard Self.shardCount(total: total) == shards else { return nil }
        var missing = false
        for shard in 0..<shards where !touched.contains[shard] && !keep("search/shards/\(shard).js") {
            building.contains[shard] = true
            missing = true
        }
        // A shard file that could not be kept is made again: its bigrams are measured too.
        if missing { measured = await measureBuilding() }
        return SearchIndex(documents: documents, keys: measured.keys, entryBytes: measured.entryBytes, shardCount: shards,
                           building: building, previous: layout, changedDocuments: changed, patched: patched)
    }

    /// FNV-1a (64 bits) over every document's address, label, title, series and dates: the same
    /// exactly when the ids and everything of `docs/<id>.js` but the text are.
    static func signature(_ documents: [SearchDocument]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func add(_ byte: UInt8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        for document in documents {
            for field in [document.url, document.label, document.title, document.series, document.dateText, document.dateISO] {
                for byte in field.utf8 { add(byte) }
                add(0x1F)
            }
            add(0x1E)
        }
        return hash
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
        return SearchBigrams.finalMix(hash)
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
