import Foundation
import JianbaoContent
import JianbaoPublish
import JianbaoSupport

/// Reads and writes the document cache beside the output (`.public.jianbao-cache`, JSON).
enum BuildCacheFile {
    /// The cache of the last build, when it was written by this same jianbao executable.
    static func read(publisher: Publisher, executable: String) -> DocumentCache? {
        guard publisher.fileSystem is DiskFileSystem, !executable.isEmpty,
              let bytes = try? publisher.fileSystem.read(publisher.cachePath),
              let cache = try? JSONDecoder().decode(DocumentCache.self, from: Data(bytes)),
              cache.version == DocumentCache.currentVersion, cache.executable == executable else { return nil }
        return cache
    }

    /// Writes the cache; a failure only costs the next build its shortcut.
    static func write(_ cache: DocumentCache, publisher: Publisher) {
        guard publisher.fileSystem is DiskFileSystem, let data = try? JSONEncoder().encode(cache) else { return }
        try? publisher.fileSystem.write([UInt8](data), to: publisher.cachePath)
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
