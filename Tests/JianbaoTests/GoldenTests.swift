import Foundation
import JianbaoSupport
import Testing

/// Every page the example archive builds (Content/ with Templates/) is compared, byte for byte, with
/// its reviewed snapshot in Tests/Golden/site/ (the same path with `.golden` after it, so that no tool
/// takes the snapshots for the project's own pages): a change to a template, the contexts or the content
/// shows here as a diff to read and accept (`bash Tests/Golden/refresh.sh` writes the snapshots
/// again; `git diff Tests/Golden` is the review).
@Suite struct GoldenTests {
    static let folder = TestSupport.repoRoot + "/Tests/Golden/site"
    static let suffix = ".golden"

    static func snapshotPath(_ path: String) -> String { Path.join(folder, path) + suffix }

    /// The outputs that are pinned: the pages, the feeds, the sitemap and robots.txt. Not the search
    /// index's data files (its own tests check them) nor the assets (copied as they are).
    static func isPinned(_ path: String) -> Bool {
        if path.hasPrefix("search/") && path != "search/index.html" { return false }
        return ["html", "xml", "json", "txt"].contains(Path.fileExtension(path))
    }

    /// Snapshots are written instead of compared when JIANBAO_UPDATE_GOLDEN=1 (never under CI=true).
    static var updating: Bool { ProcessInfo.processInfo.environment["JIANBAO_UPDATE_GOLDEN"] == "1" }

    @Test func everyPageIsItsReviewedSnapshot() async throws {
        let output = try #require(await EndToEndTests.built()?.output, "the example archive must build")
        let disk = DiskFileSystem()
        let built = try disk.allFiles(under: output).filter(Self.isPinned)
        #expect(built.count >= 20)
        if Self.updating {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "CI compares with the snapshots, it never writes them")
            try? disk.remove(Self.folder)
            for path in built { try disk.write(try disk.read(Path.join(output, path)), to: Self.snapshotPath(path)) }
            return
        }
        let pinned = ((try? disk.allFiles(under: Self.folder)) ?? []).map { String($0.dropLast(Self.suffix.count)) }
        for path in pinned where !built.contains(path) {
            Issue.record("\(path) has a snapshot but the build made no such file; run `bash Tests/Golden/refresh.sh` if that is intended")
        }
        for path in built {
            let made = try disk.read(Path.join(output, path))
            guard let snapshot = try? disk.read(Self.snapshotPath(path)) else {
                Issue.record("\(path) has no snapshot; run `bash Tests/Golden/refresh.sh` and review it")
                continue
            }
            if made != snapshot {
                Issue.record("\(path) differs from its snapshot (- snapshot, + this build); run `bash Tests/Golden/refresh.sh` when the change is meant:\n\(try Self.diff(snapshot, made, name: path))")
            }
        }
    }

    /// A unified diff of two texts, by the system's `diff`, at most 80 lines.
    static func diff(_ old: [UInt8], _ new: [UInt8], name: String) throws -> String {
        let folder = try TestSupport.makeTemporaryFolder("jianbao-golden")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let disk = DiskFileSystem()
        try disk.write(old, to: folder + "/snapshot")
        try disk.write(new, to: folder + "/built")
        let run = try TestSupport.run("/usr/bin/diff", ["-u", "--label", "Tests/Golden/site/" + name + suffix, "--label", "built/" + name,
                                                        "snapshot", "built"], in: folder)
        let lines = run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.prefix(80).joined(separator: "\n") + (lines.count > 80 ? "\n… (\(lines.count - 80) more lines)" : "")
    }

    /// The diff names the file and shows the changed line with its neighbours.
    @Test func aDifferenceIsShownAsAUnifiedDiff() throws {
        let old = Array("<p>一</p>\n<p>二</p>\n<p>三</p>\n".utf8), new = Array("<p>一</p>\n<p>贰</p>\n<p>三</p>\n".utf8)
        let shown = try Self.diff(old, new, name: "a/index.html")
        #expect(shown.contains("--- Tests/Golden/site/a/index.html.golden"))
        #expect(shown.contains("+++ built/a/index.html"))
        #expect(shown.contains("\n-<p>二</p>\n+<p>贰</p>\n"))
        #expect(shown.contains("\n <p>一</p>\n"))
    }
}
