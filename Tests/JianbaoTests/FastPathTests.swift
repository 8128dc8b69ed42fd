@testable import JianbaoContent
import JianbaoSupport
import Foundation
import Testing

/// The byte-level rewrites made for speed give what the Character-level code gave.
@Suite struct FastPathTests {
    @Test(arguments: [
        // text, yaml, body, bodyFirstLine, unclosed
        ("---\na: 1\n---\nbody\n", "a: 1", "body\n", 4, false),
        ("---\na: 1\nb: 中文\n---\n\n# 标题\n正文", "a: 1\nb: 中文", "\n# 标题\n正文", 5, false),
        ("---\n---", "", "", 3, false),
        ("---\n--- \nx", "", "x", 3, false),
        ("---\na: 1\n...\nx", "a: 1", "x", 4, false),
        ("---", "", "", 2, true),
        ("---\n", "", "", 3, true),
        ("---\na: 1\nb: 2\n", "a: 1\nb: 2\n", "", 5, true),
    ])
    func frontMatterSplit(_ text: String, _ yaml: String, _ body: String, _ bodyFirstLine: Int, _ unclosed: Bool) {
        let split = FrontMatterSplit(text)
        #expect(split.yaml == yaml)
        #expect(split.body == body)
        #expect(split.bodyFirstLine == bodyFirstLine)
        #expect(split.unclosed == unclosed)
    }

    @Test func noFrontMatter() {
        let split = FrontMatterSplit("# 标题\n")
        #expect(split.yaml == nil && split.body == "# 标题\n" && split.bodyFirstLine == 1)
    }

    @Test func linesAndTrimming() {
        #expect("甲\n\n乙\n".linesSplitOnNewline() == ["甲", "", "乙", ""])
        #expect("甲\n\n乙\n".linesSplitOnNewline(omittingEmpty: true) == ["甲", "乙"])
        #expect("".linesSplitOnNewline() == [""])
        #expect("\u{3000} 正文 \u{3000}\n".trimmingSpaces == "正文")
        #expect("  ".trimmingSpaces == "")
    }

    @Test func copiesAtTheEndOfALine() {
        #expect(TrailerRecognizer.trailingCopies("编校：徐亚利、陈宇　（共印 80 份） ")?.0 == 80)
        #expect(TrailerRecognizer.trailingCopies("正文，没有括号。") == nil)
        #expect(TrailerRecognizer.trailingCopies("（督导组在县公安局督导创建工作）") == nil)
    }

    @Test func readingFilesOfEverySize() throws {
        let folder = try TestSupport.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let disk = DiskFileSystem()
        for size in [0, 1, 4095, 65_536, 200_001] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            try disk.write(bytes, to: folder + "/f\(size)")
            #expect(try disk.read(folder + "/f\(size)") == bytes, "\(size) bytes")
            #expect(disk.holds(bytes, at: folder + "/f\(size)"))
            #expect(!disk.holds(bytes + [1], at: folder + "/f\(size)"))
        }
    }
}
