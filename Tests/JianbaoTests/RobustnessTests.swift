import CCmark
import Foundation
@testable import JianbaoContent
import JianbaoModel
import JianbaoSupport
import Testing

/// Limits and hostile shapes of input, in memory: nothing recurses without bound, nothing crashes.
@Suite struct RobustnessTests {
    func body(_ markdown: String) -> ParsedBody {
        var body = MarkdownBody(file: "a.md", firstLine: 1, kind: .briefing)
        return body.parse(markdown)
    }

    @Test func nestingThroughIndentationIsFoundByTheWalk() throws {
        // Each level indented under the one before: no line starts with more than one marker.
        let lines = (0..<40).map { String(repeating: "  ", count: $0) + "- 第\($0 + 1)层" }
        let parsed = body("# 标题\n\n" + lines.joined(separator: "\n") + "\n")
        let error = try #require(parsed.diagnostics.errors.first)
        #expect(error.message == "lists and quotes are nested more than 32 levels deep here")
        #expect(error.location.line == 35)
        #expect(error.location.column == 65)
    }

    @Test func thirtyTwoLevelsAreStillFine() {
        let parsed = body("# 标题\n\n" + String(repeating: "> ", count: 32) + "引文\n")
        #expect(parsed.diagnostics.errors.isEmpty)
        #expect(parsed.sections[0].html.contains("引文"))
    }

    @Test func aLineOfDashesIsARuleNotNesting() {
        let parsed = body("# 标题\n\n" + String(repeating: "- ", count: 50) + "\n\n正文。\n")
        #expect(parsed.diagnostics.errors.isEmpty)
        #expect(parsed.sections[0].html.contains("<hr />"))
    }

    @Test func plainTextOfAHundredThousandNestedEmphasesDoesNotRecurse() {
        // Inline nesting has no limit in libcmark; reading a node's text must not use the stack for it.
        let text = onSmallStack { () -> String in
            let tree = CmarkTree()
            var parent = CmarkNode(pointer: cmark_node_new(CMARK_NODE_PARAGRAPH))
            CmarkNode(pointer: tree.root).append(parent)
            for _ in 0..<100_000 {
                let emphasis = CmarkNode(pointer: cmark_node_new(CMARK_NODE_EMPH))
                parent.append(emphasis)
                parent = emphasis
            }
            let leaf = CmarkNode(pointer: cmark_node_new(CMARK_NODE_TEXT))
            leaf.literal = "最深"
            parent.append(leaf)
            return CmarkNode(pointer: tree.root).plainText
        }
        #expect(text == "最深")
    }

    @Test func deeplyNestedYAMLIsRefusedBeforeYamsRecursesIntoIt() {
        for yaml in ["column: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000),
                     "column:\n" + (1...400).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n"),
                     String(repeating: "- ", count: 3000) + "x"] {
            let diagnostics = onSmallStack { YAMLFields(yaml: yaml, file: "a.md", firstLine: 2).diagnostics }
            #expect(diagnostics.count == 1)
            #expect(diagnostics.first?.message == "the front matter is not valid YAML: lists and mappings are nested too deeply here (more than 50 levels)")
        }
        let fine = "column: " + String(repeating: "[", count: 45) + String(repeating: "]", count: 45)
        #expect(onSmallStack { YAMLFields(yaml: fine, file: "a.md", firstLine: 2).wasReadable })
    }

    @Test func chineseNumeralsBecomeHints() {
        #expect(ChineseNumeral.value(of: "十九") == 19)
        #expect(ChineseNumeral.value(of: "第二十期") == 20)
        #expect(ChineseNumeral.value(of: "一百零五") == 105)
        #expect(ChineseNumeral.value(of: "三") == 3)
        #expect(ChineseNumeral.value(of: "二〇二四") == nil)
        #expect(ChineseNumeral.value(of: "十九a") == nil)
    }

    @Test func characterColumnsNotByteColumns() throws {
        let parsed = body("# 标题\n\n正文。![图](javascript:x)\n")
        let error = try #require(parsed.diagnostics.errors.first)
        #expect(error.location.column == 4)
    }

    /// Runs `work` on a thread with a 512 KiB stack, as worker threads may have, and returns its result.
    func onSmallStack<T: Sendable>(_ work: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = work()
            done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        done.wait()
        return box.value!
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
