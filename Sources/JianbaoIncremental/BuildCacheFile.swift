import JianbaoContent
import JianbaoPublish
import JianbaoSupport

/// Reads and writes the document cache beside the output (`.public.jianbao-cache`), in a binary form
/// of its own (`CacheCoding`):
///
///     "jianbao-cache\0"   magic
///     record              header: version, executable, renderKey, the output files' digests, entry
///                         count, search layout (its words, `SearchLayout.words`, which the cache only keeps)
///     record × count      an entry: its path, then the entry
///
/// where a record is its length, a checksum of its bytes and the bytes. The lengths let the records
/// be found first and decoded on every core; the checksums and the count make a damaged or cut-short
/// file fail as a whole, so the build reads every file again instead of trusting part of it.
public enum BuildCacheFile {
    static let magic = Array("jianbao-cache\0".utf8)

    private struct Header: Codable {
        struct OutputDigest: Codable {
            var path: String
            var digest: UInt64
        }

        var version: Int
        var executable: String
        var renderKey: String
        var outputDigests: [OutputDigest]
        /// How many entry records follow.
        var count: Int
        var searchLayout: [UInt64]?
    }

    /// The cache of the last build, when it was written by this same jianbao executable with the
    /// same templates (`renderKey`); nil when there is none or it is damaged.
    public static func read(publisher: Publisher, executable: String, renderKey: String) async -> DocumentCache? {
        guard !executable.isEmpty, let bytes = try? publisher.fileSystem.read(publisher.cachePath) else { return nil }
        return await decode(bytes, executable: executable, renderKey: renderKey)
    }

    /// The cache held in `bytes`, or nil when they are not a whole cache of this version, executable
    /// and templates.
    static func decode(_ bytes: [UInt8], executable: String, renderKey: String) async -> DocumentCache? {
        guard bytes.count > magic.count, bytes[..<magic.count].elementsEqual(magic) else { return nil }
        var reader = CacheReader(bytes, range: magic.count..<bytes.count)
        let header: Header
        var records: [(whole: Range<Int>, body: Range<Int>)] = []
        do throws(CacheDamage) {
            let headerRange = try nextRecord(&reader, in: bytes).body
            var headerReader = CacheReader(bytes, range: headerRange)
            header = try CacheCoding.decode(Header.self, from: &headerReader)
            guard headerReader.isAtEnd else { return nil }
            guard header.version == DocumentCache.currentVersion, header.executable == executable,
                  header.renderKey == renderKey, header.count <= bytes.count else { return nil }
            records.reserveCapacity(header.count)
            for _ in 0..<header.count { records.append(try nextRecord(&reader, in: bytes)) }
            guard reader.isAtEnd else { return nil }
        } catch {
            return nil
        }
        let decoded = await Concurrently.map(records) { record -> (path: String, entry: DocumentCache.Entry)? in
            var reader = CacheReader(bytes, range: record.body)
            do throws(CacheDamage) {
                let path = try reader.string()
                let entry = try CacheCoding.decode(DocumentCache.Entry.self, from: &reader)
                guard reader.isAtEnd else { return nil }
                return (path, entry)
            } catch {
                return nil
            }
        }
        var cache = DocumentCache(executable: executable)
        cache.renderKey = header.renderKey
        cache.outputDigests = Dictionary(header.outputDigests.map { ($0.path, $0.digest) }, uniquingKeysWith: { first, _ in first })
        cache.searchLayout = header.searchLayout
        cache.entries.reserveCapacity(decoded.count)
        cache.encodedEntries.reserveCapacity(decoded.count)
        for (record, range) in zip(decoded, records) {
            guard let record else { return nil }
            cache.entries[record.path] = record.entry
            cache.encodedEntries[record.path] = bytes[range.whole]
        }
        return cache
    }

    /// The next record (its length, checksum and bytes) and its bytes alone, after checking the checksum.
    private static func nextRecord(_ reader: inout CacheReader, in bytes: [UInt8]) throws(CacheDamage) -> (whole: Range<Int>, body: Range<Int>) {
        let recordStart = reader.position
        let length = try reader.count()
        let checksum = try reader.fixed64()
        let start = reader.position
        try reader.skip(length)
        let range = start..<(start + length)
        guard cacheChecksum(bytes[range]) == checksum else { throw CacheDamage() }
        return (recordStart..<range.upperBound, range)
    }

    /// The length, the checksum and the bytes of one record.
    private static func framed(_ record: [UInt8]) -> [UInt8] {
        var writer = CacheWriter(capacity: record.count + 18)
        writer.unsigned(UInt64(record.count))
        writer.fixed64(cacheChecksum(record[...]))
        writer.raw(record)
        return writer.bytes
    }

    /// The cache as chunks of bytes to write one after the other, its records encoded on every core.
    /// An entry equal to the one in `previous` is written as it was read (its record, checksum
    /// included, a slice of the file read), without encoding or copying it again.
    static func encode(_ cache: DocumentCache, previous: DocumentCache?) async throws -> [ArraySlice<UInt8>] {
        let paths = cache.entries.keys.sorted()
        var kept: [ArraySlice<UInt8>?] = []
        kept.reserveCapacity(paths.count)
        var changed: [(index: Int, path: String, entry: DocumentCache.Entry)] = []
        for (index, path) in paths.enumerated() {
            let entry = cache.entries[path]!
            if let previous, let record = previous.encodedEntries[path], previous.entries[path] == entry {
                kept.append(record)
            } else {
                kept.append(nil)
                changed.append((index, path, entry))
            }
        }
        let encoded = await Concurrently.map(changed) { change -> [UInt8]? in
            var writer = CacheWriter(capacity: 4096)
            writer.string(change.path)
            guard (try? CacheCoding.encode(change.entry, into: &writer)) != nil else { return nil }
            return framed(writer.bytes)
        }
        for (change, record) in zip(changed, encoded) {
            guard let record else { throw CacheEncodingUnsupported() }
            kept[change.index] = record[...]
        }
        let header = Header(version: cache.version, executable: cache.executable, renderKey: cache.renderKey,
                            outputDigests: cache.outputDigests.sorted { $0.key < $1.key }.map { Header.OutputDigest(path: $0.key, digest: $0.value) },
                            count: paths.count, searchLayout: cache.searchLayout)
        var writer = CacheWriter()
        try CacheCoding.encode(header, into: &writer)
        return [magic[...], framed(writer.bytes)[...]] + kept.map { $0! }
    }

    /// Writes the cache; a failure only costs the next build its shortcut.
    public static func write(_ cache: DocumentCache, previous: DocumentCache?, publisher: Publisher) async {
        guard let chunks = try? await encode(cache, previous: previous) else { return }
        try? publisher.fileSystem.write(chunks: chunks, to: publisher.cachePath)
    }

    /// Removes the cache before the output is replaced: a build killed after the swap must not leave
    /// a cache that describes the site before it.
    public static func forget(publisher: Publisher) {
        try? publisher.fileSystem.remove(publisher.cachePath)
    }

    /// What pages are rendered with besides the model: the templates (their stamps) and the executable.
    public static func renderKey(templates: String, executable: String, fileSystem: any FileSystem) -> String {
        let stamps = fileSystem.stamps(under: templates).map { "\($0.path) \($0.stamp.text)" }
        return ([templates, executable] + stamps).joined(separator: "\n")
    }
}
