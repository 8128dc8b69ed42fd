/// What the search index is keyed by, and the rules search.js repeats exactly.
///
/// A key is one character (a UTF-16 unit) or two adjacent ones (a bigram) of a document's text
/// after `normalized`, never a break (white space or U+0000): a unigram key is the unit itself, a
/// bigram key the first unit in the high half, so the two kinds never collide (no break is 0 … and
/// a bigram's first unit is never 0).
public enum SearchKeys {
    public typealias Key = UInt32

    /// Full-width ASCII (ＡＢＣ１２３) as ASCII, ASCII letters lower case, the ideographic and the
    /// no-break space as a space. One unit in, one unit out.
    @inline(__always)
    public static func normalized(_ unit: UInt16) -> UInt16 {
        if unit < 0x80 { return unit >= 0x41 && unit <= 0x5A ? unit + 0x20 : unit }
        if unit >= 0xFF01 && unit <= 0xFF5E {
            let ascii = unit - 0xFEE0
            return ascii >= 0x41 && ascii <= 0x5A ? ascii + 0x20 : ascii
        }
        return unit == 0x3000 || unit == 0xA0 ? 0x20 : unit
    }

    /// `normalized` for each unit.
    public static func normalized(_ units: [UInt16]) -> [UInt16] {
        units.map(normalized)
    }

    /// White space ends a key: none spans two paragraphs or table cells.
    @inline(__always)
    public static func isBreak(_ unit: UInt16) -> Bool {
        unit == 0x20 || unit == 0x0A || unit == 0x0D || unit == 0x09 || unit == 0
    }

    /// The key of one unit or two.
    @inline(__always)
    static func unigram(_ unit: UInt16) -> Key { Key(unit) }

    @inline(__always)
    static func bigram(_ first: UInt16, _ second: UInt16) -> Key { Key(first) << 16 | Key(second) }

    /// The key's units: one for a unigram, two for a bigram.
    public static func units(_ key: Key) -> [UInt16] {
        key > 0xFFFF ? [UInt16(key >> 16), UInt16(key & 0xFFFF)] : [UInt16(key)]
    }

    /// FNV-1a (32 bits) over the key's units, then MurmurHash3's final mix (FNV's low bits depend only
    /// on the units' low bits, and the shard is the hash modulo a power of two): cheap, and easy to
    /// repeat in JavaScript with Math.imul.
    @inline(__always)
    public static func hash(_ key: Key) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        if key > 0xFFFF { hash = (hash ^ (key >> 16)) &* 16_777_619 }
        hash = (hash ^ (key & 0xFFFF)) &* 16_777_619
        hash ^= hash >> 16
        hash = hash &* 0x85EB_CA6B
        hash ^= hash >> 13
        hash = hash &* 0xC2B2_AE35
        hash ^= hash >> 16
        return hash
    }

    /// `text` as normalised UTF-16 units, in the first `count` places of `units`, which grows as
    /// needed and is kept from one text to the next (decoded from the UTF-8 the build holds).
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

    /// Calls `body` with every key of the first `count` units, in text order (a unigram, then the
    /// bigram that starts at the same unit).
    @inline(__always)
    static func forEachKey(_ units: UnsafeBufferPointer<UInt16>, count: Int, _ body: (Key) -> Void) {
        var index = 0
        while index < count {
            let unit = units[index]
            if !isBreak(unit) {
                body(unigram(unit))
                if index + 1 < count, !isBreak(units[index + 1]) { body(bigram(unit, units[index + 1])) }
            }
            index += 1
        }
    }

    // MARK: Joining scripts

    /// Han, the CJK symbols and punctuation, full-width forms and the halves of surrogate pairs.
    @inline(__always)
    static func isChinese(_ unit: UInt16) -> Bool {
        (unit >= 0x3001 && unit <= 0x303F) || (unit >= 0x3400 && unit <= 0x9FFF) || (unit >= 0xF900 && unit <= 0xFAFF)
            || (unit >= 0xFF01 && unit <= 0xFFEF) || (unit >= 0xD800 && unit <= 0xDFFF)
    }

    @inline(__always)
    static func isLatinOrDigit(_ unit: UInt16) -> Bool {
        let unit = normalized(unit)
        return (unit >= 0x30 && unit <= 0x39) || (unit >= 0x61 && unit <= 0x7A)
    }

    /// `text` without the spaces between a Chinese character and a Latin letter or digit ("93 项",
    /// "2021 年", "鲁法〔2023〕1 号"): formal documents put them there, readers do not type them.
    /// Full-width digits count as digits; a full-width letter or digit is not Chinese here. On the
    /// UTF-8 bytes: a space is one byte, and only the characters either side of it are decoded.
    public static func joiningScripts(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard bytes.contains(0x20) else { return nil }
            /// The UTF-16 unit of the character that ends at `end` (exclusive) or starts at `start`
            /// (0xD800 for one outside the BMP, which counts as Chinese).
            func unit(endingAt end: Int) -> UInt16? {
                var start = end - 1
                while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
                return start >= 0 ? unit(startingAt: start) : nil
            }
            func unit(startingAt start: Int) -> UInt16? {
                guard start < bytes.count else { return nil }
                let lead = UInt32(bytes[start])
                if lead < 0x80 { return UInt16(lead) }
                if lead < 0xE0 { return start + 1 < bytes.count ? UInt16((lead & 0x1F) << 6 | UInt32(bytes[start + 1] & 0x3F)) : nil }
                if lead < 0xF0 {
                    return start + 2 < bytes.count
                        ? UInt16((lead & 0x0F) << 12 | UInt32(bytes[start + 1] & 0x3F) << 6 | UInt32(bytes[start + 2] & 0x3F)) : nil
                }
                return 0xD800
            }
            var output: [UInt8] = []
            var copied = 0
            for index in bytes.indices where bytes[index] == 0x20 && index > 0 {
                guard let before = unit(endingAt: index), let after = unit(startingAt: index + 1) else { continue }
                let beforeLatin = isLatinOrDigit(before), afterLatin = isLatinOrDigit(after)
                guard (beforeLatin && isChinese(after) && !afterLatin) || (afterLatin && isChinese(before) && !beforeLatin) else { continue }
                if output.isEmpty { output.reserveCapacity(bytes.count) }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                copied = index + 1
            }
            guard copied > 0 else { return nil }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return String(decoding: output, as: UTF8.self)
        } ?? text
    }
}

/// Little-endian base-128 numbers, the index's only number format.
enum Varint {
    @inline(__always)
    static func size(_ value: UInt32) -> Int {
        value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5
    }

    @inline(__always)
    static func write(_ value: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at: inout Int) {
        var rest = value
        while rest >= 0x80 {
            output[at] = UInt8(rest & 0x7F) | 0x80
            rest >>= 7
            at += 1
        }
        output[at] = UInt8(rest)
        at += 1
    }

    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// The number at `at`, moving `at` past it; nil when the bytes end first or it is too long.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, at: inout Int, end: Int) -> UInt32? {
        var value: UInt32 = 0, shift: UInt32 = 0
        while at < end, shift < 35 {
            let byte = bytes[at]
            at += 1
            value |= UInt32(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}

/// Open addressing from keys to slot numbers 0, 1, 2 … in the order the keys were first added; the
/// caller keeps its per-key state in arrays indexed by slot. A Dictionary costs several times as
/// much per look-up, and there is one look-up per character.
struct KeySlots {
    /// Key + 1 << 32 (so that 0 means empty), by table position.
    private var stored: [UInt64]
    private var slotAt: [Int32]
    private var mask: Int
    private(set) var keys: [SearchKeys.Key] = []

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        stored = [UInt64](repeating: 0, count: size)
        slotAt = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { keys.count }

    @inline(__always)
    private static func start(_ key: SearchKeys.Key) -> Int {
        // Fibonacci hashing: the high bits of the product mix every bit of the key.
        Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// The slot of `key`, nil when it was never added.
    @inline(__always)
    func slot(of key: SearchKeys.Key) -> Int? {
        let wanted = UInt64(key) | 1 << 32
        var position = Self.start(key) & mask
        while true {
            let found = stored[position]
            if found == wanted { return Int(slotAt[position]) }
            if found == 0 { return nil }
            position = (position + 1) & mask
        }
    }

    /// The slot of `key`, added at the end when it is new.
    @inline(__always)
    mutating func insert(_ key: SearchKeys.Key) -> Int {
        let wanted = UInt64(key) | 1 << 32
        var position = Self.start(key) & mask
        while true {
            let found = stored[position]
            if found == wanted { return Int(slotAt[position]) }
            if found == 0 { break }
            position = (position + 1) & mask
        }
        let slot = keys.count
        stored[position] = wanted
        slotAt[position] = Int32(slot)
        keys.append(key)
        if keys.count * 2 > stored.count { grow() }
        return slot
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
