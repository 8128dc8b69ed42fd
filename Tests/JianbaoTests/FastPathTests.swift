@testable import JianbaoContent
import JianbaoModel
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

/// The shortcuts taken while loading give what the full checks give.
@Suite struct LoadingShortcutTests {
    static let lines: [String] = {
        var lines = ["", " ", "\u{3000}", "\r\n", "正文。", "  正文", "下一步，县直各单位将持续加压。", "报：市办公室", " 报：市办公室",
                     "\u{3000}\u{3000}送：县指挥部", "(共印80份)", " （共印 80 份）", "（督导组在县公安局督导创建工作）",
                     "a 报：", "1. 报：", "#报：", "报\u{301}：市办公室", " \u{301}报：市办公室", "\u{301}报：", "\u{600} 报：x",
                     "\u{F900}：x", "\u{2F800}报：x", "ｂ报：x", "抄报告", "发文", "编校：徐亚利、陈宇　　（共印80份）",
                     "印发：县办公室 (共印 12 份)", "（一）组织筹备阶段（7月31日前）", "报 ： 市办公室", "分送:各单位"]
        for label in Trailer.knownLabels { lines += ["\(label)：某某", " \(label):某某", "\(label)", "\t\(label)：（共印3份）"] }
        return lines
    }()

    @Test func bodyTextShortcutAgreesWithTheFullCheck() {
        for line in Self.lines {
            #expect(TrailerRecognizer.recognize(line) == TrailerRecognizer.recognizeFully(line), "\(line.debugDescription)")
        }
        for line in ["正文。", "  正文", "下一步，县直各单位将持续加压。", "a 报：", "1. 报：", "#报："] {
            #expect(TrailerRecognizer.certainlyBodyText(line), "\(line)")
        }
        // A label's or a bracket's first character, or one that may join a space or be another form of an
        // ideograph: the full check decides.
        for line in ["报：市办公室", "抄报告", "（督导组）", " \u{301}报：", "\u{F900}：x", "ｂ报：x", ""] {
            #expect(!TrailerRecognizer.certainlyBodyText(line), "\(line)")
        }
    }

    /// The Character-array version `trailingCopies` had before it walked the line by index.
    static func trailingCopiesByCharacterArray(_ text: String) -> (Int, String)? {
        guard let end = text.last(where: { !$0.isWhitespace }), end == "）" || end == ")" else { return nil }
        var chars = Array(text.trimmingSpaces)
        guard let close = chars.last, close == "）" || close == ")" else { return nil }
        guard let open = chars.lastIndex(where: { $0 == "（" || $0 == "(" }) else { return nil }
        let inside = String(chars[(open + 1)..<(chars.count - 1)]).filter { !$0.isWhitespace && $0 != "\u{3000}" }
        guard inside.hasPrefix("共印"), inside.hasSuffix("份") else { return nil }
        let digits = inside.dropFirst(2).dropLast()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int(digits) else { return nil }
        chars.removeSubrange(open...)
        return (count, String(chars).trimmingSpaces.trimmingCharacters(in: ["\u{3000}"]))
    }

    @Test func trailingCopiesAgreesWithTheCharacterArrayVersion() {
        for line in Self.lines + ["（共印80份） ", "x（共印 ８０ 份）", "（共印份）", "(（共印7份)", "（）", "共印80份）", "编校：甲　(共印 9 份）\u{301}"] {
            let fast = TrailerRecognizer.trailingCopies(line), reference = Self.trailingCopiesByCharacterArray(line)
            #expect(fast?.0 == reference?.0 && fast?.1 == reference?.1, "\(line.debugDescription)")
        }
    }

    @Test func trimmingAgreesWithTheGenericVersion() {
        func generic<Text: StringProtocol>(_ text: Text) -> String { text.trimmingSpaces }
        for line in Self.lines + ["\u{301}", " \u{301}", "x \u{301}", "\n\n正文\n", "a\u{3000}"] {
            #expect(line.trimmingSpaces == generic(line), "\(line.debugDescription)")
            #expect(line.dropFirst(0).trimmingSpaces == generic(line.dropFirst(0)), "\(line.debugDescription)")
        }
    }

    @Test func checkedDecodingAgreesWithValidation() {
        // The last one is cut short: three bytes of a four-byte character, repaired as one U+FFFD
        // of three bytes, so the text has as many bytes as the input and only their values differ.
        let samples: [[UInt8]] = [[], Array("正文 text".utf8), [0xEF, 0xBF, 0xBD], [0xFF], [0xE4, 0xB8], [0xC0, 0x80],
                                  [0xED, 0xA0, 0x80], Array("甲".utf8) + [0x80], [0xF0, 0x9F, 0x98, 0x41]]
        for bytes in samples {
            #expect(String(checking: bytes[...]) == String(validating: bytes, as: UTF8.self), "\(bytes)")
        }
    }

    @Test func lineStartsAreOnePastEachNewline() {
        for text in ["", "\n", "a", "a\n", "\n\n甲\n乙", String(repeating: "正文。", count: 500) + "\n\n# 标题\n"] {
            let bytes = Array(text.utf8)
            let expected = [0] + bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }.map { $0 + 1 }
            #expect(MarkdownBody.lineStarts(bytes) == expected, "\(text.prefix(20).debugDescription)")
        }
    }

    @Test func nestingIsFoundOnTheSameLineAndColumn() {
        let deep = String(repeating: "> ", count: 40) + "正文"
        let list = String(repeating: "  ", count: 2) + String(repeating: "- ", count: 34) + "项"
        #expect(MarkdownBody.firstTooDeeplyNestedLine("正文\n\n" + deep + "\n")! == (3, 65))
        #expect(MarkdownBody.firstTooDeeplyNestedLine("正文\n" + list)! == (2, 69))
        #expect(MarkdownBody.firstTooDeeplyNestedLine(String(repeating: "- ", count: 40)) == nil)  // a rule
        #expect(MarkdownBody.firstTooDeeplyNestedLine("") == nil)
        #expect(MarkdownBody.firstTooDeeplyNestedLine("\n\n") == nil)
    }
}
