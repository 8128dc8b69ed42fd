import CZlib
import FoundationEssentials
import JianbaoSupport

extension SearchIndex {
    /// Hands each file of one part to `body` as soon as it is made, below `search/` (the page is the
    /// renderer's), so that a part holds one file or one group of shards at a time.
    /// `keep` is asked first for each `docs/<id>.js` that did not change in an incremental build
    /// (`update`): a file it keeps is not made.
    public func forEachFile<Failure: Error>(_ part: Part, keep: (String) -> Bool = { _ in false },
                                            _ body: (OutputFile) throws(Failure) -> Void) throws(Failure) {
        switch part {
        case .shards(let shards):
            let built = buildShards(shards)
            for (shard, range) in zip(shards, built.shardRanges) {
                try body(OutputFile(path: "search/shards/\(shard).js", bytes: Self.shardFile(shard, entries: built.bytes[range])))
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

    static func documentPath(_ id: Int) -> String { "search/docs/\(id).js" }

    /// A shard's file: its entries as base64 inside a call to search.js.
    static func shardFile(_ shard: Int, entries: ArraySlice<UInt8>) -> [UInt8] {
        shardHeader(shard) + Array(Data(entries).base64EncodedString().utf8) + shardFooter
    }

    /// The entries of shard files made as they are written here.
    static func shardEntries(_ file: [UInt8], shard: Int) -> [UInt8]? {
        let header = shardHeader(shard)
        guard file.count >= header.count + shardFooter.count, file.starts(with: header), file.suffix(shardFooter.count).elementsEqual(shardFooter),
              let data = Data(base64Encoded: Data(file[header.count..<(file.count - shardFooter.count)])) else { return nil }
        return Array(data)
    }

    /// The entries of `shards`, one shard after the other in one buffer: the layout first (every
    /// entry's key and length and its postings' place left blank, the exact sizes from the first
    /// pass), then one pass over all texts that writes the postings of these shards' keys into their
    /// places and skips the rest.
    func buildShards(_ shards: [Int]) -> (bytes: [UInt8], shardRanges: [Range<Int>]) {
        var total = 0
        var slots = KeySlots(capacity: shards.reduce(0) { $0 + shardStarts[$1 + 1] - shardStarts[$1] })
        var writer = PostingsWriter()
        var shardRanges: [Range<Int>] = []
        for shard in shards {
            let start = total
            for index in shardStarts[shard]..<shardStarts[shard + 1] {
                let size = sizes[index]
                total += Varint.size(keys[index]) + Varint.size(UInt32(size.bytes))
                _ = slots.insert(keys[index])
                writer.addEntry(at: total, size: size)
                total += size.bytes
            }
            shardRanges.append(start..<total)
        }
        var bytes = [UInt8](repeating: 0, count: total)
        var tally = DocumentTally()
        bytes.withUnsafeMutableBufferPointer { output in
            // the keys, lengths and postings' first bytes
            var at = 0
            for shard in shards {
                for index in shardStarts[shard]..<shardStarts[shard + 1] {
                    Varint.write(keys[index], into: output, at: &at)
                    Varint.write(UInt32(sizes[index].bytes), into: output, at: &at)
                    at += sizes[index].bytes
                }
            }
            writer.writeHeads(into: output)
            let mask = UInt32(shardCount - 1)
            var member = [Bool](repeating: false, count: shardCount)
            for shard in shards { member[shard] = true }
            for (id, document) in documents.enumerated() {
                let id32 = Int32(id)
                tally.tally(id: id32, document) { key in
                    member[Int(SearchKeys.hash(key) & mask)] ? slots.slot(of: key) : nil
                }
                for slot in tally.touched { writer.add(slot: slot, id: id32, value: tally.value(slot, id: id32), into: output) }
            }
        }
        return (bytes, shardRanges)
    }

    /// `jianbaoSearch.doc(<id>,{"url":…,"z":…});` where z is the text, zlib-compressed, in base64.
    func documentFile(_ id: Int) -> OutputFile {
        let document = documents[id]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(document.text.utf8.count / 2 + 400)
        bytes += Array("jianbaoSearch.doc(\(id),{\"url\":".utf8)
        JSONText.append(document.url, to: &bytes)
        for (name, value) in [("label", document.label), ("number", document.number), ("title", document.title),
                              ("series", document.series), ("date", document.dateText), ("iso", document.dateISO)] {
            bytes += Array(",\"\(name)\":".utf8)
            JSONText.append(value, to: &bytes)
        }
        bytes += Array(",\"z\":\"".utf8)
        bytes += Array(Data(Self.compressed(Array(document.text.utf8))).base64EncodedString().utf8)
        bytes += Array("\"});\n".utf8)
        return OutputFile(path: Self.documentPath(id), bytes: bytes)
    }

    /// `bytes` in the zlib format (RFC 1950), at the highest level: what the page reads back with
    /// `DecompressionStream("deflate")`.
    static func compressed(_ bytes: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { output in
            bytes.withUnsafeBufferPointer { input in
                compress2(output.baseAddress, &length, input.baseAddress, uLong(input.count), Z_BEST_COMPRESSION)
            }
        }
        precondition(status == Z_OK, "zlib could not compress \(bytes.count) bytes (status \(status))")
        return Array(output[..<Int(length)])
    }
}

/// Writes the postings of a group's keys into the places left for them, one document at a time in
/// id order (`Postings`).
struct PostingsWriter {
    /// By slot: where the postings start, whether they are a bitmap, where the next value goes, and
    /// the last document written.
    private var start: [Int] = [], bitmap: [Bool] = [], bitmapBytes: [Int] = [], cursor: [Int] = [], last: [Int32] = []

    /// A new key whose postings start at `at`; its slot is the next number.
    mutating func addEntry(at: Int, size: Postings.Size) {
        start.append(at)
        bitmap.append(size.isBitmap)
        bitmapBytes.append(size.bitmapBytes)
        // mode byte, then the list, or the bitmap's length and bytes before the values
        cursor.append(at + 1 + (size.isBitmap ? Varint.size(UInt32(size.bitmapBytes)) + size.bitmapBytes : 0))
        last.append(-1)
    }

    /// Every key's mode byte and, for a bitmap, its length.
    func writeHeads(into output: UnsafeMutableBufferPointer<UInt8>) {
        for slot in start.indices {
            var at = start[slot]
            output[at] = bitmap[slot] ? 1 : 0
            at += 1
            if bitmap[slot] { Varint.write(UInt32(bitmapBytes[slot]), into: output, at: &at) }
        }
    }

    @inline(__always)
    mutating func add(slot: Int, id: Int32, value: UInt32, into output: UnsafeMutableBufferPointer<UInt8>) {
        var at = cursor[slot]
        if bitmap[slot] {
            let map = start[slot] + 1 + Varint.size(UInt32(bitmapBytes[slot]))
            output[map + Int(id) / 8] |= 1 << UInt8(id % 8)
        } else {
            Varint.write(UInt32(id - last[slot]), into: output, at: &at)
        }
        Varint.write(value, into: output, at: &at)
        last[slot] = id
        cursor[slot] = at
    }
}
