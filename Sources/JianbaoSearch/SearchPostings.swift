/// The postings of one key: per document that has it, a value `count << 1 | inTitle` (how often
/// the key occurs in the text, and whether it occurs in the title). No positions: a query's terms
/// are found in the documents' texts, which the page loads only for the results it shows; the
/// index only has to name every document that can hold a term (recall) and rank them.
///
/// Bytes (all numbers `Varint`):
///
///     0, then per document: id − previous id (the first: id + 1), value           a list
///     1, B, a bitmap of B bytes (document id i: bit i % 8 of byte i / 8),          a bitmap
///        then the values in id order
///
/// whichever is smaller (a bitmap when the key is in more than about one document in eight). An
/// entry of a shard is the key, the postings' byte count, and the postings.
struct Postings {
    /// What a key's postings take, from what the first pass counted.
    struct Size: Sendable, Equatable {
        /// The bytes of the values.
        var values = 0
        /// The bytes of the id differences of the list form.
        var deltas = 0
        var first: Int32 = -1
        var last: Int32 = -1

        var bitmapBytes: Int { Int(last) / 8 + 1 }
        var isBitmap: Bool { Varint.size(UInt32(bitmapBytes)) + bitmapBytes < deltas }
        /// The postings' bytes.
        var bytes: Int { 1 + values + (isBitmap ? Varint.size(UInt32(bitmapBytes)) + bitmapBytes : deltas) }

        /// One more document, after every one already added.
        @inline(__always)
        mutating func add(id: Int32, value: UInt32) {
            deltas += Varint.size(UInt32(id - last))
            values += Varint.size(value)
            if first < 0 { first = id }
            last = id
        }

        /// `next`, counted over later documents, after these.
        mutating func append(_ next: Size) {
            guard next.first >= 0 else { return }
            guard first >= 0 else { self = next; return }
            // `next` counted its first difference from -1
            deltas += next.deltas - Varint.size(UInt32(next.first + 1)) + Varint.size(UInt32(next.first - last))
            values += next.values
            last = next.last
        }
    }

    /// The size of the postings of `list` (ids ascending).
    static func size(_ list: [(id: Int32, value: UInt32)]) -> Size {
        var size = Size()
        for (id, value) in list { size.add(id: id, value: value) }
        return size
    }

    /// The whole entry of a key: the key, the postings' byte count, the postings.
    static func entryBytes(key: SearchKeys.Key, size: Size) -> Int {
        Varint.size(key) + Varint.size(UInt32(size.bytes)) + size.bytes
    }

    /// Appends the entry of `key` with the postings `list` (ids ascending).
    static func appendEntry(key: SearchKeys.Key, list: [(id: Int32, value: UInt32)], to bytes: inout [UInt8]) {
        let size = size(list)
        Varint.append(key, to: &bytes)
        Varint.append(UInt32(size.bytes), to: &bytes)
        if size.isBitmap {
            bytes.append(1)
            Varint.append(UInt32(size.bitmapBytes), to: &bytes)
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: size.bitmapBytes))
            for (id, _) in list { bytes[start + Int(id) / 8] |= 1 << UInt8(id % 8) }
            for (_, value) in list { Varint.append(value, to: &bytes) }
        } else {
            bytes.append(0)
            var previous: Int32 = -1
            for (id, value) in list {
                Varint.append(UInt32(id - previous), to: &bytes)
                Varint.append(value, to: &bytes)
                previous = id
            }
        }
    }

    /// The entries of a shard's bytes, in order; nil when they are not entries as written here.
    static func entries(_ bytes: [UInt8]) -> [(key: SearchKeys.Key, list: [(id: Int32, value: UInt32)])]? {
        bytes.withUnsafeBufferPointer { bytes -> [(key: SearchKeys.Key, list: [(id: Int32, value: UInt32)])]? in
            var entries: [(key: SearchKeys.Key, list: [(id: Int32, value: UInt32)])] = []
            var at = 0
            while at < bytes.count {
                guard let key = Varint.read(bytes, at: &at, end: bytes.count),
                      let length = Varint.read(bytes, at: &at, end: bytes.count), length >= 1, at + Int(length) <= bytes.count,
                      let list = list(bytes, from: at, to: at + Int(length)) else { return nil }
                at += Int(length)
                entries.append((key, list))
            }
            return entries
        }
    }

    /// The postings in `bytes[start..<end]`; nil when they are not postings as written here.
    static func list(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> [(id: Int32, value: UInt32)]? {
        var at = start + 1
        var list: [(id: Int32, value: UInt32)] = []
        if bytes[start] == 0 {
            var previous: Int32 = -1
            while at < end {
                guard let delta = Varint.read(bytes, at: &at, end: end), delta >= 1, delta < 1 << 30,
                      let value = Varint.read(bytes, at: &at, end: end) else { return nil }
                previous += Int32(delta)
                list.append((previous, value))
            }
            return list
        }
        guard bytes[start] == 1, let count = Varint.read(bytes, at: &at, end: end), at + Int(count) <= end else { return nil }
        let bitmap = at
        at += Int(count)
        for byte in 0..<Int(count) where bytes[bitmap + byte] != 0 {
            for bit in 0..<8 where bytes[bitmap + byte] & (1 << UInt8(bit)) != 0 {
                guard let value = Varint.read(bytes, at: &at, end: end) else { return nil }
                list.append((Int32(byte * 8 + bit), value))
            }
        }
        return at == end ? list : nil
    }

    /// Whether the postings in `bytes[start..<end]` may name one of `ids` (whose least is `lowest`):
    /// false only when they surely do not. Reads no more than it must.
    static func mayHold(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, anyOf ids: Set<Int32>, from lowest: Int32) -> Bool {
        var at = start + 1
        if bytes[start] == 1 {
            guard let count = Varint.read(bytes, at: &at, end: end) else { return true }
            return ids.contains { Int($0) / 8 < Int(count) && at + Int($0) / 8 < end && bytes[at + Int($0) / 8] & (1 << UInt8($0 % 8)) != 0 }
        }
        var id: Int32 = -1
        while at < end {
            guard let delta = Varint.read(bytes, at: &at, end: end), Varint.read(bytes, at: &at, end: end) != nil else { return true }
            id += Int32(truncatingIfNeeded: delta)
            if id >= lowest && ids.contains(id) { return true }
        }
        return false
    }
}

/// Counts one document's keys at a time: how often each occurs in its text and whether it is in its
/// title, by slot (`KeySlots`), keeping its arrays from one document to the next.
struct DocumentTally {
    private(set) var counts: [UInt32] = []
    private var seenIn: [Int32] = []
    private var titleIn: [Int32] = []
    /// The slots of the last document's keys, in the order first met.
    private(set) var touched: [Int] = []
    private var units: [UInt16] = []

    /// Tallies document `id`; `slot` gives a key's slot, or nil for a key to leave out.
    @inline(__always)
    mutating func tally(id: Int32, _ document: SearchDocument, slot: (SearchKeys.Key) -> Int?) {
        touched.removeAll(keepingCapacity: true)
        for (text, isTitle) in [(document.text, false), (SearchKeys.joiningScripts(document.title), true)] {
            let count = SearchKeys.decode(text, into: &units)
            units.withUnsafeBufferPointer { units in
                SearchKeys.forEachKey(units, count: count) { key in
                    guard let slot = slot(key) else { return }
                    if slot >= counts.count {
                        let more = slot + 1 - counts.count
                        counts += repeatElement(0, count: more)
                        seenIn += repeatElement(-1, count: more)
                        titleIn += repeatElement(-1, count: more)
                    }
                    if seenIn[slot] != id {
                        seenIn[slot] = id
                        counts[slot] = 0
                        touched.append(slot)
                    }
                    if isTitle { titleIn[slot] = id } else { counts[slot] &+= 1 }
                }
            }
        }
    }

    /// The posting value of `slot` for the last document tallied (`id`).
    @inline(__always)
    func value(_ slot: Int, id: Int32) -> UInt32 {
        min(counts[slot], UInt32(1) << 30) << 1 | (titleIn[slot] == id ? 1 : 0)
    }
}
