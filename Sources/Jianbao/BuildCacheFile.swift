import Foundation
import JianbaoContent
import JianbaoPublish
import JianbaoSupport

/// Reads and writes the document cache beside the output (`.public.jianbao-cache`): JSON lines, a
/// header and then one line a document, so that writing it never holds more than one document's
/// JSON tree in memory and reading it decodes the lines on every core.
enum BuildCacheFile {
    private struct Header: Codable {
        var version: Int
        var executable: String
        var renderKey: String
        var listingSignature: String?
    }

    private struct Line: Codable {
        var path: String
        var entry: DocumentCache.Entry
    }

    /// The cache of the last build, when it was written by this same jianbao executable with the
    /// same templates (`renderKey`).
    static func read(publisher: Publisher, executable: String, renderKey: String) async -> DocumentCache? {
        guard publisher.fileSystem is DiskFileSystem, !executable.isEmpty,
              let bytes = try? publisher.fileSystem.read(publisher.cachePath) else { return nil }
        let lines = bytes.split(separator: UInt8(ascii: "\n"))
        guard let first = lines.first, let header = try? JSONDecoder().decode(Header.self, from: Data(first)),
              header.version == DocumentCache.currentVersion, header.executable == executable,
              header.renderKey == renderKey else { return nil }
        let decoded = await Concurrently.map(lines.dropFirst().map { Array($0) }) { line in
            (try? JSONDecoder().decode(Line.self, from: Data(line))).map { ($0, line) }
        }
        var cache = DocumentCache(executable: executable)
        cache.renderKey = header.renderKey
        cache.listingSignature = header.listingSignature
        for line in decoded {
            guard let (line, bytes) = line else { return nil }
            cache.entries[line.path] = line.entry
            cache.encodedEntries[line.path] = bytes
        }
        return cache
    }

    /// Writes the cache, its lines encoded on every core; a failure only costs the next build its shortcut.
    /// An entry equal to the one in `previous` is written as it was read, without encoding it again.
    static func write(_ cache: DocumentCache, previous: DocumentCache?, publisher: Publisher) async {
        guard let disk = publisher.fileSystem as? DiskFileSystem,
              let header = try? JSONEncoder().encode(Header(version: cache.version, executable: cache.executable, renderKey: cache.renderKey,
                                                     listingSignature: cache.listingSignature))
        else { return }
        let lines = cache.entries.keys.sorted().map { path in
            (Line(path: path, entry: cache.entries[path]!), previous?.entries[path] == cache.entries[path] ? previous?.encodedEntries[path] : nil)
        }
        let encoded = await Concurrently.map(lines) { line, unchanged in
            unchanged ?? (try? JSONEncoder().encode(line)).map { [UInt8]($0) }
        }
        var chunks = [[UInt8](header)]
        chunks.reserveCapacity(encoded.count * 2 + 1)
        for line in encoded {
            guard let line else { return }
            chunks.append([UInt8(ascii: "\n")])
            chunks.append(line)
        }
        try? disk.write(chunks: chunks, to: publisher.cachePath)
    }

    /// Removes the cache before the output is replaced: a build killed after the swap must not leave
    /// a cache that describes the site before it.
    static func forget(publisher: Publisher) {
        try? publisher.fileSystem.remove(publisher.cachePath)
    }

    /// What pages are rendered with besides the model: the templates (their stamps) and the executable.
    static func renderKey(templates: String, executable: String, fileSystem: any FileSystem) -> String {
        guard let disk = fileSystem as? DiskFileSystem else { return "" }
        let stamps = disk.stamps(under: templates).map { "\($0.path) \($0.stamp.size) \($0.stamp.modified) \($0.stamp.inode)" }
        return ([templates, executable] + stamps).joined(separator: "\n")
    }
}
