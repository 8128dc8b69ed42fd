import Jianbao
import JianbaoSupport
import Testing

/// Incremental builds through the file-system seam alone: in memory, as on disk, a rebuild takes
/// unchanged documents from the cache, keeps unchanged files (the same file, not a copy) and gives
/// what a build from nothing gives.
@Suite struct MemoryIncrementalTests {
    /// The example archive (Content/ and Templates/) copied into memory under `site/`.
    static func exampleSite() throws -> MemoryFileSystem {
        let memory = MemoryFileSystem()
        let disk = DiskFileSystem()
        for folder in ["Content", "Templates"] {
            let root = TestSupport.repoRoot + "/" + folder
            for relative in try disk.allFiles(under: root) {
                try memory.write(try disk.read(Path.join(root, relative)), to: "site/\(folder)/\(relative)")
            }
        }
        return memory
    }

    static func builder(_ memory: MemoryFileSystem, output: String = "site/public") -> Builder {
        Builder(options: BuildOptions(content: "site/Content", output: output, templates: "site/Templates"), fileSystem: memory)
    }

    /// Every file below `folder`, relative path → bytes.
    static func files(under folder: String, in memory: MemoryFileSystem) throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for relative in try memory.allFiles(under: folder) { result[relative] = try memory.read(Path.join(folder, relative)) }
        return result
    }

    @Test func aRebuildInMemoryKeepsWhatDidNotChange() async throws {
        let memory = try Self.exampleSite()
        let builder = Self.builder(memory)
        let first = try await builder.build()
        #expect(!first.upToDate && first.documentsReused == 0)
        #expect(memory.exists("site/.public.jianbao-cache") && memory.exists("site/.public.jianbao-state"))
        #expect(try await builder.build().upToDate)

        let stampsBefore = Dictionary(uniqueKeysWithValues: memory.stamps(under: "site/public").map { ($0.path, $0.stamp) })
        let edited = "site/Content/jianbao/2024/19.md"
        let text = String(decoding: try memory.read(edited), as: UTF8.self)
        // A sentence of the body: the headline (the first article's title), which other pages show, stays.
        #expect(text.contains("\n督导组强调"))
        try memory.write(text.replacingOccurrences(of: "\n督导组强调", with: "\n督察组强调"), to: edited)

        let second = try await builder.build()
        #expect(!second.upToDate)
        #expect(second.documentsReused == 4)
        let stampsAfter = Dictionary(uniqueKeysWithValues: memory.stamps(under: "site/public").map { ($0.path, $0.stamp) })
        #expect(stampsAfter["jianbao/2024/19/index.html"] != stampsBefore["jianbao/2024/19/index.html"])
        for kept in ["jianbao/2023/4/index.html", "wenjian/2020/puzhi-shiban-2020-8/index.html", "index.html", "sitemap.xml",
                     "style.css", "jianbao/feed.xml"] {
            #expect(stampsAfter[kept] != nil && stampsAfter[kept] == stampsBefore[kept], "\(kept) must be the same file as before")
        }
        #expect(String(decoding: try memory.read("site/public/jianbao/2024/19/index.html"), as: UTF8.self).contains("督察组强调"))

        // The same as a build from nothing.
        _ = try await Self.builder(memory, output: "site/fresh").build()
        #expect(try Self.files(under: "site/public", in: memory) == (try Self.files(under: "site/fresh", in: memory)))
    }

    static func text(_ path: String, in memory: MemoryFileSystem) throws -> String {
        String(decoding: try memory.read(path), as: UTF8.self)
    }

    static func edit(_ path: String, in memory: MemoryFileSystem, _ from: String, _ to: String) throws {
        let text = try Self.text(path, in: memory)
        #expect(text.contains(from), "\(path) must contain \(from)")
        try memory.write(text.replacingOccurrences(of: from, with: to), to: path)
    }

    /// Templates start showing a field no page showed before, the 栏目 (`column`) of an issue, in
    /// every list entry and in the 下一期 link; then one issue's column changes. Every page that
    /// shows it is made again, also the pages of issues that were not read again (their neighbour's
    /// link changed), with no list of fields anywhere to edit: what decides is the digest of the
    /// values each page receives.
    @Test func aFieldTemplatesStartToShowIsFollowedOnEveryPage() async throws {
        let memory = try Self.exampleSite()
        try Self.edit("site/Templates/partials/entry.mustache", in: memory, "</a> <time",
                      "</a>{{#column}} <span class=\"entry-column\">{{column}}</span>{{/column}} <time")
        try Self.edit("site/Templates/briefing.mustache", in: memory,
                      "<span class=\"pager-dir\">下一期</span>",
                      "<span class=\"pager-dir\">下一期</span>{{#column}}<span class=\"pager-column\">{{column}}</span>{{/column}}")
        let builder = Self.builder(memory)
        _ = try await builder.build()
        let showing = ["site/public/jianbao/2023/4/index.html", "site/public/jianbao/2024/index.html",
                       "site/public/jianbao/index.html", "site/public/index.html"]
        for page in showing { #expect(try Self.text(page, in: memory).contains(">工作动态</span>"), "\(page)") }

        try Self.edit("site/Content/jianbao/2024/19.md", in: memory, "column: 工作动态", "column: 综合信息")
        let report = try await builder.build()
        #expect(report.documentsReused == 4, "only 第19期 is read again")
        for page in showing {
            let html = try Self.text(page, in: memory)
            #expect(html.contains(">综合信息</span>") && !html.contains(">工作动态</span>"), "\(page) must show the new column")
        }
        _ = try await Self.builder(memory, output: "site/fresh").build()
        #expect(try Self.files(under: "site/public", in: memory) == (try Self.files(under: "site/fresh", in: memory)))
    }

    /// After each kind of change, the incremental build in memory gives the files a build from
    /// nothing gives (as `IncrementalBuildTests` does on disk).
    @Test func incrementalBuildsInMemoryEqualFullBuilds() async throws {
        let memory = try Self.exampleSite()
        let builder = Self.builder(memory)
        _ = try await builder.build()
        let changes: [(name: String, reused: Int, change: () throws -> Void)] = [
            ("body", 4, { try Self.edit("site/Content/jianbao/2023/4.md", in: memory, "\n督导组一是", "\n督察组一是") }),
            ("headline", 4, { try Self.edit("site/Content/jianbao/2023/4.md", in: memory, "# 鲁山县开展创建", "# 鲁山县全面开展创建") }),
            ("front matter", 4, { try Self.edit("site/Content/wenjian/2020/puzhi-shiban-2020-8.md", in: memory, "doc_number: 濮治市办〔2020〕8号", "doc_number: 濮治市办〔2020〕9号") }),
            ("template", 0, { try Self.edit("site/Templates/partials/foot.mustache", in: memory, "</body>", "<!-- 改 -->\n</body>") }),
            ("new issue", 5, { try memory.write("---\nnumber: 20\ndate: 2024-02-02\n---\n\n# 新的第20期\n\n正文。\n", to: "site/Content/jianbao/2024/20.md") }),
            ("removed issue", 5, { try memory.remove("site/Content/jianbao/2024/20.md") }),
            ("series name", 3, { try Self.edit("site/Content/jianbao/series.yml", in: memory, "name: 鲁山县", "name: 河南省鲁山县") }),
            ("site title", 5, { try Self.edit("site/Content/site.yml", in: memory, "title: ", "title: 新") }),
            ("信息公开 field", 4, { try Self.edit("site/Content/wenjian/2020/puzhi-shiban-2020-8.md", in: memory, "validity: 失效", "validity: 有效") }),
            ("footer mark", 5, { try Self.edit("site/Content/site.yml", in: memory, "icp_record: 豫ICP备00000000号", "icp_record: 豫ICP备00000001号") }),
        ]
        for (index, (name, reused, change)) in changes.enumerated() {
            try change()
            let report = try await builder.build()
            #expect(!report.upToDate, "\(name)")
            #expect(report.documentsReused == reused, "\(name): \(report.documentsReused) reused")
            _ = try await Self.builder(memory, output: "site/fresh-\(index)").build()
            let incremental = try Self.files(under: "site/public", in: memory)
            let expected = try Self.files(under: "site/fresh-\(index)", in: memory)
            #expect(incremental.keys.sorted() == expected.keys.sorted(), "\(name)")
            for (path, bytes) in expected where incremental[path] != bytes {
                Issue.record("after the \(name) change, \(path) differs from a build from nothing")
            }
        }
    }
}
