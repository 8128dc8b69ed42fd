import Foundation
import JianbaoSupport
import Testing

/// Sites that must fail with given messages, exit status 1, no stack trace, and the previous public/
/// untouched: every folder under Tests/Fixtures/invalid (files laid over Tests/Fixtures/base-site,
/// and expected.txt, lines the error output must contain), and the cases below that git cannot hold
/// or that are too large to commit, made by the test.
@Suite struct InvalidSiteTests {
    static let fixtures: [String] = {
        let folder = TestSupport.repoRoot + "/Tests/Fixtures/invalid"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }()

    @Test func thereAreAtLeastFortyCases() {
        #expect(Self.fixtures.count + GeneratedCase.allCases.count >= 40)
    }

    @Test(arguments: fixtures)
    func fixtureFailsClearlyAndLeavesPublicAsItWas(_ name: String) throws {
        let fixture = TestSupport.repoRoot + "/Tests/Fixtures/invalid/" + name
        try Self.expectFailure(name) { site in
            try TestSupport.copyTree(fixture, to: site)
            try? FileManager.default.removeItem(atPath: site + "/expected.txt")
            return try TestSupport.readText(fixture + "/expected.txt").split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        }
    }

    @Test(arguments: GeneratedCase.allCases)
    func generatedCaseFailsClearlyAndLeavesPublicAsItWas(_ generated: GeneratedCase) throws {
        try Self.expectFailure(generated.rawValue, addressSpaceLimitKiB: generated.addressSpaceLimitKiB) { site in
            try generated.make(in: site)
        }
    }

    /// Builds the base site, lets `prepare` break it (it returns the lines stderr must hold), builds
    /// again and checks the failure: within two minutes (a named pipe or /dev/zero must not make it
    /// wait or read for ever), with no control character reaching the terminal.
    static func expectFailure(_ name: String, addressSpaceLimitKiB: Int? = nil, prepare: (String) throws -> [String]) throws {
        let site = try TestSupport.makeTemporaryFolder("jianbao-invalid-\(name)")
        defer { try? FileManager.default.removeItem(atPath: site) }
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/base-site", to: site)

        // A first, good build gives the public/ that must survive the failing one.
        let good = try TestSupport.runJianbao(["build"], in: site)
        #expect(good.status == 0, "the base site must build: \(good.standardError)")
        let before = try TestSupport.snapshot(site + "/public")
        #expect(before["jb/2024/1/index.html"] != nil)

        let expected = try prepare(site)
        #expect(!expected.isEmpty)
        let run = try ChildRun.jianbao(["build"], in: site, timeout: 120, addressSpaceLimitKiB: addressSpaceLimitKiB)
        #expect(!run.timedOut, "still running after 2 minutes: killed")
        #expect(run.status == 1)
        for line in expected {
            #expect(run.standardError.contains(line), "missing «\(line)» in:\n\(run.standardError)")
        }
        for trace in ["Fatal error", "Stack dump", "Current stack trace", "SIGILL", "Swift runtime failure", "0x0000"] {
            #expect(!run.standardError.contains(trace))
        }
        let controls = run.standardError.unicodeScalars.filter { ControlCharacters.isForbidden($0) }
        #expect(controls.isEmpty, "control characters reached the terminal: \(controls.map(\.value))")
        #expect(try TestSupport.snapshot(site + "/public") == before)
        // No staging or old folder is left; the state and cache of the good build stay, as they describe public/.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site)
            .filter { $0.contains("jianbao-") && $0 != ".public.jianbao-state" && $0 != ".public.jianbao-cache" }
        #expect(leftovers.isEmpty)
    }
}

/// Invalid input made on the spot: symbolic links (which git does not hold portably) and files too
/// large to commit.
enum GeneratedCase: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case folderLinkLoop
    case fileLinkLoop
    case fiftyMegabyteFile
    case tenThousandNestedLists
    case tenThousandNestedQuotes
    case imageLinkLeavingContent
    case oversizedImage
    case namedPipeAsMarkdown
    case namedPipeAsImage
    case devZeroAsMarkdown
    case devZeroAsImage
    case markdownLinkLeavingContent
    case seriesFolderLinkLeavingContent
    case siteFileLinkLeavingContent
    case templatesAssetsMissing
    case folderNameWithNewline
    case fileNameWithEscape
    case imagePathWithEscape
    case frontMatterTooLarge

    var testDescription: String { rawValue }

    /// Cases that read without end on old code get an address-space limit, so that they fail
    /// instead of taking the machine's memory before the deadline.
    var addressSpaceLimitKiB: Int? {
        self == .devZeroAsMarkdown || self == .devZeroAsImage ? 4 * 1024 * 1024 : nil
    }

    static let frontMatter = "---\nnumber: 2\ndate: 2024-01-12\n---\n\n# 标题\n\n"

    /// Writes `files` (paths below the site, outside Content/) and makes `link` a symbolic link to
    /// `target` (below the site); the lines a build must print about it.
    static func linkOutOfContent(_ link: String, to target: String, in site: String, resolvedSite: String,
                                 files: [String: String]) throws -> [String] {
        for (path, text) in files { try DiskFileSystem().write(text, to: site + "/" + path) }
        let depth = link.split(separator: "/").count - 1
        try FileManager.default.createSymbolicLink(atPath: site + "/" + link,
                                                   withDestinationPath: String(repeating: "../", count: depth) + target)
        return ["\(link): error: this is reached through a symbolic link to \(resolvedSite)/\(target), outside the content folder",
                "build failed: 1 error"]
    }

    /// Breaks the site in `site`; returns the lines the error output must contain.
    func make(in site: String) throws -> [String] {
        let disk = DiskFileSystem()
        let files = FileManager.default
        // Messages name resolved paths: /tmp may itself be a link.
        let resolvedSite = disk.resolvedPath(site) ?? site
        switch self {
        case .folderLinkLoop:
            try files.createSymbolicLink(atPath: site + "/Content/jb/sub", withDestinationPath: "..")
            return ["Content/jb/sub: error: a symbolic link loop: the link leads to \(resolvedSite)/Content, a folder that holds it, which would be read forever",
                    "hint: remove the link, or point it at a folder outside this one", "build failed: 1 error"]
        case .fileLinkLoop:
            try files.createSymbolicLink(atPath: site + "/Content/jb/a.md", withDestinationPath: "b.md")
            try files.createSymbolicLink(atPath: site + "/Content/jb/b.md", withDestinationPath: "a.md")
            return ["Content/jb/a.md: error: a symbolic link loop: the link leads, through other links, back to itself",
                    "Content/jb/b.md: error: a symbolic link loop", "build failed: 2 errors"]
        case .fiftyMegabyteFile:
            var text = Array(Self.frontMatter.utf8)
            let paragraph = Array(String(repeating: "正文。", count: 1000).utf8) + [10, 10]
            while text.count < 50 * 1024 * 1024 { text += paragraph }
            try disk.write(Array(text.prefix(50 * 1024 * 1024)), to: site + "/Content/jb/2.md")
            return ["Content/jb/2.md: error: the file is 50.0 MB; jianbao reads Markdown and YAML files of at most 2.0 MB",
                    "build failed: 1 error"]
        case .tenThousandNestedLists:
            try disk.write(Self.frontMatter + String(repeating: "- ", count: 10_000) + "最深\n", to: site + "/Content/jb/2.md")
            return ["Content/jb/2.md:8:65: error: lists and quotes are nested more than 32 levels deep here", "build failed: 1 error"]
        case .tenThousandNestedQuotes:
            try disk.write(Self.frontMatter + String(repeating: ">", count: 10_000) + " 最深\n", to: site + "/Content/jb/2.md")
            return ["Content/jb/2.md:8:33: error: lists and quotes are nested more than 32 levels deep here", "build failed: 1 error"]
        case .imageLinkLeavingContent:
            try disk.write("secret", to: site + "/secret.jpg")
            try files.createDirectory(atPath: site + "/Content/jb/images", withIntermediateDirectories: true)
            try files.createSymbolicLink(atPath: site + "/Content/jb/images/2.jpg", withDestinationPath: "../../../secret.jpg")
            try disk.write(Self.frontMatter + "正文。\n\n![照片](images/2.jpg)\n", to: site + "/Content/jb/2.md")
            return ["Content/jb/2.md:10:1: error: `images/2.jpg` is a symbolic link to \(resolvedSite)/secret.jpg, outside the content folder",
                    "build failed: 1 error"]
        case .oversizedImage:
            // A sparse file: the size is real, the disk blocks are not.
            try disk.write(Self.frontMatter + "![照片](big.png)\n", to: site + "/Content/jb/2.md")
            try disk.write([UInt8](), to: site + "/Content/jb/big.png")
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: site + "/Content/jb/big.png"))
            try handle.truncate(atOffset: 101 * 1024 * 1024)
            try handle.close()
            return ["Content/jb/2.md:8:1: error: `big.png` is 101.0 MB; a file published beside a page may be at most 100.0 MB",
                    "build failed: 1 error"]
        case .namedPipeAsMarkdown:
            // A build that opened it to read would wait for a writer for ever.
            #expect(mkfifo(site + "/Content/jb/x.md", 0o644) == 0)
            return ["Content/jb/x.md: error: a named pipe (FIFO), not a regular file: jianbao reads only regular files",
                    "hint: replace it by a regular file, or move it out of the content folder", "build failed: 1 error"]
        case .namedPipeAsImage:
            #expect(mkfifo(site + "/Content/jb/pipe.png", 0o644) == 0)
            try disk.write(Self.frontMatter + "![照片](pipe.png)\n", to: site + "/Content/jb/2.md")
            return ["Content/jb/2.md:8:1: error: `pipe.png` is not a regular file (a named pipe, socket or device): jianbao reads only regular files",
                    "build failed: 1 error"]
        case .devZeroAsMarkdown:
            // Read to its end, it never ends: 17 GB in a minute before this was refused.
            try files.createSymbolicLink(atPath: site + "/Content/jb/z.md", withDestinationPath: "/dev/zero")
            return ["Content/jb/z.md: error: this is reached through a symbolic link to /dev/zero, outside the content folder",
                    "build failed: 1 error"]
        case .devZeroAsImage:
            try files.createSymbolicLink(atPath: site + "/Content/jb/zero.png", withDestinationPath: "/dev/zero")
            try disk.write(Self.frontMatter + "![照片](zero.png)\n", to: site + "/Content/jb/2.md")
            return ["Content/jb/2.md:8:1: error: `zero.png` is a symbolic link to /dev/zero, outside the content folder", "build failed: 1 error"]
        case .markdownLinkLeavingContent:
            return try Self.linkOutOfContent("Content/jb/2.md", to: "outside.md", in: site, resolvedSite: resolvedSite,
                                             files: ["outside.md": Self.frontMatter + "外面的正文。\n"])
        case .seriesFolderLinkLeavingContent:
            return try Self.linkOutOfContent("Content/other", to: "elsewhere", in: site, resolvedSite: resolvedSite, files: [
                "elsewhere/series.yml": "name: 外面 工作简报\nkind: briefing\n", "elsewhere/2.md": Self.frontMatter + "外面的正文。\n",
            ])
        case .siteFileLinkLeavingContent:
            // Another title: the same file behind a link would leave the last build up to date.
            try files.removeItem(atPath: site + "/Content/site.yml")
            return try Self.linkOutOfContent("Content/site.yml", to: "site.yml", in: site, resolvedSite: resolvedSite,
                                             files: ["site.yml": "title: 外面的档案\nbase_url: https://example.gov.cn/test/\n"])
        case .templatesAssetsMissing:
            try files.removeItem(atPath: site + "/Templates/assets")
            return ["Templates/partials/head.mustache:24:30: error: the template links to `{{root}}style.css`, but Templates/assets/style.css does not exist",
                    "Templates/partials/head.mustache:26:14: error: the template links to `{{root}}print.js`, but Templates/assets/print.js does not exist",
                    "build failed: "]
        case .folderNameWithNewline:
            try disk.write("name: 换行 工作简报\nkind: briefing\n", to: site + "/Content/a\nb/series.yml")
            try disk.write(Self.frontMatter + "正文。\n", to: site + "/Content/a\nb/2.md")
            return ["Content/a\\u{A}b: error: this folder cannot be a series: the name holds a line break or a tab", "build failed: 1 error"]
        case .fileNameWithEscape:
            try disk.write(Self.frontMatter + "正文。\n", to: site + "/Content/jb/\u{1B}[2J\u{1B}]0;pwned\u{07}.md")
            return ["Content/jb/\\u{1B}[2J\\u{1B}]0;pwned\\u{7}.md: error: this file cannot be read: the name holds the control character U+001B",
                    "build failed: 1 error"]
        case .imagePathWithEscape:
            try disk.write(Self.frontMatter + "![照片](a%1B%5B31m.png)\n", to: site + "/Content/jb/2.md")
            return ["Content/jb/2.md:8:1: error: `a\\u{1B}[31m.png`: the name holds the control character U+001B", "build failed: 1 error"]
        case .frontMatterTooLarge:
            let fields = (1...8000).map { "k\($0): 值" }.joined(separator: "\n")
            try disk.write("---\nnumber: 2\ndate: 2024-01-12\n" + fields + "\n---\n\n正文。\n", to: site + "/Content/jb/2.md")
            return ["Content/jb/2.md:2: error: the front matter is ", " KB of YAML; jianbao reads at most 64 KB", "build failed: 1 error"]
        }
    }
}
