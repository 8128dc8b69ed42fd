import Foundation
import Jianbao
import JianbaoContent
@testable import JianbaoRender
import JianbaoSupport
import Testing

/// Builds on every core give the same bytes every time; rebuilds rewrite only what changed.
@Suite struct IncrementalBuildTests {
    /// A copy of the example archive with 60 more issues, so the task groups have many runs to share out.
    static func makeSite() throws -> (folder: String, content: String, templates: String) {
        let folder = try TestSupport.makeTemporaryFolder("jianbao-incremental")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Content", to: folder + "/Content")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: folder + "/Templates")
        let disk = DiskFileSystem()
        for number in 100..<160 {
            let month = (number - 100) / 6 + 1, day = (number - 100) % 6 * 4 + 1
            try disk.write("""
                ---
                number: \(number)
                date: 2025-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)
                ---

                # 第\(number)期的第一篇文章

                正文第\(number)段，督导组到县直各单位督导创建工作。

                # 第\(number)期的第二篇文章

                正文。

                报：市法治政府建设领导小组办公室

                """, to: folder + "/Content/jianbao/2025/\(number).md")
        }
        return (folder, folder + "/Content", folder + "/Templates")
    }

    /// Files of the example site with 60 more issues: 78 pages (home, 2 series pages, 6 year pages,
    /// 2 topic pages, 65 documents, search, 404), 2 Atom and 2 JSON feeds, the sitemap, robots.txt, the
    /// 7 assets, the 党政机关网站标识's image, one search file a document, the index's shards, and the
    /// `.jianbao-output` mark.
    static func expectedFileCount(_ output: String) throws -> Int {
        let shards = try SearchRecallTests.load(output).shardCount
        return 78 + 2 + 2 + 1 + 1 + 7 + 1 + 65 + shards + 1
    }

    static func modificationTime(_ path: String) throws -> Date {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
    }

    @Test func twoBuildsGiveTheSameBytes() async throws {
        let site = try Self.makeSite()
        defer { try? FileManager.default.removeItem(atPath: site.folder) }
        for output in ["a", "b"] {
            let options = BuildOptions(content: site.content, output: site.folder + "/" + output, templates: site.templates)
            let report = try await Builder(options: options).build()
            #expect(report.pages == 78)  // home, 2 series pages, 6 year pages, 2 topic pages, 5 + 60 documents, search, 404
        }
        let first = try TestSupport.snapshot(site.folder + "/a")
        let second = try TestSupport.snapshot(site.folder + "/b")
        #expect(first.count == (try Self.expectedFileCount(site.folder + "/a")))
        #expect(first == second)
    }

    @Test func loadingOnEveryCoreGivesTheSameSiteAsOneByOne() async throws {
        let site = try Self.makeSite()
        defer { try? FileManager.default.removeItem(atPath: site.folder) }
        let loader = ContentLoader(fileSystem: DiskFileSystem(), root: site.content)
        let concurrent = await loader.loadConcurrently()
        let sequential = loader.load()
        #expect(concurrent.site != nil)
        #expect(concurrent.site == sequential.site)
        #expect(concurrent.diagnostics == sequential.diagnostics)
        #expect(concurrent.site?.series.first { $0.slug == "jianbao" }?.documents.count == 62)
    }

    @Test func aRebuildKeepsUnchangedFilesAndRewritesChangedOnes() async throws {
        let site = try Self.makeSite()
        defer { try? FileManager.default.removeItem(atPath: site.folder) }
        let output = site.folder + "/public"
        let builder = Builder(options: BuildOptions(content: site.content, output: output, templates: site.templates))
        _ = try await builder.build()
        // Age every published file, so a rewrite cannot go unnoticed within the clock's resolution.
        let old = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01
        for relative in try DiskFileSystem().allFiles(under: output) {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: output + "/" + relative)
        }
        let edited = site.content + "/jianbao/2025/130.md"
        let text = try TestSupport.readText(edited).replacingOccurrences(of: "正文第130段", with: "正文第130段（已修改）")
        try DiskFileSystem().write(text, to: edited)

        let report = try await builder.build()
        #expect(!report.upToDate)
        #expect(try TestSupport.readText(output + "/jianbao/2025/130/index.html").contains("（已修改）"))
        #expect(try Self.modificationTime(output + "/jianbao/2025/130/index.html") > old)
        for unchanged in ["jianbao/2025/129/index.html", "jianbao/2024/19/index.html", "wenjian/index.html",
                          "wenjian/feed.xml", "index.html", "style.css", "jianbao/feed.xml", "jianbao/feed.json",
                          "jianbao/2025/index.html", "sitemap.xml", "404.html", "robots.txt"] {
            #expect(try Self.modificationTime(output + "/" + unchanged) == old, "\(unchanged) must not be rewritten")
        }
        // Only 第130期 changed: its neighbours' prev/next show its headline, which did not change. The
        // search index holds its text: its document file and the shards of the bigrams that moved.
        var rewritten: [String] = []
        for relative in try DiskFileSystem().allFiles(under: output) where try Self.modificationTime(output + "/" + relative) > old {
            rewritten.append(relative)
        }
        #expect(rewritten.contains("jianbao/2025/130/index.html"))
        #expect(rewritten.filter { $0 != "jianbao/2025/130/index.html" }.allSatisfy { $0.hasPrefix("search/") }, "\(rewritten)")
        #expect(rewritten.contains { $0.hasPrefix("search/shards/") })
        #expect(report.filesWritten == rewritten.count)
    }

    @Test func aRebuildWithNothingChangedDoesNothing() async throws {
        let site = try Self.makeSite()
        defer { try? FileManager.default.removeItem(atPath: site.folder) }
        let output = site.folder + "/public"
        let builder = Builder(options: BuildOptions(content: site.content, output: output, templates: site.templates))
        let first = try await builder.build()
        #expect(!first.upToDate)
        let inode = try FileManager.default.attributesOfItem(atPath: output)[.systemFileNumber] as? Int
        let second = try await builder.build()
        #expect(second.upToDate)
        #expect(try FileManager.default.attributesOfItem(atPath: output)[.systemFileNumber] as? Int == inode)

        // Touching a template is a change: the next build is a real one (and writes nothing new).
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: site.templates + "/home.mustache")
        let third = try await builder.build()
        #expect(!third.upToDate)
        #expect(third.filesWritten == 0)
        // Replacing the output by hand is a change too.
        try FileManager.default.removeItem(atPath: output)
        let fourth = try await builder.build()
        #expect(!fourth.upToDate)
        #expect(try TestSupport.snapshot(output).count == (try Self.expectedFileCount(output)))
    }

    /// After each kind of change, the incremental build (with the cache of the one before) gives the
    /// same files as a build from nothing.
    @Test func incrementalBuildsEqualFullBuilds() async throws {
        let site = try Self.makeSite()
        defer { try? FileManager.default.removeItem(atPath: site.folder) }
        let disk = DiskFileSystem()
        let output = site.folder + "/public"
        let builder = Builder(options: BuildOptions(content: site.content, output: output, templates: site.templates))
        _ = try await builder.build()
        #expect(FileManager.default.fileExists(atPath: site.folder + "/.public.jianbao-cache"))

        func edit(_ path: String, _ from: String, _ to: String) throws {
            let text = try TestSupport.readText(path)
            #expect(text.contains(from), "\(path) must contain \(from)")
            try disk.write(text.replacingOccurrences(of: from, with: to), to: path)
        }
        let changes: [(String, () throws -> Void)] = [
            // A body-only change: the listings are kept (their signature is the same).
            ("body", { try edit(site.content + "/jianbao/2025/140.md", "正文第140段", "正文第140段，补充雨污分流改造的进度") }),
            // A headline shows on the neighbours' pages (previous/next) and in the lists.
            ("headline", { try edit(site.content + "/jianbao/2025/130.md", "# 第130期的第一篇文章", "# 第130期改过的标题") }),
            // Every page uses the layout.
            ("template", { try edit(site.templates + "/partials/foot.mustache", "</body>", "<!-- 改 -->\n</body>") }),
            ("removed issue", { try FileManager.default.removeItem(atPath: site.content + "/jianbao/2025/131.md") }),
            ("new issue", { try disk.write("---\nnumber: 131\ndate: 2025-06-06\n---\n\n# 新的第131期\n\n正文。\n", to: site.content + "/jianbao/2025/131.md") }),
            ("series name", { try edit(site.content + "/jianbao/series.yml", "name: 鲁山县", "name: 河南省鲁山县") }),
        ]
        for (index, (name, change)) in changes.enumerated() {
            try change()
            let report = try await builder.build()
            #expect(!report.upToDate, "\(name)")
            // The changed file is read again; a changed series.yml means its whole series is; other
            // templates mean every page is rendered again, so every file is read in full.
            switch name {
            case "template": #expect(report.documentsReused == 0, "\(name): \(report.documentsReused) reused")
            case "series name": #expect(report.documentsReused == 3, "\(name): \(report.documentsReused) reused")
            default: #expect(report.documentsReused >= 60, "\(name): \(report.documentsReused) reused")
            }
            let fresh = site.folder + "/fresh-\(index)"
            _ = try await Builder(options: BuildOptions(content: site.content, output: fresh, templates: site.templates)).build()
            let incremental = try TestSupport.snapshot(output)
            let expected = try TestSupport.snapshot(fresh)
            #expect(incremental.keys.sorted() == expected.keys.sorted(), "\(name)")
            for (path, bytes) in expected where incremental[path] != bytes {
                Issue.record("after the \(name) change, \(path) differs from a full build")
            }
            #expect(expected.keys.contains("search/index.html") && expected.keys.contains("jianbao/2025/index.html")
                    && expected.keys.contains("jianbao/feed.json") && expected.keys.contains("404.html"), "\(name)")
            if name == "body" {
                // The search finds the new words in the changed issue only, and still finds the text of
                // issues that were not read again (their text came from the cache).
                let index = try SearchRecallTests.load(output)
                #expect(SearchRecallTests.urls("雨污分流", in: index) == ["jianbao/2025/140/index.html"])
                #expect(SearchRecallTests.urls("正文第129段", in: index) == ["jianbao/2025/129/index.html"])
                #expect(SearchRecallTests.urls("督导组到县直各单位", in: index).count == 60)
                #expect(SearchRecallTests.urls("濮治市办〔2020〕8号", in: index) == ["wenjian/2020/puzhi-shiban-2020-8/index.html"])
            }
        }
        #expect(try TestSupport.readText(output + "/jianbao/2025/129/index.html").contains("第130期改过的标题"))
    }

    /// The inode of every file below `folder`, by relative path.
    static func inodes(_ folder: String) throws -> [String: Int] {
        var inodes: [String: Int] = [:]
        let files = try #require(FileManager.default.subpathsOfDirectory(atPath: folder) as [String]?)
        for path in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/" + path)
            if attributes[.type] as? FileAttributeType == .typeRegular {
                inodes[path] = try #require(attributes[.systemFileNumber] as? Int)
            }
        }
        return inodes
    }

    /// After one text changed, only the shards its old and new bigrams fall in are made again (and a
    /// shard file missing from the output); the others are the old files, not rewritten.
    @Test func aChangedTextRewritesOnlyTheShardsItTouches() async throws {
        let site = try Self.makeSite()
        defer { try? FileManager.default.removeItem(atPath: site.folder) }
        let disk = DiskFileSystem()
        // 40 long issues of varied characters, so that the index has many shards and a short issue's
        // bigrams fall in few of them
        var state: UInt64 = 7
        for number in 200..<240 {
            let text = String(String.UnicodeScalarView((0..<6000).map { position -> Unicode.Scalar in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return position % 60 == 59 ? "。" : Unicode.Scalar(0x4E00 + UInt32(state >> 33) % 4000)!
            }))
            let day = (number - 200) % 28 + 1, month = (number - 200) / 28 + 1
            try disk.write("---\nnumber: \(number)\ndate: 2026-0\(month)-\(day < 10 ? "0" : "")\(day)\n---\n\n# 长文\(number)\n\n\(text)\n",
                           to: site.content + "/jianbao/2026/\(number).md")
        }
        let output = site.folder + "/public"
        let builder = Builder(options: BuildOptions(content: site.content, output: output, templates: site.templates))
        _ = try await builder.build()
        let shards = try SearchRecallTests.load(output).shardCount
        #expect(shards >= 64, "the site should have many shards: \(shards)")
        let path = site.content + "/jianbao/2025/150.md"
        try disk.write(try TestSupport.readText(path).replacingOccurrences(of: "正文。", with: "正文，补充泾渭。"), to: path)
        // a shard file lost from the output is made again
        let lost = "search/shards/\(shards - 1).js"
        try FileManager.default.removeItem(atPath: output + "/" + lost)
        let before = try Self.inodes(output)
        _ = try await builder.build()
        let after = try Self.inodes(output)

        let fresh = site.folder + "/fresh"
        _ = try await Builder(options: BuildOptions(content: site.content, output: fresh, templates: site.templates)).build()
        let incremental = try TestSupport.snapshot(output).filter { $0.key.hasPrefix("search/") }
        let expected = try TestSupport.snapshot(fresh).filter { $0.key.hasPrefix("search/") }
        #expect(incremental.keys.sorted() == expected.keys.sorted())
        for (path, bytes) in expected where incremental[path] != bytes {
            Issue.record("\(path) differs from a full build")
        }
        let shardPaths = (0..<shards).map { "search/shards/\($0).js" }
        let rewritten = shardPaths.filter { before[$0] != after[$0] }
        #expect(rewritten.contains(lost))
        #expect(rewritten.count < shards / 2, "\(rewritten.count) of \(shards) shards rewritten")
        // the changed issue's search file is rewritten, every other one kept
        let documents = after.keys.filter { $0.hasPrefix("search/docs/") }
        #expect(documents.filter { before[$0] != after[$0] }.count == 1)
    }
}
