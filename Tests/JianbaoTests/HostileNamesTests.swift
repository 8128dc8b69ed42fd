import Foundation
@testable import JianbaoContent
import JianbaoSupport
import Testing

/// Folder and file names are addresses: a series folder called `javascript:alert(1)` made the home
/// page link `href="javascript:alert(1)/index.html"`, and names with `#`, `?` or `%2e%2e` gave
/// links that lead elsewhere (issue #11). These sites are built with the real command and every
/// address on every page is resolved as a browser would.
@Suite struct HostileNamesTests {
    /// Builds the base site with `files` (path → text) laid over it; the pages and standard error.
    static func build(_ files: [String: String]) throws -> (public: String, site: String, standardError: String, status: Int32) {
        let site = try TestSupport.makeTemporaryFolder("jianbao-names")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/base-site", to: site)
        for (path, text) in files { try DiskFileSystem().write(text, to: site + "/" + path) }
        let run = try ChildRun.jianbao(["build"], in: site, timeout: 120)
        return (site + "/public", site, run.standardError, run.status)
    }

    static let issue = "---\nnumber: 1\ndate: 2024-02-01\n---\n\n# 标题\n\n正文。\n"
    static func notice(_ title: String) -> String { "---\ntitle: \(title)\ndate: 2024-03-01\n---\n\n正文。\n" }

    /// Every `href` and `src` value of a page, entities decoded.
    static func addresses(in html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"\s(?:href|src)="([^"]*)""#)
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).compactMap { match in
            Range(match.range(at: 1), in: html).map { String(html[$0]) }
        }.map { HTMLAudit.decodingEntities($0).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'") }
    }

    /// The file a relative address on the page at `page` (a path below `public`) leads to, resolved
    /// by Foundation's URL (RFC 3986) and decoded once, as a web server does; nil for an address with
    /// a scheme. Records an issue for a `%2e` segment, which browsers (WHATWG URL) read as `.`.
    static func target(of address: String, from page: String, in output: String) -> String? {
        let pageURL = URL(fileURLWithPath: output + "/" + page)
        guard let url = URL(string: address, relativeTo: pageURL) else {
            Issue.record("not an address: \(address) on \(page)")
            return nil
        }
        guard url.scheme == "file", !address.hasPrefix("//") else { return nil }
        for segment in address.split(separator: "/") where [".%2e", "%2e.", "%2e%2e", "%2e"].contains(segment.lowercased()) {
            Issue.record("a browser reads `\(segment)` in \(address) on \(page) as a dot segment")
        }
        return url.standardizedFileURL.path
    }

    @Test func aSeriesFolderNamedAsAScriptAddressIsAPathOnEveryPage() throws {
        let built = try Self.build([
            "Content/javascript:alert(1)/series.yml": "name: 测试县 通报\nkind: briefing\n",
            "Content/javascript:alert(1)/1.md": Self.issue,
        ])
        defer { try? FileManager.default.removeItem(atPath: built.site) }
        #expect(built.status == 0, "\(built.standardError)")
        let pages = try TestSupport.snapshot(built.public).filter { $0.key.hasSuffix(".html") || $0.key.hasSuffix(".xml") }
        #expect(pages["javascript:alert(1)/2024/1/index.html"] != nil)
        for (path, bytes) in pages.sorted(by: { $0.key < $1.key }) {
            let html = String(decoding: bytes, as: UTF8.self)
            #expect(HTMLAudit.problems(inPage: html) == [], "\(path)")
            for address in Self.addresses(in: html) {
                let scheme = URL(string: address)?.scheme?.lowercased()
                #expect(scheme == nil || scheme == "https", "\(address) on \(path) has the scheme \(scheme ?? "")")
            }
        }
        let home = String(decoding: try #require(pages["index.html"]), as: UTF8.self)
        #expect(home.contains("href=\"javascript%3Aalert%281%29/index.html\""))
    }

    @Test func namesWithHashQuestionMarkAndEncodedDotsGiveLinksThatLeadToTheirPages() throws {
        let built = try Self.build([
            "Content/jb#1?x/series.yml": "name: 测试县 简报二\nkind: briefing\n",
            "Content/jb#1?x/1.md": Self.issue,
            "Content/wj/series.yml": "name: 测试县 文件\nkind: notice\n",
            "Content/wj/q?.md": Self.notice("问号"),
            "Content/wj/%2e%2e.md": Self.notice("点点"),
            "Content/wj/a#b.md": Self.notice("井号"),
            "Content/wj/通知 一.md": Self.notice("空格"),
            "Content/wj/100%.md": Self.notice("百分号"),
        ])
        defer { try? FileManager.default.removeItem(atPath: built.site) }
        #expect(built.status == 0, "\(built.standardError)")
        let files = try TestSupport.snapshot(built.public)
        for folder in ["jb#1?x/2024/1", "wj/2024/q?", "wj/2024/%2e%2e", "wj/2024/a#b", "wj/2024/通知 一", "wj/2024/100%"] {
            #expect(files[folder + "/index.html"] != nil, "\(folder)")
        }
        var checked = 0
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".html") && path != "404.html" {
            for address in Self.addresses(in: String(decoding: bytes, as: UTF8.self)) {
                guard let target = Self.target(of: address, from: path, in: built.public) else { continue }
                var isFolder: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: target, isDirectory: &isFolder)
                #expect(exists && (!isFolder.boolValue || FileManager.default.fileExists(atPath: target + "/index.html")),
                        "\(address) on \(path) leads to \(target), which does not exist")
                checked += 1
            }
        }
        #expect(checked > 100)
        // Every page of a hostile name is linked from its series' page.
        let series = String(decoding: try #require(files["wj/index.html"]), as: UTF8.self)
        #expect(series.contains("href=\"2024/q%3F/index.html\"") || series.contains("href=\"../wj/2024/q%3F/index.html\""))
    }

    @Test func namesThatCannotBeAddressesOrPathsAreNamedAsSuch() {
        #expect(ContentNames.problem("javascript:alert(1)") == nil)
        #expect(ContentNames.problem("a#b?c%2e%2e 通知") == nil)
        #expect(ContentNames.problem("a\u{301}") == nil, "a combining mark after a letter is fine")
        #expect(ContentNames.problem("\u{301}jb") == "the name starts with the combining mark U+0301, which has no letter to go with")
        #expect(ContentNames.problem("\u{200D}jb") == "the name starts with U+200D, which joins with the `/` before it")
        #expect(ContentNames.problem("jb\u{600}") == "the name ends with U+0600, which joins with the `/` after it")
        #expect(ContentNames.problem("a\\b")?.hasPrefix("the name holds a `\\`") == true)
        #expect(ContentNames.problem("a\nb") == "the name holds a line break or a tab")
        #expect(ContentNames.problem("a\u{1B}[31m") == "the name holds the control character U+001B (escape, which starts terminal control sequences)")
        // Each one refused is one that Swift's character-wise path splitting would get wrong.
        for name in ["\u{301}jb", "\u{200D}jb", "jb\u{600}"] {
            #expect(Path.parent("Content/\(name)/1.md") != "Content/\(name)" || Path.parent("Content/\(name)") != "Content")
        }
    }

    @Test func escapeSequencesInContentNeverReachTheTerminal() throws {
        // A quoted YAML key may hold escapes; the warning about the unknown key names it.
        let built = try Self.build([
            "Content/jb/2.md": "---\nnumber: 2\ndate: 2024-01-12\n\"\\e[2J\\e]0;pwned\\a\": 1\n---\n\n# 标题\n\n正文。\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: built.site) }
        #expect(built.status == 0)
        #expect(built.standardError.contains("Content/jb/2.md:4:1: warning: unknown key `\\u{1B}[2J\\u{1B}]0;pwned\\u{7}` in the front matter"))
        let controls = built.standardError.unicodeScalars.filter { ControlCharacters.isForbidden($0) }
        #expect(controls.isEmpty, "control characters reached the terminal: \(controls.map(\.value))")
    }
}
