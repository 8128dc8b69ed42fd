/// What a build remembers of its search index so that the next one can tell whether only some
/// shards change: a checksum of every document's place and names (so that every id is the same)
/// and, per shard, the bytes its entries take (so that the number of shards can be worked out
/// again from the shards that changed alone).
public struct SearchLayout: Sendable, Equatable {
    /// FNV-1a (64 bits) over every document's address, label, title, series and dates, in id order.
    public var signature: UInt64
    /// By shard: the bytes of its entries, each with the comma after it; the count is the number of shards.
    public var shardBytes: [Int]

    public init(signature: UInt64, shardBytes: [Int]) {
        self.signature = signature
        self.shardBytes = shardBytes
    }
}

extension SearchLayout {
    /// The layout as numbers, which the build's cache keeps without knowing what they mean:
    /// the signature, then each shard's bytes.
    public var words: [UInt64] {
        [signature] + shardBytes.map { UInt64($0) }
    }

    /// The layout from `words`, or nil when they cannot be one.
    public init?(words: [UInt64]) {
        guard words.count >= 2, words.count <= 1 << 20 else { return nil }
        self.init(signature: words[0], shardBytes: words.dropFirst().map { Int(clamping: $0) })
    }
}
