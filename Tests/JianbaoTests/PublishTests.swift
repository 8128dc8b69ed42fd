import Foundation
import Jianbao
@testable import JianbaoPublish
import JianbaoSupport
import Testing

@Suite struct PublishTests {
    @Test func replacesTheOutputAsAWhole() throws {
        let disk = MemoryFileSystem(files: ["public/old.html": "old", "public/keep/a.css": "a"])
        let publisher = Publisher(fileSystem: disk, output: "public")
        let report = try publisher.publish(files: [("index.html", Array("new".utf8))], copies: [])
        #expect(report.filesWritten == 1)
        #expect(disk.textFiles == ["public/index.html": "new", "public/.jianbao-output": Self.mark])
    }

    /// What every published folder holds at its root, saying jianbao made it.
    static let mark = "This folder was made by jianbao (简报). Every `jianbao build` into it replaces it as a whole:\nkeep nothing of your own in here.\n"

    @Test func removesWhatAKilledBuildLeftBehind() throws {
        let disk = MemoryFileSystem(files: ["site/.public.jianbao-staging/half.html": "half", "site/.public.jianbao-old/x": "x",
                                            "site/public/index.html": "old"])
        _ = try Publisher(fileSystem: disk, output: "site/public").publish(files: [("index.html", Array("new".utf8))], copies: [])
        #expect(disk.textFiles == ["site/public/index.html": "new", "site/public/.jianbao-output": Self.mark])
    }

    @Test func aFailedWriteLeavesTheOutputAsItWas() throws {
        let disk = MemoryFileSystem(files: ["public/index.html": "old"])
        let publisher = Publisher(fileSystem: disk, output: "public")
        #expect(throws: PublishError.self) {
            try publisher.publish(files: [("index.html", Array("new".utf8))], copies: [(source: "missing.png", destination: "a.png")])
        }
        #expect(disk.textFiles == ["public/index.html": "old"])
    }

    @Test func onDiskTheSwapIsOneAtomicExchange() throws {
        let folder = try TestSupport.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let disk = DiskFileSystem()
        try disk.write("old", to: folder + "/public/index.html")
        try disk.write("stale", to: folder + "/public/gone.html")
        let publisher = Publisher(fileSystem: disk, output: folder + "/public/")
        _ = try publisher.publish(files: [("index.html", Array("new".utf8)), ("a/b/c.html", Array("c".utf8))], copies: [])
        #expect(try TestSupport.snapshot(folder + "/public") == ["index.html": Array("new".utf8), "a/b/c.html": Array("c".utf8),
                                                                 ".jianbao-output": Array(Self.mark.utf8)])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["public"])
    }

    @Test func refusesAnOutputFolderThatHoldsTheContent() async {
        for output in [".", "/", "site", "site/"] {
            let builder = Builder(options: BuildOptions(content: "site/Content", output: output, templates: "Templates"),
                                  fileSystem: MemoryFileSystem())
            await #expect(throws: BuildError.self, "\(output)") { try await builder.build() }
        }
    }

    @Test func onlyAFolderJianbaoMadeMayBeReplaced() throws {
        let disk = MemoryFileSystem(files: ["marked/.jianbao-output": "x", "marked/a.html": "a", "file": "f",
                                            "mine/a.txt": "a", "mine/b.txt": "b", "mine/c/d.txt": "d", "mine/e\u{1B}[31m.txt": "e"])
        try disk.createDirectory("empty")
        func folder(_ output: String) -> Publisher.OutputFolder { Publisher(fileSystem: disk, output: output).outputFolder() }
        #expect(folder("missing") == .missing)
        #expect(folder("empty") == .empty)
        #expect(folder("marked") == .marked)
        #expect(folder("file") == .notAFolder)
        #expect(folder("mine") == .unmarked(entries: ["a.txt", "b.txt", "c"], count: 4))

        var asked = 0
        for output in ["missing", "empty", "marked"] {
            try Publisher(fileSystem: disk, output: output).checkReplaceable { asked += 1; return false }
        }
        #expect(asked == 0, "an older build's state is looked at only for a folder that is not plainly replaceable")
        do {
            try Publisher(fileSystem: disk, output: "mine").checkReplaceable { false }
            Issue.record("a folder of one's own must be refused")
        } catch {
            #expect(error.path == "mine")
            #expect(error.message == "refusing to replace this folder: jianbao did not make it (it holds a.txt, b.txt, c and 1 more, and no .jianbao-output mark)")
            #expect(error.hint?.contains("--force") == true && error.hint?.contains("--output DIR") == true)
        }
        try Publisher(fileSystem: disk, output: "mine").checkReplaceable { true }
        // A name with a terminal escape is shown without it.
        let escape = MemoryFileSystem(files: ["x/\u{1B}[2J.txt": "e"])
        do {
            try Publisher(fileSystem: escape, output: "x").checkReplaceable { false }
            Issue.record("a folder of one's own must be refused")
        } catch {
            #expect(error.message.contains("it holds ?[2J.txt,") && !error.message.contains("\u{1B}"), "\(error.message)")
        }
        #expect(Publisher.printable("\u{1B}[2J\u{9B}名.txt") == "?[2J?名.txt")
    }
}
