import JianbaoSupport

/// An incremental build's shard files made from the last build's by replacing the changed
/// documents' postings, without a pass over every text: a key's postings are one value per
/// document in id order, so the other documents' values stay as they were.
extension SearchIndex {
    typealias Entry = (key: SearchKeys.Key, list: [(id: Int32, value: UInt32)])

    /// The changed documents' postings, by shard, then by key in file order, each key's documents in id order.
    static func changedLists(_ documents: [SearchDocument], ids: [Int], mask: UInt32) -> [Int: [Entry]] {
        var slots = KeySlots()
        var lists: [[(id: Int32, value: UInt32)]] = []
        var tally = DocumentTally()
        for id in ids.sorted() {
            let id32 = Int32(id)
            tally.tally(id: id32, documents[id]) { slots.insert($0) }
            if lists.count < slots.count { lists += repeatElement([], count: slots.count - lists.count) }
            for slot in tally.touched { lists[slot].append((id32, tally.value(slot, id: id32))) }
        }
        var byShard: [Int: [Entry]] = [:]
        for (slot, key) in slots.keys.enumerated() {
            byShard[Int(SearchKeys.hash(key) & mask), default: []].append((key, lists[slot]))
        }
        for shard in byShard.keys { byShard[shard]!.sort { $0.key < $1.key } }
        return byShard
    }

    /// Shard `shard`'s file with the postings of `changed` documents taken out and `new` put in, and
    /// the bytes of its entries; nil when `old` is not a shard file as this version writes them. An
    /// entry that holds no changed document and gets none is copied as it is.
    static func patch(_ old: [UInt8], shard: Int, changed: Set<Int32>, new: [Entry]) -> (file: [UInt8], entryBytes: Int)? {
        guard let bytes = shardEntries(old, shard: shard) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64 * new.count)
        var next = 0
        let lowest = changed.min() ?? Int32.max
        func emit(_ key: SearchKeys.Key, _ list: [(id: Int32, value: UInt32)]) {
            if !list.isEmpty { Postings.appendEntry(key: key, list: list, to: &output) }
        }
        let patched: Bool = bytes.withUnsafeBufferPointer { bytes in
            var at = 0
            while at < bytes.count {
                let start = at
                guard let key = Varint.read(bytes, at: &at, end: bytes.count),
                      let length = Varint.read(bytes, at: &at, end: bytes.count), length >= 1, at + Int(length) <= bytes.count else { return false }
                let end = at + Int(length)
                while next < new.count && new[next].key < key {
                    emit(new[next].key, new[next].list)
                    next += 1
                }
                let gets = next < new.count && new[next].key == key
                guard gets || Postings.mayHold(bytes, from: at, to: end, anyOf: changed, from: lowest) else {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                    at = end
                    continue
                }
                guard let list = Postings.list(bytes, from: at, to: end) else { return false }
                var kept = list.filter { !changed.contains($0.id) }
                if gets {
                    kept = (kept + new[next].list).sorted { $0.id < $1.id }
                    next += 1
                }
                emit(key, kept)
                at = end
            }
            return true
        }
        guard patched else { return nil }
        while next < new.count {
            emit(new[next].key, new[next].list)
            next += 1
        }
        return (shardFile(shard, entries: output[...]), output.count)
    }
}
