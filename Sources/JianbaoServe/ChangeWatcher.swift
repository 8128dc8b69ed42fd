import JianbaoSupport
#if canImport(Glibc)
import Glibc
#endif

/// Notices changes below some folders by comparing each file's size and modification time:
/// polling is portable and, for a few hundred files every half second, cheap.
struct ChangeWatcher: Sendable {
    let folders: [String]

    /// path → (size, mtime in nanoseconds) of every file below the folders.
    typealias Snapshot = [String: [Int]]

    func snapshot() -> Snapshot {
        let disk = DiskFileSystem()
        var result: Snapshot = [:]
        for folder in folders {
            guard let files = try? disk.allFiles(under: folder) else { continue }
            for relative in files {
                let path = Path.join(folder, relative)
                var info = stat()
                if stat(path, &info) == 0 {
                    result[path] = [Int(info.st_size), Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)]
                }
            }
        }
        return result
    }
}
