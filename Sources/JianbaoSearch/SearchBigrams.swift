import JianbaoSupport

/// The walk over a text's bigrams that every pass of the search index makes, and the small hash
/// table the passes keep their per-bigram state in.
///
/// The texts stay the UTF-8 Strings the build already holds (a copy as UTF-16 would cost two bytes
/// a character more for the whole archive); each pass decodes them again, which is cheaper than the
/// memory: a pass is a few nanoseconds a character.
enum SearchBigrams {
    /// A bigram as one number: the first normalised UTF-16 unit in the high half.
    typealias Key = UInt32

    /// The bigrams of UTF-8 text in text order: two normalised UTF-16 units (`SearchIndex.normalized`),
    /// neither of them a break, and the first one's position. A struct rather than a closure per
    /// bigram, so that the caller's loop is compiled with the decoding inlined.
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// The position of the next unit.
        var position: Int32 = 0
        /// The last unit read, or a break before the first one.
        var previous: UInt16 = 0x20
        /// The second half of a surrogate pair still to be read.
        var pendingLow: UInt16 = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        @inline(__always)
        mutating func next() -> (Key, Int32)? {
            while true {
                let unit: UInt16
                if pendingLow != 0 {
                    unit = pendingLow
                    pendingLow = 0
                } else {
                    guard index < bytes.count else { return nil }
                    let lead = UInt32(bytes[index])
                    if lead < 0x80 {
                        unit = UInt16(lead)
                        index += 1
                    } else if lead < 0xE0 {
                        unit = UInt16((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F))
                        index += 2
                    } else if lead < 0xF0 {
                        unit = UInt16((lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F))
                        index += 3
                    } else {
                        let scalar = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                            | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                        let offset = scalar - 0x10000
                        unit = UInt16(0xD800 + (offset >> 10))
                        pendingLow = UInt16(0xDC00 + (offset & 0x3FF))
                        index += 4
                    }
                }
                let current = normalized(unit), first = previous
                previous = current
                position += 1
                if !SearchIndex.isBreak(current) && !SearchIndex.isBreak(first) {
                    return (Key(first) << 16 | Key(current), position - 2)
                }
            }
        }
    }

    /// `text` as normalised UTF-16 units (`SearchIndex.normalized`), in the first `count` places of
    /// `units`, which grows as needed and is kept from one text to the next.
    static func decode(_ text: String, into units: inout [UInt16]) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            // never more units than bytes
            if units.count < bytes.count { units = [UInt16](repeating: 0, count: bytes.count) }
            return units.withUnsafeMutableBufferPointer { units in
                var index = 0, count = 0
                while index < bytes.count {
                    let lead = UInt32(bytes[index])
                    if lead < 0x80 {
                        units[count] = normalized(UInt16(lead))
                        index += 1
                    } else if lead < 0xE0 {
                        units[count] = normalized(UInt16((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)))
                        index += 2
                    } else if lead < 0xF0 {
                        units[count] = normalized(UInt16((lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)))
                        index += 3
                    } else {
                        let scalar = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                            | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                        let offset = scalar - 0x10000
                        units[count] = UInt16(0xD800 + (offset >> 10))
                        count += 1
                        units[count] = UInt16(0xDC00 + (offset & 0x3FF))
                        index += 4
                    }
                    count += 1
                }
                return count
            }
        }
    }

    /// `SearchIndex.normalized` for one unit.
    @inline(__always)
    static func normalized(_ unit: UInt16) -> UInt16 {
        if unit < 0x80 { return unit >= 0x41 && unit <= 0x5A ? unit + 0x20 : unit }
        if unit >= 0xFF01 && unit <= 0xFF5E {
            let ascii = unit - 0xFEE0
            return ascii >= 0x41 && ascii <= 0x5A ? ascii + 0x20 : ascii
        }
        return unit == 0x3000 || unit == 0xA0 ? 0x20 : unit
    }

    /// `SearchIndex.hash` of a key.
    @inline(__always)
    static func hash(_ key: Key) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        hash = (hash ^ (key >> 16)) &* 16_777_619
        hash = (hash ^ (key & 0xFFFF)) &* 16_777_619
        return finalMix(hash)
    }

    /// MurmurHash3's final mix, after FNV-1a: spreads the low bits the shard number is taken from.
    @inline(__always)
    static func finalMix(_ fnv: UInt32) -> UInt32 {
        var hash = fnv
        hash ^= hash >> 16
        hash = hash &* 0x85EB_CA6B
        hash ^= hash >> 13
        hash = hash &* 0xC2B2_AE35
        hash ^= hash >> 16
        return hash
    }

    /// The number of decimal digits of a non-negative number.
    @inline(__always)
    static func digitCount(_ value: Int32) -> Int {
        if value < 10 { return 1 }
        if value < 100 { return 2 }
        if value < 1000 { return 3 }
        if value < 10000 { return 4 }
        if value < 100_000 { return 5 }
        if value < 1_000_000 { return 6 }
        if value < 10_000_000 { return 7 }
        if value < 100_000_000 { return 8 }
        if value < 1_000_000_000 { return 9 }
        return 10
    }
}

/// Open addressing from bigram keys to slot numbers 0, 1, 2 … in the order the keys were first
/// added; the caller keeps its per-bigram state in arrays indexed by slot. A Dictionary costs
/// several times as much per look-up, and there is one look-up per bigram occurrence.
struct BigramSlots {
    /// Key + 1 << 32 (so that 0 means empty), by table position.
    private var stored: [UInt64]
    private var slotAt: [Int32]
    private var mask: Int
    private(set) var keys: [SearchBigrams.Key] = []

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        stored = [UInt64](repeating: 0, count: size)
        slotAt = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { keys.count }

    @inline(__always)
    private static func start(_ key: SearchBigrams.Key) -> Int {
        // Fibonacci hashing: the high bits of the product mix every bit of the key.
        Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// The slot of `key`, nil when it was never added.
    @inline(__always)
    func slot(of key: SearchBigrams.Key) -> Int? {
        let wanted = UInt64(key) | 1 << 32
        var position = Self.start(key) & mask
        while true {
            let found = stored[position]
            if found == wanted { return Int(slotAt[position]) }
            if found == 0 { return nil }
            position = (position + 1) & mask
        }
    }

    /// The slot of `key`, added at the end when it is new; `isNew` tells which.
    @inline(__always)
    mutating func insert(_ key: SearchBigrams.Key) -> (slot: Int, isNew: Bool) {
        let wanted = UInt64(key) | 1 << 32
        var position = Self.start(key) & mask
        while true {
            let found = stored[position]
            if found == wanted { return (Int(slotAt[position]), false) }
            if found == 0 { break }
            position = (position + 1) & mask
        }
        let slot = keys.count
        stored[position] = wanted
        slotAt[position] = Int32(slot)
        keys.append(key)
        if keys.count * 2 > stored.count { grow() }
        return (slot, true)
    }

    private mutating func grow() {
        let size = stored.count * 2
        stored = [UInt64](repeating: 0, count: size)
        slotAt = [Int32](repeating: 0, count: size)
        mask = size - 1
        for (slot, key) in keys.enumerated() {
            var position = Self.start(key) & mask
            while stored[position] != 0 { position = (position + 1) & mask }
            stored[position] = UInt64(key) | 1 << 32
            slotAt[position] = Int32(slot)
        }
    }
}
