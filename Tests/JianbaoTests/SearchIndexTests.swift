import JianbaoModel
@testable import JianbaoRender
@testable import JianbaoSearch
import JianbaoSupport
import Testing

@Suite struct SearchIndexTests {
    func document(_ text: String, title: String = "标题", url: String = "s/2024/1/index.html") -> SearchDocument {
        SearchDocument(url: url, label: "第1期", number: "第1期", title: title, series: "简报", dateText: "2024年1月1日",
                       dateISO: "2024-01-01", text: text)
    }

    @Test func jsonStringsEscapeQuotesControlsAndScriptEnds() {
        #expect(JSONText.string("a\"b\\c\nd\u{1}") == "\"a\\\"b\\\\c\\nd\\u0001\"")
        #expect(JSONText.string("</script>") == "\"<\\/script>\"")
        #expect(JSONText.string("督导\u{2028}") == "\"督导\\u2028\"")
        #expect(JSONText.string(utf16: [0xD842, 0x5F00]) == "\"\\ud842\\u5f00\"")
    }

    @Test func plainTextKeepsParagraphsAndCellsApart() {
        let html = "<p>第一段&amp;文字</p>\n<p>第二<strong>段</strong></p><table><tr><td>甲</td><td>乙</td></tr></table><p>a&#x4e00;b</p>"
        #expect(PlainText.fromHTML(html) == "第一段&文字\n第二段\n甲 乙\na一b")
    }

    /// Entities as the HTML standard names them, written out by hand.
    @Test func plainTextDecodesEntities() {
        let cases: [(String, String)] = [
            ("a&amp;b", "a&b"), ("&lt;p&gt;", "<p>"), ("&quot;x&quot;", "\"x\""), ("it&#39;s", "it's"), ("it&apos;s", "it's"),
            ("一&nbsp;二", "一 二"), ("&#x4E00;&#19968;", "一一"), ("&#x1F600;", "😀"), ("&bogus;", "&bogus;"), ("&#xD800;", "&#xD800;"),
            ("a & b", "a & b"), ("&#12345678901;", "&#12345678901;"), ("&中;", "&中;"),
        ]
        for (html, text) in cases { #expect(PlainText.fromHTML(html) == text, "\(html)") }
    }

    @Test func normalisingKeepsOneUnitPerUnit() {
        let units = Array("ＡＢｃ１２　Ab\u{A0}".utf16)
        #expect(String(decoding: SearchKeys.normalized(units), as: UTF16.self) == "abc12 ab ")
    }

    /// The spaces of formal documents between Chinese and Latin letters or digits (from the example documents).
    @Test func spacesBetweenChineseAndDigitsAreDropped() {
        #expect(SearchKeys.joiningScripts("共 93 项") == "共93项")
        #expect(SearchKeys.joiningScripts("鲁法〔2023〕1 号") == "鲁法〔2023〕1号")
        #expect(SearchKeys.joiningScripts("2021 年 12 月") == "2021年12月")
        #expect(SearchKeys.joiningScripts("第 ４ 期") == "第４期")
        #expect(SearchKeys.joiningScripts("PDF 文件") == "PDF文件")
        // between two Chinese characters, two Latin words, or at a line's end: kept
        #expect(SearchKeys.joiningScripts("法治 政府") == "法治 政府")
        #expect(SearchKeys.joiningScripts("GB T 9704") == "GB T 9704")
        #expect(SearchKeys.joiningScripts("一 \n2") == "一 \n2")
    }

    /// FNV-1a (32 bits) then MurmurHash3's final mix over the key's UTF-16 units: values worked out
    /// apart from this code (Python, from the two algorithms' published constants).
    @Test func theHashIsFNV1aThenMurmurMixOverUTF16Units() {
        #expect(SearchKeys.hash(0x7763_5BFC) == 1_169_957_754)  // 督导
        #expect(SearchKeys.hash(0x53BF) == 2_355_382_111)  // 县
        #expect(SearchKeys.hash(0x0061_0062) == 2_563_531_789)  // ab
        #expect(SearchKeys.hash(0x0062_0061) == 605_838_741)  // ba
        #expect(SearchKeys.hash(0x6CD5_6CBB) == 538_336_066)  // 法治
    }

    /// Postings of a two-document archive, worked out by hand from docs/search.md's format: per document the
    /// id difference and count × 2 (+1 when in the title).
    @Test func postingsNameEveryDocumentWithItsCount() throws {
        let index = SearchIndex(documents: [document("督导组督导\n工作"), document("工作督导", title: "督导")])
        #expect(index.shardCount == 1)
        let files = index.files()
        #expect(files.map(\.path) == ["search/shards/0.js", "search/docs/0.js", "search/docs/1.js"])
        let entries = try #require(SearchIndex.shardEntries(files[0].bytes, shard: 0).flatMap(Postings.entries))
        func list(_ key: String) -> [[UInt32]]? {
            let units = Array(key.utf16)
            let code = units.count == 2 ? UInt32(units[0]) << 16 | UInt32(units[1]) : UInt32(units[0])
            return entries.first { $0.key == code }.map { $0.list.map { [UInt32($0.id), $0.value] } }
        }
        #expect(list("督导") == [[0, 4], [1, 3]])  // twice in 0; once in 1, and in its title
        #expect(list("督") == [[0, 4], [1, 3]])
        #expect(list("组") == [[0, 2]])
        #expect(list("工作") == [[0, 2], [1, 2]])
        #expect(list("标题") == [[0, 1]])  // only in document 0's title
        #expect(list("导\n") == nil && list("导工") == nil && list("\n") == nil)  // nothing spans a line break
        let shard = String(decoding: files[0].bytes, as: UTF8.self)
        #expect(shard.hasPrefix("jianbaoSearch.shard(0,\"") && shard.hasSuffix("\");\n"))
        // 督导 as it is written: the key, the length 5, list form, then (1, 4) and (1, 3)
        let bytes = try #require(SearchIndex.shardEntries(files[0].bytes, shard: 0))
        let duDao: [UInt8] = [0xFC, 0xB7, 0x8D, 0xBB, 0x07, 5, 0, 1, 4, 1, 3]
        #expect(bytes.indices.contains { bytes[$0...].starts(with: duDao) })
    }

    @Test func aKeyInMostDocumentsIsABitmap() throws {
        let documents = (0..<40).map { document($0 % 10 == 3 ? "其他" : "督导", url: "s/\($0)/index.html") }
        let index = SearchIndex(documents: documents)
        let entries = try #require(SearchIndex.shardEntries(index.files()[0].bytes, shard: 0))
        // 督导: mode 1, 5 bytes of bitmap: every id but 3, 13, 23, 33
        let bitmap: [UInt8] = [0b1111_0111, 0b1101_1111, 0b0111_1111, 0b1111_1111, 0b1111_1101]
        let head: [UInt8] = [0xFC, 0xB7, 0x8D, 0xBB, 0x07, UInt8(1 + 1 + 5 + 36), 1, 5] + bitmap
        #expect(entries.indices.contains { entries[$0...].starts(with: head) })
    }

    @Test func aLargeArchiveIsSplitIntoShardsOfBoundedSize() {
        var documents: [SearchDocument] = []
        for number in 0..<300 {
            let text = (0..<900).map { String(UnicodeScalar(0x4E00 + (number * 397 + $0 * 31) % 6000)!) }.joined()
            documents.append(document(text, url: "s/\(number)/index.html"))
        }
        let index = SearchIndex(documents: documents)
        #expect(index.shardCount > 1)
        let shardFiles = index.files().filter { $0.path.hasPrefix("search/shards/") }
        #expect(shardFiles.count == index.shardCount)
        let largest = shardFiles.map(\.bytes.count).max() ?? 0
        let total = shardFiles.reduce(0) { $0 + $1.bytes.count }
        #expect(largest < 3 * total / index.shardCount, "shards are far from even: \(largest) of \(total)")
    }
}

/// Reaches the renderer's static helpers from suites that do not import JianbaoRender for testing.
enum SiteRendererAccess {
    static func nested(_ html: String) -> String { SiteRenderer.nestedHeadings(html) }
}
