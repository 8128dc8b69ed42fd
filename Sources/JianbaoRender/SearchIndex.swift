import JianbaoModel

/// One published document as the search sees it: where it is, how a result names it, and its text.
struct SearchDocument: Sendable, Equatable {
    /// Relative to the site root, ending in index.html.
    let url: String
    /// 第19期, or the 公文's kind (通知).
    let label: String
    let title: String
    let series: String
    let dateText: String
    let dateISO: String
    /// The text as a reader sees it, paragraphs on their own lines; postings point into it in UTF-16 units.
    let text: String
}

/// The static full-text search index: character bigrams, so that any query of two or more
/// characters finds every place it occurs, with no word segmentation (Chinese has no spaces).
///
/// Layout under `search/` (all JavaScript files that call back into `search.js`, so that the search
/// also works from `file://`, where a page may load scripts but not fetch files):
/// - `shards/<k>.js`: the postings of the bigrams whose hash falls in shard k: for each bigram, per
///   document `[id, first position, gaps…]` (positions in UTF-16 units of the document's text). A query
///   loads only the shards of its bigrams, and from them knows exactly where it occurs.
/// - `docs/<id>.js`: one document's address, names and text, loaded only for the results shown, to
///   cut the passage around the match. Ids are in archive order, newest first, so sorting ids sorts
///   results newest first.
///
/// The number of shards grows with the archive so that a shard stays near `targetShardBytes`.
struct SearchIndex: Sendable {
    static let formatVersion = 1
    static let targetShardBytes = 24 * 1024
    static let maximumShards = 4096

    let documents: [SearchDocument]
    let shardCount: Int
    /// Each bigram's serialised postings, keyed by the bigram, with the shard it belongs to.
    let entries: [(key: [UInt16], shard: Int, json: String)]

    init(documents: [SearchDocument]) {
        self.documents = documents
        // Every occurrence of every bigram, in flat arrays (no array per bigram and document): first
        // in text order with its bigram's slot, then grouped by slot with a counting sort, which keeps
        // each bigram's occurrences in document and position order.
        var slots: [UInt32: Int32] = [:]
        var keys: [UInt32] = []
        var counts: [Int] = []
        var occurrenceSlot: [Int32] = [], occurrenceID: [Int32] = [], occurrencePosition: [Int32] = []
        for (id, document) in documents.enumerated() {
            let units = Self.normalized(Array(document.text.utf16))
            guard units.count >= 2 else { continue }
            for position in 0..<(units.count - 1) {
                let first = units[position], second = units[position + 1]
                if Self.isBreak(first) || Self.isBreak(second) { continue }
                let key = UInt32(first) << 16 | UInt32(second)
                let slot: Int32
                if let known = slots[key] {
                    slot = known
                } else {
                    slot = Int32(keys.count)
                    slots[key] = slot
                    keys.append(key)
                    counts.append(0)
                }
                counts[Int(slot)] += 1
                occurrenceSlot.append(slot)
                occurrenceID.append(Int32(id))
                occurrencePosition.append(Int32(position))
            }
        }
        var starts = [Int](repeating: 0, count: keys.count + 1)
        for slot in keys.indices { starts[slot + 1] = starts[slot] + counts[slot] }
        var next = starts
        var groupedID = [Int32](repeating: 0, count: occurrenceSlot.count)
        var groupedPosition = [Int32](repeating: 0, count: occurrenceSlot.count)
        for occurrence in occurrenceSlot.indices {
            let slot = Int(occurrenceSlot[occurrence])
            groupedID[next[slot]] = occurrenceID[occurrence]
            groupedPosition[next[slot]] = occurrencePosition[occurrence]
            next[slot] += 1
        }
        var serialised: [(key: [UInt16], hash: UInt32, json: String)] = []
        serialised.reserveCapacity(keys.count)
        var total = 0
        for slot in keys.indices.sorted(by: { keys[$0] < keys[$1] }) {
            let key = keys[slot]
            let units = [UInt16(key >> 16), UInt16(key & 0xFFFF)]
            let range = starts[slot]..<starts[slot + 1]
            let json = Self.postingsJSON(key: units, ids: groupedID[range], positions: groupedPosition[range])
            total += json.utf8.count + 1
            serialised.append((units, Self.hash(units), json))
        }
        var shards = 1
        while shards < Self.maximumShards && total / shards > Self.targetShardBytes { shards *= 2 }
        self.shardCount = shards
        self.entries = serialised.map { ($0.key, Int($0.hash % UInt32(shards)), $0.json) }
    }

    /// `"督导":[[0,0,3],[1,2]]`: per document its id, the first position and the gaps to the next ones.
    /// Written as bytes: building the many small strings was most of the index's time.
    static func postingsJSON(key units: [UInt16], ids: ArraySlice<Int32>, positions: ArraySlice<Int32>) -> String {
        var bytes = Array(JSONText.string(utf16: units).utf8)
        bytes.reserveCapacity(bytes.count + ids.count * 6)
        bytes += [UInt8(ascii: ":"), UInt8(ascii: "[")]
        var previousID: Int32 = -1, previousPosition: Int32 = 0
        for (id, position) in zip(ids, positions) {
            if id != previousID {
                if previousID >= 0 { bytes += [UInt8(ascii: "]"), UInt8(ascii: ",")] }
                bytes.append(UInt8(ascii: "["))
                appendDigits(Int(id), to: &bytes)
                bytes.append(UInt8(ascii: ","))
                appendDigits(Int(position), to: &bytes)
                previousID = id
            } else {
                bytes.append(UInt8(ascii: ","))
                appendDigits(Int(position - previousPosition), to: &bytes)
            }
            previousPosition = position
        }
        if previousID >= 0 { bytes.append(UInt8(ascii: "]")) }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A non-negative number in decimal.
    static func appendDigits(_ number: Int, to bytes: inout [UInt8]) {
        var value = number
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
            value /= 10
        } while value > 0
        bytes[start...].reverse()
    }

    /// The files of the index, below `search/`.
    func files() -> [OutputFile] {
        var shardMembers = [[String]](repeating: [], count: shardCount)
        for entry in entries { shardMembers[entry.shard].append(entry.json) }
        var files = shardMembers.enumerated().map { shard, members in
            OutputFile(path: "search/shards/\(shard).js",
                       text: "jianbaoSearch.shard(\(shard),{" + members.joined(separator: ",") + "});\n")
        }
        for (id, document) in documents.enumerated() {
            let json = JSONText.object([
                ("url", JSONText.string(document.url)), ("label", JSONText.string(document.label)),
                ("title", JSONText.string(document.title)), ("series", JSONText.string(document.series)),
                ("date", JSONText.string(document.dateText)), ("iso", JSONText.string(document.dateISO)),
                ("text", JSONText.string(document.text)),
            ])
            files.append(OutputFile(path: "search/docs/\(id).js", text: "jianbaoSearch.doc(\(id),\(json));\n"))
        }
        return files
    }

    /// What the search page needs to know before it loads anything.
    var settingsJSON: String {
        JSONText.object([("version", String(Self.formatVersion)), ("shards", String(shardCount)),
                         ("documents", String(documents.count))])
    }

    // MARK: The rules search.js repeats exactly

    /// Full-width ASCII (ＡＢＣ１２３) as ASCII, ASCII letters lower case, the ideographic space as a
    /// space. One unit in, one unit out, so positions in the normalised text are positions in the text.
    static func normalized(_ units: [UInt16]) -> [UInt16] {
        units.map { unit in
            var unit = unit
            if unit >= 0xFF01 && unit <= 0xFF5E { unit -= 0xFEE0 }
            if unit == 0x3000 || unit == 0xA0 { unit = 0x20 }
            if unit >= 0x41 && unit <= 0x5A { unit += 0x20 }
            return unit
        }
    }

    /// White space ends a bigram: none spans two paragraphs or table cells.
    static func isBreak(_ unit: UInt16) -> Bool {
        unit == 0x20 || unit == 0x0A || unit == 0x0D || unit == 0x09
    }

    /// FNV-1a over the two UTF-16 units, 32 bits, then MurmurHash3's final mix (FNV's low bits depend
    /// only on the units' low bits, and the shard is the hash modulo a power of two): cheap, and easy
    /// to repeat in JavaScript with Math.imul.
    static func hash(_ units: [UInt16]) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for unit in units {
            hash ^= UInt32(unit)
            hash = hash &* 16_777_619
        }
        hash ^= hash >> 16
        hash = hash &* 0x85EB_CA6B
        hash ^= hash >> 13
        hash = hash &* 0xC2B2_AE35
        hash ^= hash >> 16
        return hash
    }

    /// The bigram offsets a query of `length` units is checked at: 0, 2, 4 … and the last. Together they
    /// cover every character, so a document has the query at p exactly when each of those bigrams is
    /// at p + offset; a 4-character query loads two shards, not three.
    static func coveringOffsets(length: Int) -> [Int] {
        guard length >= 2 else { return [] }
        var offsets = Array(stride(from: 0, through: length - 2, by: 2))
        if offsets.last != length - 2 { offsets.append(length - 2) }
        return offsets
    }
}

extension SearchDocument {
    /// A published document's entry, with its text made by `searchText(of:)` (or kept from the last build).
    init(document: Document, series: Series, url: String, text: String) {
        let label = switch document.fields {
        case .briefing(let fields): fields.numberText
        case .official: document.kind.label
        }
        self.init(url: url, label: label, title: document.headline, series: series.name,
                  dateText: document.date.chinese, dateISO: document.date.iso, text: text)
    }

    /// The searchable text of a document: its masthead line (with 第N期), date, every part of the body,
    /// the 版记 and the 报尾. Made from the document alone, so an incremental build can keep it.
    static func text(of document: Document) -> String {
        var lines: [String] = []
        switch document.fields {
        case .briefing(let fields):
            var masthead = [fields.name]
            if let special = fields.special, !special.isSupplement { masthead.append(special.rawValue) }
            masthead.append(fields.numberText)
            if let total = fields.total { masthead.append("总第\(total)期") }
            lines.append(masthead.joined(separator: " "))
            lines += [fields.office, document.date.chinese].compactMap { $0 }
        case .official(let fields):
            lines += [fields.issuer, fields.docNumber, fields.title, fields.addressees.map { $0 + "：" }].compactMap { $0 }
        }
        if let note = document.noteHTML { lines.append(PlainText.fromHTML(note)) }
        lines.append(PlainText.fromHTML(document.leadHTML))
        for section in document.sections {
            if let number = section.attachmentNumber {
                let names = document.official?.attachments ?? []
                let title = names.indices.contains(number - 1) ? names[number - 1] : ""
                lines.append((number == 0 ? "附件" : "附件\(number)") + " " + title)
            } else {
                lines.append(section.title)
            }
            lines.append(PlainText.fromHTML(section.html))
        }
        if let official = document.official {
            lines += [official.signedBy, document.date.chinese].compactMap { $0 }
            lines += [official.cc.map { "抄送：" + $0 }, official.printedBy].compactMap { $0 }
        }
        // the 报尾 (报、送、发, 编校): readers look for who a briefing went to, or who edited it
        lines += document.trailer.lines.map { "\($0.label)：\($0.text)" }
        if let copies = document.trailer.copies { lines.append("（共印\(copies)份）") }
        return PlainText.tidy(lines.filter { !$0.isEmpty }.joined(separator: "\n"))
    }
}
