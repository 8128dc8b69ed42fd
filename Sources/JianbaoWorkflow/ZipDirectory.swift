/// The entries a zip archive (a .docx) declares in its central directory: names and unpacked sizes,
/// read without unpacking anything, so that a zip bomb is refused before a converter opens it.
///
/// Only the structure is read (PKWARE APPNOTE: end of central directory record, its ZIP64 form, and
/// the central directory headers with their ZIP64 extra fields). An archive that lies about its sizes
/// still meets the converter's time and memory limits.
struct ZipDirectory: Sendable {
    struct Entry: Sendable, Equatable {
        var name: String
        var unpackedSize: UInt64
    }

    let entries: [Entry]

    enum Failure: Error, Equatable {
        case notAZipArchive
        case damaged(String)
    }

    init(_ bytes: [UInt8]) throws(Failure) {
        guard let end = Self.findEndRecord(bytes) else { throw .notAZipArchive }
        var count = UInt64(Self.u16(bytes, end + 10))
        var directorySize = UInt64(Self.u32(bytes, end + 12))
        var directoryOffset = UInt64(Self.u32(bytes, end + 16))
        // ZIP64: the locator stands just before the end record and points at the ZIP64 end record.
        if end >= 20, Self.u32(bytes, end - 20) == 0x0706_4B50 {
            let record = Self.u64(bytes, end - 20 + 8)
            guard record < UInt64(bytes.count), Int(record) + 56 <= bytes.count, Self.u32(bytes, Int(record)) == 0x0606_4B50 else {
                throw .damaged("its ZIP64 end record is missing")
            }
            count = Self.u64(bytes, Int(record) + 32)
            directorySize = Self.u64(bytes, Int(record) + 40)
            directoryOffset = Self.u64(bytes, Int(record) + 48)
        }
        guard directoryOffset <= UInt64(bytes.count), directorySize <= UInt64(bytes.count) - directoryOffset else {
            throw .damaged("its central directory lies outside the file")
        }
        // Each header takes 46 bytes at least: a count the directory cannot hold is a lie.
        guard count <= directorySize / 46 + 1 else { throw .damaged("it declares more entries than its directory holds") }
        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        var offset = Int(directoryOffset)
        let directoryEnd = Int(directoryOffset + directorySize)
        for _ in 0..<count {
            guard offset + 46 <= directoryEnd, Self.u32(bytes, offset) == 0x0201_4B50 else {
                throw .damaged("a central directory header is broken")
            }
            var unpacked = UInt64(Self.u32(bytes, offset + 24))
            let nameLength = Int(Self.u16(bytes, offset + 28))
            let extraLength = Int(Self.u16(bytes, offset + 30))
            let commentLength = Int(Self.u16(bytes, offset + 32))
            let nameStart = offset + 46
            let extraStart = nameStart + nameLength
            let next = extraStart + extraLength + commentLength
            guard next <= directoryEnd else { throw .damaged("a central directory header runs past the directory") }
            let name = String(decoding: bytes[nameStart..<extraStart], as: UTF8.self)
            if unpacked == 0xFFFF_FFFF {
                // The ZIP64 extra field (id 1) holds the 64-bit sizes that were too large: unpacked first.
                var field = extraStart
                var found = false
                while field + 4 <= extraStart + extraLength {
                    let id = Self.u16(bytes, field), size = Int(Self.u16(bytes, field + 2))
                    if id == 1, size >= 8, field + 12 <= extraStart + extraLength {
                        unpacked = Self.u64(bytes, field + 4)
                        found = true
                        break
                    }
                    field += 4 + size
                }
                guard found else { throw .damaged("an entry's ZIP64 size is missing") }
            }
            entries.append(Entry(name: name, unpackedSize: unpacked))
            offset = next
        }
        self.entries = entries
    }

    /// The end of central directory record: its signature, searched from the end back over the
    /// longest comment a zip may carry.
    static func findEndRecord(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        var position = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        while position >= lowest {
            if bytes[position] == 0x50 && u32(bytes, position) == 0x0605_4B50 { return position }
            position -= 1
        }
        return nil
    }

    static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(u16(bytes, at)) | UInt32(u16(bytes, at + 2)) << 16
    }

    static func u64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        UInt64(u32(bytes, at)) | UInt64(u32(bytes, at + 4)) << 32
    }
}
