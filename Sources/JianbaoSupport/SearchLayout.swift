/// What a build remembers of its search index so that the next one can tell whether only some
/// shards change: a checksum of every document's place and names (so that every id is the same)
/// and, per shard, the bytes its entries take (so that the number of shards can be worked out
/// again from the shards that changed alone).
public struct SearchLayout: Sendable, Equatable, Codable {
    /// FNV-1a (64 bits) over every document's address, label, title, series and dates, in id order.
    public var signature: UInt64
    /// By shard: the bytes of its entries, each with the comma after it; the count is the number of shards.
    public var shardBytes: [Int]

    public init(signature: UInt64, shardBytes: [Int]) {
        self.signature = signature
        self.shardBytes = shardBytes
    }
}
