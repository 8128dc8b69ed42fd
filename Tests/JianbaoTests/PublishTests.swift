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
        #expect(disk.textFiles == ["public/index.html": "new"])
    }

    @Test func removesWhatAKilledBuildLeftBehind() throws {
        let disk = MemoryFileSystem(files: ["site/.public.jianbao-staging/half.html": "half", "site/.public.jianbao-old/x": "x",
                                            "site/public/index.html": "old"])
        _ = try Publisher(fileSystem: disk, output: "site/public").publish(files: [("index.html", Array("new".utf8))], copies: [])
        #expect(disk.textFiles == ["site/public/index.html": "new"])
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
        #expect(try TestSupport.snapshot(folder + "/public") == ["index.html": Array("new".utf8), "a/b/c.html": Array("c".utf8)])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["public"])
    }

    @Test func refusesAnOutputFolderThatHoldsTheContent() async {
        for output in [".", "/", "site", "site/"] {
            let builder = Builder(options: BuildOptions(content: "site/Content", output: output, templates: "Templates"),
                                  fileSystem: MemoryFileSystem())
            await #expect(throws: BuildError.self, "\(output)") { try await builder.build() }
        }
    }
}
