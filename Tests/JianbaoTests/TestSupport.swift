import Foundation
import JianbaoContent
import JianbaoSupport

/// Paths and helpers shared by the end-to-end tests.
enum TestSupport {
    /// The repository: three levels above this file (Tests/JianbaoTests/TestSupport.swift).
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The `jianbao` executable, built beside the test bundle by `swift test`.
    static var executable: String {
        let testBinary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
        // On Linux the tests run from `<products>/jianbaoPackageTests.xctest`.
        if folder.lastPathComponent.hasSuffix(".xctest") { folder.deleteLastPathComponent() }
        return folder.appendingPathComponent("jianbao").path
    }

    /// A new, empty folder under the system's temporary folder.
    static func makeTemporaryFolder(_ name: String = "jianbao-test") throws -> String {
        let path = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Copies every file below `source` to the same relative path below `destination`.
    static func copyTree(_ source: String, to destination: String) throws {
        let disk = DiskFileSystem()
        for relative in try disk.allFiles(under: source) {
            try disk.write(try disk.read(Path.join(source, relative)), to: Path.join(destination, relative))
        }
    }

    /// Every file below `folder`, relative path → bytes.
    static func snapshot(_ folder: String) throws -> [String: [UInt8]] {
        let disk = DiskFileSystem()
        var result: [String: [UInt8]] = [:]
        for relative in try disk.allFiles(under: folder) {
            result[relative] = try disk.read(Path.join(folder, relative))
        }
        return result
    }

    static func readText(_ path: String) throws -> String {
        String(decoding: try DiskFileSystem().read(path), as: UTF8.self)
    }

    struct RunResult {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs the `jianbao` executable in `folder` and waits for it.
    static func runJianbao(_ arguments: [String], in folder: String) throws -> RunResult {
        try run(executable, arguments, in: folder)
    }

    /// Runs a program in `folder` and waits for it. Its output and errors go to files, read when it
    /// has ended: read through pipes, one after the other, a program that fills the pipe not being
    /// read (64 KiB) would wait for the reader, which waits for the other pipe's end: forever.
    static func run(_ program: String, _ arguments: [String], in folder: String) throws -> RunResult {
        let capture = try makeTemporaryFolder("jianbao-run")
        defer { try? FileManager.default.removeItem(atPath: capture) }
        let outPath = capture + "/stdout", errPath = capture + "/stderr"
        try DiskFileSystem().write([], to: outPath)
        try DiskFileSystem().write([], to: errPath)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let error = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer {
            try? output.close()
            try? error.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        return RunResult(status: process.terminationStatus, standardOutput: try readText(outPath), standardError: try readText(errPath))
    }

    /// A small site in memory, with one briefing series (`Content/jb`), and `files` (path → text).
    static func memorySite(_ files: [String: String]) -> MemoryFileSystem {
        var all: [String: String] = [
            "Content/site.yml": "title: 测试档案\nbase_url: https://example.gov.cn/jb/\n",
            "Content/jb/series.yml": """
            name: 测试县 工作简报
            kind: briefing
            office: 测试县办公室
            trailer:
              报: 市办公室
              编校: 张三
            copies: 80
            """,
        ]
        for (path, text) in files { all[path] = text }
        return MemoryFileSystem(files: all)
    }

    /// `memorySite(files)` loaded.
    static func loadMemorySite(_ files: [String: String]) -> ContentLoader.Result {
        ContentLoader(fileSystem: memorySite(files), root: "Content").load()
    }
}

/// Small, fast and the same on every machine: a seeded generator for tests that try many inputs
/// (SplitMix64).
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
