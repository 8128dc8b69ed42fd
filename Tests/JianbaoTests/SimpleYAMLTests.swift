@testable import JianbaoContent
import JianbaoSupport
import Testing

/// `YAMLFields.simpleMapping`, which reads plain `key: value` lines without libyaml, gives what Yams
/// gives for everything it accepts, and leaves everything else to Yams.
@Suite struct SimpleYAMLTests {
    static let values = [
        "2024-01-12", "19", "关于……的通知", "濮治市办〔2020〕8号", "https://example.gov.cn/jb/", "a:b", "C#", "yes", "~", "null",
        "v ", "v  ", "中文\u{3000}", "\u{3000}开头", "a'b", "a\"b", "50%", "a,b", "x]", "x}", "内部资料 注意保存", "a  b", "...x", "x-y",
        "\u{A0}x", "x\u{A0}", "a\u{301}", "é", "ｂ：ｃ",
        // Left to Yams:
        "", " ", "a: b", "a:", "x #c", "-5", "- x", "[a, b]", "{x: 1}", "'q'", "\"q\"", "#c", "&a x", "*a", "!t x", "|", ">", "%x",
        "@x", "`x", "?x", ":x", ",x", "a\tb", "a\u{85}b", "a\u{2028}b", "a\u{FEFF}b", "😀", "𠀀", "a\u{7F}", "a\u{1}",
    ]
    static let keys = ["date", "doc_number", "a1", "x_y", "Title", "_x", "1a", "数字", "a-b"]

    static func compare(_ yaml: String, _ accepted: inout Int) {
        let yams = YAMLFields(yaml: yaml, file: "a.md", firstLine: 2, shortcut: false)
        guard let simple = YAMLFields.simpleMapping(yaml, file: "a.md", lineOffset: 1) else { return }
        accepted += 1
        #expect(yams.wasReadable && yams.diagnostics.isEmpty, "\(yaml.debugDescription): \(yams.diagnostics)")
        #expect(simple.map(\.key) == yams.pairs.map(\.key), "\(yaml.debugDescription)")
        #expect(simple.map(\.keyLocation) == yams.pairs.map(\.keyLocation), "\(yaml.debugDescription)")
        #expect(simple.map(\.plainText) == yams.pairs.map(\.plainText), "\(yaml.debugDescription)")
        #expect(simple.map(\.valueLocation) == yams.pairs.map(\.valueLocation), "\(yaml.debugDescription)")
        #expect(simple.allSatisfy { $0.plainText != nil })
    }

    @Test func oneLineAgreesWithYams() {
        var accepted = 0
        for key in Self.keys {
            for separator in [": ", ":  ", ":\t", ":", " : "] {
                for value in Self.values { Self.compare(key + separator + value, &accepted) }
            }
        }
        #expect(accepted >= 100)
    }

    @Test func severalLinesAgreeWithYams() {
        var accepted = 0
        let lines = ["number: 19", "date: 2024-01-12", "title: 关于……的通知", "number: 20", "", "  continued", "# comment", "---", "...",
                     "trailer:", "  报: 市办公室", "- item", "attachments: [名称一, 名称二]", "name: 鲁山县 工作简报"]
        for first in lines {
            for second in lines {
                Self.compare(first + "\n" + second, &accepted)
                Self.compare(first + "\n" + second + "\n", &accepted)
            }
        }
        // The five plain lines two by two, less the seven pairs that give a key twice; none with a blank last line.
        #expect(accepted == 18)
        // Accepted: plain lines. Left to Yams: a key given twice (Yams reports it), a nested block, a list.
        #expect(YAMLFields.simpleMapping("number: 19\ndate: 2024-01-12", file: "a.md", lineOffset: 1)?.count == 2)
        #expect(YAMLFields.simpleMapping("number: 19\nnumber: 20", file: "a.md", lineOffset: 1) == nil)
        #expect(YAMLFields.simpleMapping("trailer:\n  报: 市办公室", file: "a.md", lineOffset: 1) == nil)
        #expect(YAMLFields.simpleMapping("attachments: [名称一, 名称二]", file: "a.md", lineOffset: 1) == nil)
    }

    /// A repeated key is reported as before: Yams reads such YAML.
    @Test func aRepeatedKeyIsStillAnError() {
        let fields = YAMLFields(yaml: "number: 19\ndate: 2024-01-12\nnumber: 20", file: "a.md", firstLine: 2)
        #expect(!fields.wasReadable)
        #expect(fields.diagnostics.first?.message.contains("given twice") == true)
        #expect(fields.diagnostics.first?.location.line == 4)
    }

    @Test func errorsPointAtTheValue() {
        var fields = YAMLFields(yaml: "number: 十九\ndate:   2024-13-01", file: "a.md", firstLine: 2)
        #expect(fields.int("number", example: "19") == nil)
        #expect(fields.date("date") == nil)
        #expect(fields.diagnostics.map(\.location) == [SourceLocation(file: "a.md", line: 2, column: 9),
                                                      SourceLocation(file: "a.md", line: 3, column: 9)])
    }
}
