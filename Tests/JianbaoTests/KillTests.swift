import Foundation
import JianbaoSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A build killed with SIGKILL at any moment loses nothing: public/ is always the complete old site
/// or the complete new one, and the next build removes what the killed one left beside it.
@Suite struct KillTests {
    static let issues = 300
    static let kills = 50

    @Test func killedBuildsLeaveTheOldOrTheNewSiteWhole() throws {
        let seed = ProcessInfo.processInfo.environment["JIANBAO_KILL_SEED"].flatMap(UInt64.init) ?? 20_241_123
        var random = SeededRandom(state: seed)
        let site = try TestSupport.makeTemporaryFolder("jianbao-kill")
        defer { try? FileManager.default.removeItem(atPath: site) }
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        try Self.writeContent(version: "甲", issues: Self.issues, to: site + "/ContentA")
        try Self.writeContent(version: "乙", issues: Self.issues + 1, to: site + "/ContentB")

        // The two complete sites every state of public/ is compared with.
        let buildB = try Self.timedBuild(content: "ContentB", in: site)
        let snapshotB = try TestSupport.snapshot(site + "/public")
        let buildA = try Self.timedBuild(content: "ContentA", in: site)
        let snapshotA = try TestSupport.snapshot(site + "/public")
        #expect(snapshotA.count > Self.issues && snapshotB.count > snapshotA.count)
        #expect(snapshotA != snapshotB)
        var buildTime = max(buildA.seconds, buildB.seconds)
        let measuredBuildTime = buildTime
        // Writing and the swap come last: half the kills land anywhere in the build, half in that
        // window and after it.
        let writeShare = 1.5 * max(buildA.writeFraction, buildB.writeFraction)

        var current = "A"
        var outcomes: [String: Int] = ["old": 0, "new": 0, "finished": 0]
        var leftoversSeen = 0
        for kill in 0..<Self.kills {
            let target = current == "A" ? "B" : "A"
            let late = !kill.isMultiple(of: 2)
            let delay = late
                ? Double.random(in: (buildTime * (1 - writeShare))...(buildTime * 1.3), using: &random)
                : Double.random(in: 0...buildTime, using: &random)
            let finished = try Self.buildKilled(after: delay, content: "Content" + target, in: site)
            let after = try TestSupport.snapshot(site + "/public")
            let state = after == snapshotA ? "A" : after == snapshotB ? "B" : "neither"
            #expect(state != "neither", "public/ is half-written after a kill at \(delay) s")
            let keptOld = state == current
            if finished {
                #expect(state == target)
                outcomes["finished", default: 0] += 1
            } else {
                outcomes[keptOld ? "old" : "new", default: 0] += 1
            }
            if state != "neither" { current = state }
            // Builds run faster or slower as the machine gets quieter or busier (other tests run
            // beside this one): follow them, so that the late kills keep landing in the writing.
            let leftStaging = !Self.leftovers(in: site).isEmpty
            if finished {
                buildTime *= 0.9
            } else if late && !leftStaging && keptOld {
                buildTime *= 1.1
            }

            // What a killed build left beside public/ is removed by the next build.
            if leftStaging {
                leftoversSeen += 1
                _ = try Self.timedBuild(content: "Content" + current, in: site)
                #expect(Self.leftovers(in: site).isEmpty)
                #expect(try TestSupport.snapshot(site + "/public") == (current == "A" ? snapshotA : snapshotB))
            }
        }
        let final = current == "A" ? "B" : "A"
        _ = try Self.timedBuild(content: "Content" + final, in: site)
        #expect(Self.leftovers(in: site).isEmpty)
        #expect(try TestSupport.snapshot(site + "/public") == (final == "A" ? snapshotA : snapshotB))

        print("kill test: seed \(seed), \(Self.kills) SIGKILLs within \(Int(measuredBuildTime * 1000)) ms builds of \(Self.issues) issues: "
              + "\(outcomes["old"]!) left the old site, \(outcomes["new"]!) the new one, \(outcomes["finished"]!) finished first, "
              + "none anything else; \(leftoversSeen) left a staging folder, each removed by the next build")
        // The kills must land in the build, and in its writing, for the test to mean anything.
        #expect(outcomes["old"]! >= 5)
        #expect(leftoversSeen >= 1)
    }

    /// `.public.jianbao-staging` and the like, beside public/. The state and cache files of the
    /// incremental build belong there: they describe public/ (a build forgets them before it swaps).
    static func leftovers(in site: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: site)) ?? []).filter {
            $0.contains("jianbao-") && $0 != ".public.jianbao-state" && $0 != ".public.jianbao-cache"
        }
    }

    /// Runs a complete build: its wall time in seconds, and the share of it spent writing.
    static func timedBuild(content: String, in site: String) throws -> (seconds: Double, writeFraction: Double) {
        let start = Date()
        let run = try TestSupport.runJianbao(["build", "--content", content], in: site)
        let seconds = Date().timeIntervalSince(start)
        #expect(run.status == 0, "\(run.standardError)")
        // `wrote … (N ms)` and `done: … in M ms`.
        func milliseconds(after prefix: String) -> Double? {
            guard let line = run.standardOutput.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
            let digits = line.split(whereSeparator: { !$0.isNumber }).last
            return digits.flatMap { Double($0) }
        }
        let fraction = (milliseconds(after: "wrote") ?? 0) / max(milliseconds(after: "done") ?? 1, 1)
        return (seconds, min(max(fraction, 0.1), 0.6))
    }

    /// Starts a build and kills it with SIGKILL after `delay` seconds; true when it finished first.
    static func buildKilled(after delay: Double, content: String, in site: String) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.executable)
        process.arguments = ["build", "--content", content]
        process.currentDirectoryURL = URL(fileURLWithPath: site)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(useconds_t(delay * 1_000_000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .exit && process.terminationStatus == 0
    }

    /// A briefing series of `issues` issues, three articles each, every text marked with `version`.
    static func writeContent(version: String, issues: Int, to folder: String) throws {
        let disk = DiskFileSystem()
        try disk.write("title: 中断测试档案\nbase_url: https://example.gov.cn/kill/\n", to: folder + "/site.yml")
        try disk.write("name: 测试县 工作简报\nkind: briefing\noffice: 测试县办公室\ntrailer:\n  报: 市办公室\ncopies: 80\n",
                       to: folder + "/jb/series.yml")
        let paragraph = String(repeating: "版本\(version)：全县法治政府建设示范创建工作稳步推进，各单位对照指标逐项落实。", count: 6)
        for number in 1...issues {
            let year = 2000 + (number - 1) / 12
            let month = (number - 1) % 12 + 1
            var text = "---\nnumber: \(number)\ndate: \(year)-\(month < 10 ? "0" : "")\(month)-15\n---\n\n"
            for article in 1...3 {
                text += "# 第\(number)期第\(article)篇（版本\(version)）\n\n" + paragraph + "\n\n"
            }
            text += "报：市法治政府建设领导小组办公室\n编校：张三（共印80份）\n"
            try disk.write(text, to: folder + "/jb/\(year)/\(number).md")
        }
    }
}
