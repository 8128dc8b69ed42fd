import JianbaoModel
@testable import JianbaoRender
@testable import JianbaoSearch
import JianbaoSupport
import Testing

@Suite struct SearchIndexTests {
    func document(_ text: String, url: String = "s/2024/1/index.html") -> SearchDocument {
        SearchDocument(url: url, label: "第1期", title: "标题", series: "简报", dateText: "2024年1月1日", dateISO: "2024-01-01", text: text)
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

    @Test func normalisingKeepsOneUnitPerUnit() {
        let units = Array("ＡＢｃ１２　Ab".utf16)
        #expect(String(decoding: SearchIndex.normalized(units), as: UTF16.self) == "abc12 ab")
    }

    @Test func coveringOffsetsReachEveryCharacter() {
        #expect(SearchIndex.coveringOffsets(length: 2) == [0])
        #expect(SearchIndex.coveringOffsets(length: 3) == [0, 1])
        #expect(SearchIndex.coveringOffsets(length: 4) == [0, 2])
        #expect(SearchIndex.coveringOffsets(length: 5) == [0, 2, 3])
        for length in 2...12 {
            let covered = Set(SearchIndex.coveringOffsets(length: length).flatMap { [$0, $0 + 1] })
            #expect(covered == Set(0..<length))
        }
    }

    /// The values search.js must compute the same way (it is checked in the browser by check_browser.py).
    @Test func theHashIsFNV1aOverUTF16Units() {
        #expect(SearchIndex.hash([0x7763, 0x5BFC]) == SearchIndex.hash(Array("督导".utf16)))
        var expected: UInt32 = 2_166_136_261
        for unit in "督导".utf16 { expected = (expected ^ UInt32(unit)) &* 16_777_619 }
        expected = (expected ^ (expected >> 16)) &* 0x85EB_CA6B
        expected = (expected ^ (expected >> 13)) &* 0xC2B2_AE35
        expected ^= expected >> 16
        #expect(SearchIndex.hash(Array("督导".utf16)) == expected)
        #expect(SearchIndex.hash(Array("ab".utf16)) != SearchIndex.hash(Array("ba".utf16)))
    }

    @Test func postingsHoldEveryPositionAndNoBigramSpansALineBreak() throws {
        let index = SearchIndex(documents: [document("督导组督导\n工作"), document("工作督导")])
        let entry = try #require(index.entries.first { $0.key == Array("督导".utf16) })
        #expect(entry.json == "\"督导\":[[0,0,3],[1,2]]")  // document 0 at 0 and 0+3, document 1 at 2
        #expect(!index.entries.contains { $0.key == Array("导\n".utf16) || $0.key == Array("导工".utf16) })
        #expect(index.shardCount == 1)
        let files = index.files()
        #expect(files.map(\.path) == ["search/shards/0.js", "search/docs/0.js", "search/docs/1.js"])
        let shard = String(decoding: files[0].bytes, as: UTF8.self)
        #expect(shard.hasPrefix("jianbaoSearch.shard(0,{") && shard.hasSuffix("});\n"))
    }

    @Test func aLargeArchiveIsSplitIntoShardsOfBoundedSize() {
        var documents: [SearchDocument] = []
        for number in 0..<60 {
            let text = (0..<400).map { String(UnicodeScalar(0x4E00 + (number * 397 + $0 * 31) % 2000)!) }.joined()
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
