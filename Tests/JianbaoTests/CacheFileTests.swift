import Foundation
@testable import Jianbao
import JianbaoContent
@testable import JianbaoIncremental
import JianbaoModel
import JianbaoSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The document cache's binary form: every field comes back, damage is never trusted, and a rebuild
/// really takes unchanged documents from it instead of reading their files again.
@Suite struct CacheFileTests {
    /// Every document of the example archive, in full (with its HTML), with its diagnostics.
    static func exampleEntries() throws -> [String: DocumentCache.Entry] {
        let loaded = ContentLoader(fileSystem: DiskFileSystem(), root: TestSupport.repoRoot + "/Content").load()
        let site = try #require(loaded.site)
        var entries: [String: DocumentCache.Entry] = [:]
        for (index, document) in site.series.flatMap(\.documents).enumerated() {
            let diagnostics = loaded.diagnostics.filter { $0.location.file == document.source.file }
            entries[document.source.file] = DocumentCache.Entry(
                loaded: LoadedDocument(inputs: "\(index) 1700000000 \(index + 40)|-", document: document, diagnostics: diagnostics),
                searchText: index % 2 == 0 ? "搜索文本 \(document.headline)" : nil)
        }
        return entries
    }

    @Test func entriesComeBackEqual() throws {
        let entries = try Self.exampleEntries()
        #expect(entries.count == 5)
        // The example archive uses both kinds, trailers, sections, attachments and assets.
        #expect(entries.values.contains { $0.loaded.document?.official?.attachments.isEmpty == false })
        #expect(entries.values.contains { $0.loaded.document?.trailer.lines.isEmpty == false })
        // What it does not use: assets, a supplement, diagnostics of both kinds, an entry without document.
        var withAssets = entries.values.first { $0.loaded.document?.briefing != nil }!
        withAssets.loaded.document?.assets = ["images/1.jpg", "附件 1.pdf"]
        withAssets.loaded.document?.fields = .briefing(BriefingFields(number: 2, total: 77, special: .zengkan, name: "增刊", office: nil, column: "动态"))
        var withoutDocument = withAssets
        withoutDocument.loaded.document = nil
        withoutDocument.loaded.diagnostics = [.warning(at: SourceLocation(file: "甲.md", line: 3, column: 7), "警告", hint: "提示"),
                                       .error(at: SourceLocation(file: "乙.md"), "错误")]
        for entry in Array(entries.values) + [withAssets, withoutDocument] {
            var writer = CacheWriter()
            try CacheCoding.encode(entry, into: &writer)
            var reader = CacheReader(writer.bytes, range: 0..<writer.bytes.count)
            #expect(try CacheCoding.decode(DocumentCache.Entry.self, from: &reader) == entry)
            #expect(reader.isAtEnd)
        }
    }

    /// A value of a type the codec was never written for comes back equal: every stored property is
    /// kept, whatever its kind (so a field added to the model is kept with nothing else to change).
    @Test func anyCodableValueComesBackEqual() throws {
        enum Kind: String, Codable, Equatable { case one = "一", two = "二" }
        enum Shape: Codable, Equatable {
            case none
            case point(x: Int, y: Int)
            case named(String, Kind?)
        }
        struct Sample: Codable, Equatable {
            var text: String
            var count: Int
            var negative: Int64
            var small: UInt8
            var flag: Bool
            var ratio: Double
            var optionalText: String?
            var missing: Int?
            var kind: Kind
            var shapes: [Shape]
            var nested: [[String?]]
            var inner: Inner?
            struct Inner: Codable, Equatable {
                var digest: UInt64
                var date: SimpleDate
            }
        }
        let sample = Sample(text: "中文\u{0}text", count: -300, negative: Int64.min, small: 255, flag: true, ratio: 0.1,
                            optionalText: "", missing: nil, kind: .two,
                            shapes: [.none, .point(x: 1, y: -2), .named("甲", nil), .named("", .one)],
                            nested: [[], ["a", nil, "b"]],
                            inner: Sample.Inner(digest: .max, date: SimpleDate(year: 2024, month: 2, day: 29)!))
        var writer = CacheWriter()
        try CacheCoding.encode(sample, into: &writer)
        var reader = CacheReader(writer.bytes, range: 0..<writer.bytes.count)
        #expect(try CacheCoding.decode(Sample.self, from: &reader) == sample)
        #expect(reader.isAtEnd)
        // Cut short anywhere, the value is damage, never a wrong value.
        for cut in 0..<writer.bytes.count {
            var short = CacheReader(writer.bytes, range: 0..<cut)
            #expect(throws: CacheDamage.self) { try CacheCoding.decode(Sample.self, from: &short) }
        }
        // A dictionary's order is not the same from run to run: it is refused, not written.
        var other = CacheWriter()
        #expect(throws: CacheEncodingUnsupported.self) { try CacheCoding.encode(["a": 1, "b": 2], into: &other) }
    }

    @Test func numbersAndTextRoundTrip() throws {
        var writer = CacheWriter()
        let numbers = [0, 1, -1, 127, 128, -129, 300, Int.max, Int.min]
        for number in numbers { writer.int(number) }
        writer.string("")
        writer.string("中文 text\n")
        writer.optionalString(nil)
        writer.fixed64(0x0123_4567_89AB_CDEF)
        var reader = CacheReader(writer.bytes, range: 0..<writer.bytes.count)
        for number in numbers { #expect(try reader.int() == number) }
        #expect(try reader.string() == "")
        #expect(try reader.string() == "中文 text\n")
        #expect(try reader.optionalString() == nil)
        #expect(try reader.fixed64() == 0x0123_4567_89AB_CDEF)
        #expect(reader.isAtEnd)
        #expect(throws: CacheDamage.self) { try reader.byte() }
        // A length longer than what is left is damage, not a huge allocation.
        var long = CacheWriter()
        long.unsigned(1 << 40)
        var longReader = CacheReader(long.bytes, range: 0..<long.bytes.count)
        #expect(throws: CacheDamage.self) { try longReader.string() }
    }

    /// The cache file's bytes, as `BuildCacheFile.write` writes them.
    static func encode(_ cache: DocumentCache, previous: DocumentCache?) async -> [UInt8] {
        Array(((try? await BuildCacheFile.encode(cache, previous: previous)) ?? []).joined())
    }

    /// The cache file as a whole: read back as written; cut short, changed in one byte, of another
    /// version or another executable, or not a cache at all, it is not used.
    @Test func aDamagedOrForeignCacheFileIsNotUsed() async throws {
        var cache = DocumentCache(executable: "1 2 3")
        cache.renderKey = "templates"
        cache.outputDigests = ["index.html": 0x0123_4567_89AB_CDEF, "jianbao/2024/19/index.html": 42]
        cache.entries = try Self.exampleEntries()
        let bytes = await Self.encode(cache, previous: nil)
        let read = try #require(await BuildCacheFile.decode(bytes, executable: "1 2 3", renderKey: "templates"))
        #expect(read.entries == cache.entries)
        #expect(read.outputDigests == cache.outputDigests)
        #expect(read.encodedEntries.count == cache.entries.count)
        // Written again with the previous cache, unchanged entries are copied as they were read: same bytes.
        #expect(await Self.encode(read, previous: read) == bytes)
        // One entry changed: the others are copied as they were read, that one is encoded anew, and
        // the file is the one a cache written from nothing gives.
        var changed = read
        let path = changed.entries.keys.sorted()[2]
        changed.entries[path]?.searchText = "改过的文本"
        let rewritten = await Self.encode(changed, previous: read)
        #expect(rewritten != bytes)
        #expect(rewritten == (await Self.encode(changed, previous: nil)))
        #expect(await BuildCacheFile.decode(rewritten, executable: "1 2 3", renderKey: "templates")?.entries == changed.entries)

        #expect(await BuildCacheFile.decode(bytes, executable: "1 2 4", renderKey: "templates") == nil)
        #expect(await BuildCacheFile.decode(bytes, executable: "1 2 3", renderKey: "other templates") == nil)
        for cut in [0, 1, 14, 40, bytes.count / 2, bytes.count - 1] {
            #expect(await BuildCacheFile.decode(Array(bytes[..<cut]), executable: "1 2 3", renderKey: "templates") == nil, "cut at \(cut)")
        }
        for offset in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
            var damaged = bytes
            damaged[offset] ^= 0x20
            #expect(await BuildCacheFile.decode(damaged, executable: "1 2 3", renderKey: "templates") == nil, "byte \(offset) changed")
        }
        #expect(await BuildCacheFile.decode(bytes + [0], executable: "1 2 3", renderKey: "templates") == nil)
        let json = Array(#"{"version":2,"executable":"1 2 3","renderKey":"templates"}"#.utf8)
        #expect(await BuildCacheFile.decode(json, executable: "1 2 3", renderKey: "templates") == nil)
        var otherVersion = cache
        otherVersion.version = DocumentCache.currentVersion - 1
        let old = await Self.encode(otherVersion, previous: nil)
        #expect(await BuildCacheFile.decode(old, executable: "1 2 3", renderKey: "templates") == nil)
    }

    /// A build beside a damaged cache reads every file again, and its output is a full build's.
    @Test(arguments: ["cut short", "one byte changed", "old JSON lines"])
    func aBuildBesideADamagedCacheReadsEverything(_ damage: String) async throws {
        let site = try IncrementalBuildTests.makeSite()
        defer { try? FileManager.default.removeItem(atPath: site.folder) }
        let output = site.folder + "/public"
        let cachePath = site.folder + "/.public.jianbao-cache"
        let builder = Builder(options: BuildOptions(content: site.content, output: output, templates: site.templates))
        _ = try await builder.build()
        let disk = DiskFileSystem()
        var bytes = try disk.read(cachePath)
        switch damage {
        case "cut short": bytes.removeLast(bytes.count / 3)
        case "one byte changed": bytes[bytes.count * 2 / 3] ^= 0x01
        default: bytes = Array(#"{"executable":"x","version":2,"renderKey":""}"#.utf8) + [UInt8(ascii: "\n")]
        }
        try disk.write(bytes, to: cachePath)
        let edited = site.content + "/jianbao/2025/140.md"
        try disk.write(try TestSupport.readText(edited).replacingOccurrences(of: "正文第140段", with: "正文第140段（改）"), to: edited)

        let report = try await builder.build()
        #expect(report.documentsReused == 0, "\(damage)")
        let fresh = site.folder + "/fresh"
        _ = try await Builder(options: BuildOptions(content: site.content, output: fresh, templates: site.templates)).build()
        #expect(try TestSupport.snapshot(output) == (try TestSupport.snapshot(fresh)), "\(damage)")
        // The build wrote a good cache again: the next one reuses it.
        try disk.write(try TestSupport.readText(edited).replacingOccurrences(of: "（改）", with: "（又改）"), to: edited)
        #expect(try await builder.build().documentsReused == 64)
    }

    /// A one-issue rebuild takes the other documents from the cache, not from their files: an
    /// unchanged-looking file (same inode, size and modification time) whose text was replaced in
    /// place still shows its old text, on its page and in the search index.
    @Test func aRebuildDoesNotReadUnchangedFilesAgain() async throws {
        let site = try IncrementalBuildTests.makeSite()
        defer { try? FileManager.default.removeItem(atPath: site.folder) }
        let output = site.folder + "/public"
        let builder = Builder(options: BuildOptions(content: site.content, output: output, templates: site.templates))
        _ = try await builder.build()

        // 正文第129段 → 正文第129节: 段 and 节 are both three bytes in UTF-8.
        let hidden = site.content + "/jianbao/2025/129.md"
        var before = stat()
        #expect(stat(hidden, &before) == 0)
        let old = try TestSupport.readText(hidden)
        let new = old.replacingOccurrences(of: "正文第129段", with: "正文第129节")
        #expect(new != old && new.utf8.count == old.utf8.count)
        try DiskFileSystem().write(new, to: hidden)
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, hidden, &times, 0) == 0)
        var after = stat()
        #expect(stat(hidden, &after) == 0)
        #expect(after.st_ino == before.st_ino && after.st_size == before.st_size
                && after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec)

        let edited = site.content + "/jianbao/2025/140.md"
        try DiskFileSystem().write(try TestSupport.readText(edited).replacingOccurrences(of: "正文第140段", with: "正文第140段（已修改）"), to: edited)
        let report = try await builder.build()
        #expect(report.documentsReused == 64)
        #expect(try TestSupport.readText(output + "/jianbao/2025/140/index.html").contains("正文第140段（已修改）"))
        #expect(try Self.searchDocument(of: "jianbao/2025/140/index.html", in: output).contains("正文第140段（已修改）"))

        let page = try TestSupport.readText(output + "/jianbao/2025/129/index.html")
        let searchText = try Self.searchDocument(of: "jianbao/2025/129/index.html", in: output)
        #expect(page.contains("正文第129段") && !page.contains("正文第129节"))
        #expect(searchText.contains("正文第129段") && !searchText.contains("正文第129节"))

        // The test can fail: a build without the cache does read the new text.
        let fresh = site.folder + "/fresh"
        _ = try await Builder(options: BuildOptions(content: site.content, output: fresh, templates: site.templates)).build()
        #expect(try TestSupport.readText(fresh + "/jianbao/2025/129/index.html").contains("正文第129节"))
        #expect(try Self.searchDocument(of: "jianbao/2025/129/index.html", in: fresh).contains("正文第129节"))
    }

    /// The search index's file for the document published at `url` (`search/docs/<n>.js`).
    static func searchDocument(of url: String, in output: String) throws -> String {
        let folder = output + "/search/docs"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            guard let id = Int(name.dropLast(3)),
                  let fields = SearchFiles.document(Array(try TestSupport.readText(folder + "/" + name).utf8), id: id) else { continue }
            if fields["url"] == url { return fields["text"] ?? "" }
        }
        Issue.record("no search document for \(url)")
        return ""
    }
}
