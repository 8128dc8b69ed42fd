import JianbaoSupport

extension SearchIndex {
    /// Hands each file of one part to `body` as soon as it is made, below `search/` (the page is the
    /// renderer's: `SiteRenderer.forEachSearchFile`), so that a part holds one file or one group of
    /// shards at a time, never a copy of the group besides.
    /// `keep` is asked first for each `docs/<id>.js` whose text did not change in an incremental build
    /// (`update`): a file it keeps is not made.
    public func forEachFile<Failure: Error>(_ part: Part, keep: (String) -> Bool = { _ in false },
                                     _ body: (OutputFile) throws(Failure) -> Void) throws(Failure) {
        switch part {
        case .shards(let shards):
            let built = buildShards(shards)
            for (shard, range) in zip(shards, built.fileRanges) {
                try body(OutputFile(path: "search/shards/\(shard).js", bytes: Array(built.bytes[range])))
            }
        case .patched(let shards):
            for shard in shards {
                guard let bytes = patchedShards[shard] else { continue }
                try body(OutputFile(path: "search/shards/\(shard).js", bytes: bytes))
            }
        case .documents(let ids):
            for id in ids {
                if let changedDocuments, !changedDocuments[id], keep(Self.documentPath(id)) { continue }
                try body(documentFile(id))
            }
        case .page:
            break
        }
    }

    func files(_ part: Part) -> [OutputFile] {
        var files: [OutputFile] = []
        forEachFile(part) { files.append($0) }
        return files
    }

    /// Every file of the index, below `search/`, in order: the shards, then the documents.
    func files() -> [OutputFile] {
        parts.flatMap(files)
    }

    /// Each bigram's entry in its shard file (`"督导":[[0,0,3],[1,2]]`), in file order.
    var entries: [(key: [UInt16], shard: Int, json: String)] {
        shardGroups.flatMap { group -> [(key: [UInt16], shard: Int, json: String)] in
            let built = buildShards(group)
            return built.entryRanges.enumerated().map { offset, range in
                let key = keys[shardStarts[group[0]] + offset]
                let shard = Int(SearchBigrams.hash(key) & UInt32(shardCount - 1))
                return ([UInt16(key >> 16), UInt16(key & 0xFFFF)], shard, String(decoding: built.bytes[range], as: UTF8.self))
            }
        }
    }

    func shardFiles(_ shards: Range<Int>) -> [OutputFile] {
        files(.shards(Array(shards)))
    }

    static func documentPath(_ id: Int) -> String { "search/docs/\(id).js" }

    /// The shard files of `shards`, one after the other in one buffer: the layout first (every
    /// entry's key and brackets, its postings' place left blank, the exact size from the first
    /// pass), then one pass over all texts that writes the postings of these shards' bigrams into
    /// their places and skips the rest.
    func buildShards(_ shards: [Int]) -> (bytes: [UInt8], fileRanges: [Range<Int>], entryRanges: [Range<Int>]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(shards.reduce(0) { $0 + Self.shardFileBytes($1, entryBytes: entryBytes[shardStarts[$1]..<shardStarts[$1 + 1]]) })
        var fileRanges: [Range<Int>] = [], entryRanges: [Range<Int>] = []
        var slots = BigramSlots(capacity: shards.reduce(0) { $0 + shardStarts[$1 + 1] - shardStarts[$1] })
        var postings = PostingsWriter()
        for shard in shards {
            let fileStart = bytes.count
            bytes += Self.shardHeader(shard)
            for index in shardStarts[shard]..<shardStarts[shard + 1] {
                if index > shardStarts[shard] { bytes.append(UInt8(ascii: ",")) }
                let entryStart = bytes.count
                Self.appendKey(keys[index], to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                bytes.append(UInt8(ascii: "["))
                _ = slots.insert(keys[index])
                postings.addEntry(at: bytes.count)
                bytes.append(contentsOf: repeatElement(0, count: entryBytes[index] - (bytes.count - entryStart) - 1))
                bytes.append(UInt8(ascii: "]"))
                entryRanges.append(entryStart..<bytes.count)
            }
            bytes += Self.shardFooter
            fileRanges.append(fileStart..<bytes.count)
        }
        let mask = UInt32(shardCount - 1)
        // A run of consecutive shards (a full build) is told by a subtraction and one comparison; any
        // other set (an incremental build) by a table.
        let isRun = shards.isEmpty || shards[shards.count - 1] - shards[0] + 1 == shards.count
        let lowest = UInt32(shards.first ?? 0), width = UInt32(isRun ? shards.count : 0)
        var member = [Bool](repeating: false, count: isRun ? 0 : shardCount)
        for shard in shards where !isRun { member[shard] = true }
        var units: [UInt16] = [], places: [UInt32] = []
        bytes.withUnsafeMutableBufferPointer { output in
            for (id, document) in documents.enumerated() {
                let count = SearchBigrams.decode(document.text, into: &units)
                guard count >= 2 else { continue }
                if places.count < units.count { places = [UInt32](repeating: 0, count: units.count) }
                units.withUnsafeBufferPointer { units in
                    places.withUnsafeMutableBufferPointer { places in
                        // First every pair's shard less the first of these shards, breaks too: a loop
                        // with no branch, which the compiler runs on several pairs at once.
                        for first in 0..<(count - 1) {
                            let key = SearchBigrams.Key(units[first]) << 16 | SearchBigrams.Key(units[first + 1])
                            places[first] = (SearchBigrams.hash(key) & mask) &- lowest
                        }
                        if isRun {
                            for first in 0..<(count - 1) where places[first] < width {
                                guard !SearchIndex.isBreak(units[first]) && !SearchIndex.isBreak(units[first + 1]),
                                      let slot = slots.slot(of: SearchBigrams.Key(units[first]) << 16 | SearchBigrams.Key(units[first + 1]))
                                else { continue }
                                postings.add(slot: slot, id: Int32(id), position: Int32(first), into: output)
                            }
                        } else {
                            for first in 0..<(count - 1) where member[Int(places[first] &+ lowest)] {
                                guard !SearchIndex.isBreak(units[first]) && !SearchIndex.isBreak(units[first + 1]),
                                      let slot = slots.slot(of: SearchBigrams.Key(units[first]) << 16 | SearchBigrams.Key(units[first + 1]))
                                else { continue }
                                postings.add(slot: slot, id: Int32(id), position: Int32(first), into: output)
                            }
                        }
                    }
                }
            }
            postings.finish(into: output)
        }
        return (bytes, fileRanges, entryRanges)
    }

    /// `jianbaoSearch.doc(<id>,{"url":…,"text":…});`
    func documentFile(_ id: Int) -> OutputFile {
        let document = documents[id]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(document.text.utf8.count + document.title.utf8.count + 200)
        bytes += Array("jianbaoSearch.doc(\(id),{\"url\":".utf8)
        JSONText.append(document.url, to: &bytes)
        for (name, value) in [("label", document.label), ("title", document.title), ("series", document.series),
                              ("date", document.dateText), ("iso", document.dateISO), ("text", document.text)] {
            bytes += Array(",\"\(name)\":".utf8)
            JSONText.append(value, to: &bytes)
        }
        bytes += Array("});\n".utf8)
        return OutputFile(path: Self.documentPath(id), bytes: bytes)
    }
}

/// Writes the postings of a group's bigrams into the places left for them, one occurrence at a time
/// in document and position order: `[id,first` when a bigram appears in a new document (after `],`
/// closing the last one), `,gap` for each further place in the same document.
struct PostingsWriter {
    /// By slot: where the bigram's next bytes go, and the document and position it was last seen at.
    private var cursor: [Int] = [], lastID: [Int32] = [], lastPosition: [Int32] = []

    /// A new bigram whose postings start at `start`; its slot is the next number.
    mutating func addEntry(at start: Int) {
        cursor.append(start)
        lastID.append(-1)
        lastPosition.append(0)
    }

    @inline(__always)
    mutating func add(slot: Int, id: Int32, position: Int32, into output: UnsafeMutableBufferPointer<UInt8>) {
        var at = cursor[slot]
        if lastID[slot] != id {
            if lastID[slot] >= 0 {
                output[at] = UInt8(ascii: "]")
                output[at + 1] = UInt8(ascii: ",")
                at += 2
            }
            output[at] = UInt8(ascii: "[")
            Self.write(id, at: &at, into: output, after: 1)
            output[at] = UInt8(ascii: ",")
            Self.write(position, at: &at, into: output, after: 1)
            lastID[slot] = id
        } else {
            output[at] = UInt8(ascii: ",")
            Self.write(position - lastPosition[slot], at: &at, into: output, after: 1)
        }
        lastPosition[slot] = position
        cursor[slot] = at
    }

    /// Each bigram's last `]`, in the place left for it.
    func finish(into output: UnsafeMutableBufferPointer<UInt8>) {
        for at in cursor { output[at] = UInt8(ascii: "]") }
    }

    /// Writes `value` in decimal at `at + skip` and moves `at` past it.
    @inline(__always)
    private static func write(_ value: Int32, at: inout Int, into output: UnsafeMutableBufferPointer<UInt8>, after skip: Int) {
        at += skip
        let count = SearchBigrams.digitCount(value)
        var rest = value
        var index = at + count - 1
        while index >= at {
            output[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
        at += count
    }
}
