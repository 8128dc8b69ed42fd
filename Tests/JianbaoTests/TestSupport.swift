import Foundation
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return RunResult(status: process.terminationStatus,
                         standardOutput: String(decoding: outData, as: UTF8.self),
                         standardError: String(decoding: errData, as: UTF8.self))
    }
}
