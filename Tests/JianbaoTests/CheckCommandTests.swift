import Foundation
import JianbaoSupport
import Testing

/// `jianbao check` on the sites in Tests/Fixtures/check: each is laid over base-site, and its
/// `expected.txt` lists the exact lines the report must hold, in order.
@Suite struct CheckCommandTests {
    static let fixtures: [String] = {
        let folder = TestSupport.repoRoot + "/Tests/Fixtures/check"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }()

    static func site(with fixture: String?) throws -> String {
        let site = try TestSupport.makeTemporaryFolder("jianbao-check")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/base-site", to: site)
        if let fixture { try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/check/" + fixture, to: site) }
        try? FileManager.default.removeItem(atPath: site + "/expected.txt")
        return site
    }

    @Test func thereAreFixtures() {
        #expect(Self.fixtures.count >= 10)
    }

    @Test(arguments: fixtures)
    func reportsEachFindingAtItsLineAndColumn(_ name: String) throws {
        let site = try Self.site(with: name)
        defer { try? FileManager.default.removeItem(atPath: site) }
        let before = try TestSupport.snapshot(site)
        let expected = try TestSupport.readText(TestSupport.repoRoot + "/Tests/Fixtures/check/\(name)/expected.txt")
            .split(separator: "\n").map(String.init)
        let run = try TestSupport.runJianbao(["check"], in: site)
        let findings = run.standardOutput.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("    hint: ") }
        #expect(findings.count == expected.count, "\(run.standardOutput)")
        for (line, wanted) in zip(findings, expected) {
            #expect(line.hasPrefix(wanted), "expected «\(wanted)», got «\(line)»")
        }
        #expect(run.status == (expected.contains { $0.contains(": error: ") } ? 1 : 0))
        #expect(try TestSupport.snapshot(site) == before, "check writes nothing")
    }

    @Test func theBaseSiteAndTheExampleArchiveAreClean() throws {
        let site = try Self.site(with: nil)
        defer { try? FileManager.default.removeItem(atPath: site) }
        let run = try TestSupport.runJianbao(["check"], in: site)
        #expect(run.status == 0)
        #expect(run.standardOutput == "check: 0 errors, 0 warnings\n")

        // The example archive holds 第4期 and 第19期 only: the gap is reported, as a warning. Its 通知
        // and 报告 were published without their 版记's 印发 line, and the 报告 without its 签发人
        // (GB/T 9704 7.2.6, 7.4.3): warnings too.
        let example = try TestSupport.runJianbao(["check"], in: TestSupport.repoRoot)
        #expect(example.status == 0)
        let findings = example.standardOutput.split(separator: "\n").filter { !$0.hasPrefix("    hint: ") }
        #expect(findings == [
            "Content/jianbao/2024/19.md:2:1: warning: 第19期 follows 第4期: 第5期 to 第18期 are missing",
            "Content/wenjian/2020/puzhi-shiban-2020-8.md:1:1: warning: this 通知 has no 印发机关: its 版记 prints no 印发 line",
            "Content/wenjian/2021/fazhi-zhengfu-baogao-2020.md:1:1: warning: this 报告 has no 印发机关: its 版记 prints no 印发 line",
            "Content/wenjian/2021/fazhi-zhengfu-baogao-2020.md:1:1: warning: this 报告 is a 上行文 with no 签发人",
            "check: 0 errors, 4 warnings",
        ])
    }

    @Test func jsonForEditors() throws {
        let site = try Self.site(with: "trailer-typos")
        defer { try? FileManager.default.removeItem(atPath: site) }
        let run = try TestSupport.runJianbao(["check", "--format", "json"], in: site)
        #expect(run.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(json["errors"] as? Int == 0)
        #expect(json["warnings"] as? Int == 3)
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.count == 3)
        #expect(findings.first?["file"] as? String == "Content/jb/2.md")
        #expect(findings.first?["line"] as? Int == 10)
        #expect(findings.first?["column"] as? Int == 1)
        #expect(findings.first?["severity"] as? String == "warning")
        #expect((findings.first?["message"] as? String)?.contains("抄送") == true)
    }

    @Test func errorsGiveExitStatusOneInJSONToo() throws {
        let site = try Self.site(with: "build-error")
        defer { try? FileManager.default.removeItem(atPath: site) }
        let run = try TestSupport.runJianbao(["check", "--format", "json"], in: site)
        #expect(run.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(json["errors"] as? Int == 1)
    }
}
