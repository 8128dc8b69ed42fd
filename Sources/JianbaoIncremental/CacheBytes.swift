/// The binary building blocks of the document cache: variable-length integers and length-prefixed
/// UTF-8 text, written by `CacheWriter` and read back, bounds-checked, by `CacheReader`.
///
/// A form of jianbao's own rather than JSON: reading the cache of ten thousand documents with
/// `JSONDecoder` cost more than the one changed document it was meant to spare. `CacheCoding` writes
/// any Codable value with these.

import JianbaoSupport

/// What `CacheReader` throws when the bytes are not what a `CacheWriter` wrote: a damaged or foreign
/// cache, which the build ignores (it reads every file again).
public struct CacheDamage: Error, Equatable {
    public init() {}
}

/// Appends values to a byte buffer.
public struct CacheWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// An unsigned LEB128 number: seven bits a byte, the high bit set on all but the last.
    public mutating func unsigned(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// A signed number, zigzag-encoded so that small negative numbers stay short.
    public mutating func int(_ value: Int) {
        let wide = Int64(value)
        unsigned(UInt64(bitPattern: (wide << 1) ^ (wide >> 63)))
    }

    public mutating func bool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    public mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// The text's UTF-8 bytes after their count.
    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// 0 for nil; 1 and the value otherwise.
    public mutating func optional<Value>(_ value: Value?, _ write: (inout CacheWriter, Value) -> Void) {
        guard let value else { return bytes.append(0) }
        bytes.append(1)
        write(&self, value)
    }

    public mutating func optionalString(_ value: String?) {
        optional(value) { $0.string($1) }
    }

    public mutating func optionalInt(_ value: Int?) {
        optional(value) { $0.int($1) }
    }

    /// The count, then each element.
    public mutating func array<Element>(_ values: [Element], _ write: (inout CacheWriter, Element) -> Void) {
        unsigned(UInt64(values.count))
        for value in values { write(&self, value) }
    }

    /// Raw bytes, as they are (for a record read earlier).
    public mutating func raw(_ values: [UInt8]) {
        bytes.append(contentsOf: values)
    }

    /// A fixed eight-byte little-endian number (the records' checksums).
    public mutating func fixed64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}

/// Reads values back from bytes a `CacheWriter` wrote; any read past the end, or any value that
/// cannot be, throws `CacheDamage`.
public struct CacheReader {
    private let buffer: [UInt8]
    public private(set) var position: Int
    public let end: Int

    /// Reads `range` of `buffer` (shared, not copied).
    public init(_ buffer: [UInt8], range: Range<Int>) {
        self.buffer = buffer
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    public var isAtEnd: Bool { position == end }

    public mutating func byte() throws(CacheDamage) -> UInt8 {
        guard position < end else { throw CacheDamage() }
        defer { position += 1 }
        return buffer[position]
    }

    public mutating func unsigned() throws(CacheDamage) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw CacheDamage() }
            result |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return result }
            shift += 7
        }
    }

    public mutating func int() throws(CacheDamage) -> Int {
        let raw = try unsigned()
        return Int(truncatingIfNeeded: Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
    }

    /// A count or length: no more than the bytes left could hold, so damage never allocates much.
    public mutating func count() throws(CacheDamage) -> Int {
        let value = try unsigned()
        guard value <= UInt64(end - position) else { throw CacheDamage() }
        return Int(value)
    }

    public mutating func bool() throws(CacheDamage) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw CacheDamage()
        }
    }

    public mutating func string() throws(CacheDamage) -> String {
        let length = try count()
        defer { position += length }
        return String(decoding: buffer[position..<(position + length)], as: UTF8.self)
    }

    public mutating func optional<Value>(_ read: (inout CacheReader) throws(CacheDamage) -> Value) throws(CacheDamage) -> Value? {
        try bool() ? try read(&self) : nil
    }

    public mutating func optionalString() throws(CacheDamage) -> String? {
        try optional { reader throws(CacheDamage) in try reader.string() }
    }

    public mutating func optionalInt() throws(CacheDamage) -> Int? {
        try optional { reader throws(CacheDamage) in try reader.int() }
    }

    public mutating func array<Element>(_ read: (inout CacheReader) throws(CacheDamage) -> Element) throws(CacheDamage) -> [Element] {
        let count = try count()
        var result: [Element] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try read(&self)) }
        return result
    }

    public mutating func fixed64() throws(CacheDamage) -> UInt64 {
        guard end - position >= 8 else { throw CacheDamage() }
        var value: UInt64 = 0
        for offset in 0..<8 { value |= UInt64(buffer[position + offset]) << UInt64(offset * 8) }
        position += 8
        return value
    }

    /// Moves past `count` bytes.
    public mutating func skip(_ count: Int) throws(CacheDamage) {
        guard count >= 0, end - position >= count else { throw CacheDamage() }
        position += count
    }
}

/// A 64-bit checksum of a record (its `Digest`): it catches a damaged cache (a flipped byte, a file
/// cut short) that would otherwise decode to wrong text. Not for hostile input.
public func cacheChecksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    var digest = Digest()
    bytes.withUnsafeBytes { digest.add($0) }
    return digest.value
}
