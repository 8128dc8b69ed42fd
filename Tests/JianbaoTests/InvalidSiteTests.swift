import Foundation
import JianbaoSupport
import Testing

/// Every folder under Tests/Fixtures/invalid is a site that must fail with a given message, exit
/// status 1, no stack trace, and the previous public/ untouched.
@Suite struct InvalidSiteTests {
    static let fixtures: [String] = {
        let folder = TestSupport.repoRoot + "/Tests/Fixtures/invalid"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }()

    @Test func thereAreFixtures() {
        #expect(Self.fixtures.count >= 10)
    }

    @Test(arguments: fixtures)
    func failsClearlyAndLeavesPublicAsItWas(_ name: String) throws {
        let site = try TestSupport.makeTemporaryFolder("jianbao-invalid-\(name)")
        defer { try? FileManager.default.removeItem(atPath: site) }
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/base-site", to: site)

        // A first, good build gives the public/ that must survive the failing one.
        let good = try TestSupport.runJianbao(["build"], in: site)
        #expect(good.status == 0, "the base site must build: \(good.standardError)")
        let before = try TestSupport.snapshot(site + "/public")
        #expect(before["jb/2024/1/index.html"] != nil)

        let fixture = TestSupport.repoRoot + "/Tests/Fixtures/invalid/" + name
        try TestSupport.copyTree(fixture, to: site)
        let expected = try TestSupport.readText(fixture + "/expected.txt")
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty }

        let run = try TestSupport.runJianbao(["build"], in: site)
        #expect(run.status == 1)
        for line in expected {
            #expect(run.standardError.contains(line), "missing «\(line)» in:\n\(run.standardError)")
        }
        for trace in ["Fatal error", "Stack dump", "Current stack trace", "SIGILL", "Swift runtime failure"] {
            #expect(!run.standardError.contains(trace))
        }
        #expect(try TestSupport.snapshot(site + "/public") == before)
        // No staging or old folder is left; the state and cache of the good build stay, as they describe public/.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site)
            .filter { $0.contains("jianbao-") && $0 != ".public.jianbao-state" && $0 != ".public.jianbao-cache" }
        #expect(leftovers.isEmpty)
    }
}
