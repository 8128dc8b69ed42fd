#if canImport(Glibc)
import Glibc
#endif

/// Runs work on every core with structured concurrency: one task group, child tasks that each take
/// a run of consecutive items, results put back in the items' order.
///
/// The order of the results never depends on the scheduling, so whatever is built from them is
/// byte-identical from run to run. Work that holds values which are not `Sendable` (a libcmark
/// tree) must create and drop them inside `transform`.
public enum Concurrently {
    /// Cores this process may use (at least 1).
    public static let coreCount: Int = {
        #if canImport(Glibc)
        let count = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return count > 0 ? count : 1
        #else
        return 1
        #endif
    }()

    /// `items.map(transform)`, on all cores. Items are handed out in runs (about eight per core in all)
    /// so that ten thousand small jobs do not cost ten thousand tasks.
    public static func map<Item: Sendable, Output: Sendable>(
        _ items: [Item], _ transform: @escaping @Sendable (Item) -> Output
    ) async -> [Output] {
        if items.count <= 1 || coreCount == 1 { return items.map(transform) }
        let runLength = max(1, items.count / (coreCount * 8))
        let runs = stride(from: 0, to: items.count, by: runLength).map { $0..<min($0 + runLength, items.count) }
        return await withTaskGroup(of: (Int, [Output]).self) { group in
            for (number, run) in runs.enumerated() {
                let slice = Array(items[run])
                group.addTask { (number, slice.map(transform)) }
            }
            var collected = [[Output]](repeating: [], count: runs.count)
            for await (number, outputs) in group { collected[number] = outputs }
            return collected.flatMap { $0 }
        }
    }
}
