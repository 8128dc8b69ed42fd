/// A 64-bit digest of a stream of values, the same in every process and on every run (Swift's
/// `Hasher` is seeded anew in each process, so it cannot say whether something changed since the
/// last build). Texts are mixed eight bytes at a time. Not for hostile input: it tells whether what
/// a page is made from changed, and two different inputs giving one digest would need 2⁶⁴ tries.
public struct Digest: Sendable, Equatable {
    public private(set) var value: UInt64 = 0x243F_6A88_85A3_08D3

    public init() {}

    @inline(__always)
    private mutating func mix(_ word: UInt64) {
        value = (value ^ word) &* 0xFF51_AFD7_ED55_8CCD
        value ^= value >> 29
    }

    /// A marker that separates values of different kinds (a text from a number, an object's start
    /// from its end).
    public mutating func add(tag: UInt8) {
        mix(UInt64(tag) | 0xA5A5_0000_0000_0000)
    }

    public mutating func add(_ number: Int) {
        mix(UInt64(bitPattern: Int64(number)))
    }

    /// The text's UTF-8 bytes and their count.
    public mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(UnsafeRawBufferPointer($0)) }
    }

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        mix(UInt64(bytes.count))
        var offset = 0
        while offset + 8 <= bytes.count {
            mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        mix(tail)
    }
}
