import JianbaoSupport

/// What a build remembers of its search index so that the next one can tell whether only some
/// shards change: per document (by id) checksums of its address, its names and its title (so that
/// it knows which ids are the same documents), and per shard the bytes its entries take (so that
/// the number of shards can be worked out again from the shards that changed alone).
public struct SearchLayout: Sendable, Equatable {
    /// FNV-1a (64 bits) checksums of one document's fields.
    public struct DocumentSignature: Sendable, Equatable {
        /// Its address: the same document at the same id.
        public var address: UInt64
        /// Everything `docs/<id>.js` holds besides the text.
        public var names: UInt64
        /// Its title, whose keys are marked in the postings.
        public var title: UInt64
    }

    public var documents: [DocumentSignature]
    /// By shard: the bytes of its entries; the count is the number of shards.
    public var shardBytes: [Int]

    init(documents: [SearchDocument], shardBytes: [Int]) {
        self.documents = Self.signatures(documents)
        self.shardBytes = shardBytes
    }

    static func signatures(_ documents: [SearchDocument]) -> [DocumentSignature] {
        documents.map { document in
            DocumentSignature(address: checksum([document.url]),
                              names: checksum([document.url, document.label, document.number, document.title, document.series,
                                               document.dateText, document.dateISO]),
                              title: checksum([document.title]))
        }
    }

    static func checksum(_ fields: [String]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for field in fields {
            for byte in field.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            hash = (hash ^ 0x1F) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

extension SearchLayout {
    /// The layout as numbers, which the build's cache keeps without knowing what they mean: the
    /// number of shards, each shard's bytes, the number of documents, and three checksums a document.
    public var words: [UInt64] {
        var words = [UInt64(shardBytes.count)] + shardBytes.map { UInt64($0) }
        words.append(UInt64(documents.count))
        for document in documents { words += [document.address, document.names, document.title] }
        return words
    }

    /// The layout from `words`, or nil when they cannot be one.
    public init?(words: [UInt64]) {
        guard let shards = words.first, shards >= 1, shards <= 1 << 16, words.count > Int(shards) + 1 else { return nil }
        let count = words[Int(shards) + 1]
        guard count <= 1 << 24, words.count == Int(shards) + 2 + 3 * Int(count) else { return nil }
        shardBytes = words[1...Int(shards)].map { Int(clamping: $0) }
        let start = Int(shards) + 2
        documents = (0..<Int(count)).map { index in
            DocumentSignature(address: words[start + 3 * index], names: words[start + 3 * index + 1], title: words[start + 3 * index + 2])
        }
    }
}
