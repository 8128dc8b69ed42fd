import JianbaoSupport

/// An incremental build's shard files made from the last build's by replacing the changed
/// documents' postings, without a pass over every text: a bigram's postings are one `[id,first,gaps…]`
/// list per document, in id order, so the lists of the other documents stay as they were.
extension SearchIndex {
    /// The changed documents' new lists (`[id,first,gaps…]`), by shard, then by key in file order,
    /// each key's lists in id order.
    static func changedLists(_ documents: [SearchDocument], ids: [Int], mask: UInt32)
        -> [Int: [(key: SearchBigrams.Key, lists: [[UInt8]])]] {
        var byKey: [SearchBigrams.Key: [[UInt8]]] = [:]
        for id in ids.sorted() {
            var positions: [SearchBigrams.Key: [Int32]] = [:]
            var order: [SearchBigrams.Key] = []
            var text = documents[id].text
            text.withUTF8 { utf8 in
                var reader = SearchBigrams.Reader(utf8)
                while let (key, position) = reader.next() {
                    if positions[key] == nil { order.append(key) }
                    positions[key, default: []].append(position)
                }
            }
            for key in order {
                let places = positions[key]!
                var list = Array("[\(id),\(places[0])".utf8)
                for (previous, place) in zip(places, places.dropFirst()) { list += Array(",\(place - previous)".utf8) }
                list.append(UInt8(ascii: "]"))
                byKey[key, default: []].append(list)
            }
        }
        var byShard: [Int: [(key: SearchBigrams.Key, lists: [[UInt8]])]] = [:]
        for (key, lists) in byKey { byShard[Int(SearchBigrams.hash(key) & mask), default: []].append((key, lists)) }
        for shard in byShard.keys { byShard[shard]!.sort { $0.key < $1.key } }
        return byShard
    }

    /// Shard `shard`'s file with the lists of `changed` documents taken out and `new` put in, or nil
    /// when `old` is not a shard file as this version writes them.
    static func patch(_ old: [UInt8], shard: Int, changed: Set<Int32>, new: [(key: SearchBigrams.Key, lists: [[UInt8]])]) -> [UInt8]? {
        let header = shardHeader(shard), footer = shardFooter
        guard old.count >= header.count + footer.count, old.starts(with: header), old.suffix(footer.count).elementsEqual(footer) else { return nil }
        var output = header
        output.reserveCapacity(old.count + new.reduce(0) { $0 + $1.lists.reduce(0) { $0 + $1.count + 1 } + 16 })
        var next = 0
        // An entry is written as it is read; one left with no list is taken back out.
        func emitNew(_ entry: (key: SearchBigrams.Key, lists: [[UInt8]])) {
            if output.count > header.count { output.append(UInt8(ascii: ",")) }
            appendKey(entry.key, to: &output)
            output.append(UInt8(ascii: ":"))
            output.append(UInt8(ascii: "["))
            for (number, list) in entry.lists.enumerated() {
                if number > 0 { output.append(UInt8(ascii: ",")) }
                output += list
            }
            output.append(UInt8(ascii: "]"))
        }
        let patched: Bool = old.withUnsafeBufferPointer { old in
            var index = header.count
            let end = old.count - footer.count
            while index < end {
                guard old[index] == UInt8(ascii: "\""), let (key, keyEnd) = decodeKey(old, from: index) else { return false }
                let keyStart = index
                index = keyEnd
                guard index + 1 < end, old[index] == UInt8(ascii: ":"), old[index + 1] == UInt8(ascii: "[") else { return false }
                index += 2
                while next < new.count && new[next].key < key {
                    emitNew(new[next])
                    next += 1
                }
                var added: [[UInt8]] = []
                if next < new.count && new[next].key == key {
                    added = new[next].lists
                    next += 1
                }
                let entryStart = output.count
                if output.count > header.count { output.append(UInt8(ascii: ",")) }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: old[keyStart..<(keyEnd + 2)]))
                let listsStart = output.count
                func appendList(_ list: [UInt8]) {
                    if output.count > listsStart { output.append(UInt8(ascii: ",")) }
                    output += list
                }
                // the lists: `[id,…]` separated by commas, then the entry's `]`
                var nextAdded = 0
                while true {
                    guard index < end, old[index] == UInt8(ascii: "[") else { return false }
                    var id: Int32 = 0, at = index + 1
                    while at < end, old[at] >= UInt8(ascii: "0"), old[at] <= UInt8(ascii: "9") {
                        id = id &* 10 &+ Int32(old[at] - UInt8(ascii: "0"))
                        at += 1
                    }
                    while at < end, old[at] != UInt8(ascii: "]") { at += 1 }
                    guard at < end else { return false }
                    if !changed.contains(id) {
                        while nextAdded < added.count && listID(added[nextAdded]) < id {
                            appendList(added[nextAdded])
                            nextAdded += 1
                        }
                        if output.count > listsStart { output.append(UInt8(ascii: ",")) }
                        output.append(contentsOf: UnsafeBufferPointer(rebasing: old[index...at]))
                    }
                    index = at + 1
                    guard index < end else { return false }
                    if old[index] == UInt8(ascii: "]") { break }
                    guard old[index] == UInt8(ascii: ",") else { return false }
                    index += 1
                }
                while nextAdded < added.count {
                    appendList(added[nextAdded])
                    nextAdded += 1
                }
                if output.count == listsStart {
                    output.removeSubrange(entryStart...)
                } else {
                    output.append(UInt8(ascii: "]"))
                }
                index += 1
                if index < end {
                    guard old[index] == UInt8(ascii: ",") else { return false }
                    index += 1
                }
            }
            return true
        }
        guard patched else { return nil }
        while next < new.count {
            emitNew(new[next])
            next += 1
        }
        output += footer
        return output
    }

    /// The id of a list `[id,…]`.
    private static func listID(_ list: [UInt8]) -> Int32 {
        var id: Int32 = 0
        for byte in list.dropFirst() {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { break }
            id = id * 10 + Int32(byte - UInt8(ascii: "0"))
        }
        return id
    }

    /// The UTF-16 units of the JSON string at `start` (as `JSONText` writes them) and where it ends.
    static func decodeKey(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (key: SearchBigrams.Key, end: Int)? {
        var units: (UInt16, UInt16, Int) = (0, 0, 0)
        func append(_ unit: UInt16) {
            if units.2 == 0 { units.0 = unit } else { units.1 = unit }
            units.2 += 1
        }
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                return units.2 == 2 ? (SearchBigrams.Key(units.0) << 16 | SearchBigrams.Key(units.1), index + 1) : nil
            }
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { return nil }
                switch bytes[index + 1] {
                case UInt8(ascii: "u"):
                    guard index + 5 < bytes.count else { return nil }
                    var value: UInt16 = 0
                    for digit in bytes[(index + 2)...(index + 5)] {
                        switch digit {
                        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt16(digit - UInt8(ascii: "0"))
                        case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt16(digit - UInt8(ascii: "a") + 10)
                        case UInt8(ascii: "A")...UInt8(ascii: "F"): value = value << 4 | UInt16(digit - UInt8(ascii: "A") + 10)
                        default: return nil
                        }
                    }
                    append(value)
                    index += 6
                    continue
                case UInt8(ascii: "n"): append(0x0A)
                case UInt8(ascii: "r"): append(0x0D)
                case UInt8(ascii: "t"): append(0x09)
                case UInt8(ascii: "b"): append(0x08)
                case UInt8(ascii: "f"): append(0x0C)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): append(UInt16(bytes[index + 1]))
                default: return nil
                }
                index += 2
                continue
            }
            // one UTF-8 scalar
            let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            guard index + length <= bytes.count else { return nil }
            var scalar = UInt32(length == 1 ? byte : length == 2 ? byte & 0x1F : length == 3 ? byte & 0x0F : byte & 0x07)
            for continuation in bytes[(index + 1)..<(index + length)] { scalar = scalar << 6 | UInt32(continuation & 0x3F) }
            if scalar >= 0x10000 {
                append(UInt16(0xD800 + ((scalar - 0x10000) >> 10)))
                append(UInt16(0xDC00 + ((scalar - 0x10000) & 0x3FF)))
            } else {
                append(UInt16(scalar))
            }
            index += length
        }
        return nil
    }
}
