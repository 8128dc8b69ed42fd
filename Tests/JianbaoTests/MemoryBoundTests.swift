import Foundation
import JianbaoSupport
import Testing

/// Peak memory of a build with one large or dense issue (issue #11: 8 MB of `x` lines took 1.7 GB).
/// The bound is ten times 8 MB, for the whole process: `jianbao build` of the small base site with
/// the issue added, its peak resident set measured by the kernel (`wait4`).
@Suite(.serialized) struct MemoryBoundTests {
    static let bound = 80 * 1024 * 1024

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var unit: String
        var size: Int
        /// Whether the build must succeed (the file is within the limits) or fail.
        var accepted: Bool
        var head = ""
        var tail = ""

        var testDescription: String { name }

        var file: String {
            let count = (size - head.utf8.count - tail.utf8.count) / unit.utf8.count
            return "---\nnumber: 2\ndate: 2024-01-12\n---\n\n" + head + String(repeating: unit, count: count) + tail
        }
    }

    static let cases: [Case] = [
        // Refused: larger than a Markdown file may be (2 MB), or more lines and markup than a body may
        // have. Just under 8 MB, the old limit, which took them in: 1.7 GB for the x lines.
        Case(name: "8 MB of x lines", unit: "x\n", size: (8 << 20) - 4096, accepted: false),
        Case(name: "8 MB of emphasis", unit: "*a* ", size: (8 << 20) - 4096, accepted: false),
        Case(name: "2 MB of x lines", unit: "x\n", size: (2 << 20) - 4096, accepted: false),
        // Accepted: the largest of each shape.
        Case(name: "2 MB on one line", unit: "a", size: (2 << 20) - 4096, accepted: true, head: "# 标题\n\n"),
        Case(name: "2 MB of Chinese paragraphs", unit: "督导组在县交通运输局督导创建工作，要求各单位认真落实法治政府建设的各项任务。\n\n",
             size: (2 << 20) - 4096, accepted: true, head: "# 标题\n\n"),
        Case(name: "a 2 MB table", unit: "<tr><td>甲</td><td>乙</td><td>丙</td></tr>\n", size: (2 << 20) - 4096, accepted: true,
             head: "# 标题\n\n<table>\n", tail: "</table>\n"),
        Case(name: "x lines up to the markup limit", unit: "x\n", size: 97_000, accepted: true, head: "# 标题\n\n"),
        Case(name: "emphasis up to the markup limit", unit: "*a* ", size: 97_000, accepted: true, head: "# 标题\n\n"),
    ]

    @Test(arguments: cases)
    func peakMemoryStaysUnderTenTimesEightMegabytes(_ testCase: Case) throws {
        let site = try TestSupport.makeTemporaryFolder("jianbao-memory")
        defer { try? FileManager.default.removeItem(atPath: site) }
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/base-site", to: site)
        try DiskFileSystem().write(testCase.file, to: site + "/Content/jb/2.md")
        let run = try ChildRun.jianbao(["build"], in: site, timeout: 300, measureMemory: true)
        #expect(run.status == (testCase.accepted ? 0 : 1), "\(run.standardError.prefix(500))")
        #expect(run.peakBytes > 0, "no peak measured: python3 is needed to measure it")
        #expect(run.peakBytes <= Self.bound, "\(testCase.name): peak \(run.peakBytes / 1024 / 1024) MB")
        print("\(testCase.name): peak resident memory \(run.peakBytes / 1024 / 1024) MB, exit status \(run.status)")
    }
}
