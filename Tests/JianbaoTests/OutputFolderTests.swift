import Foundation
@testable import JianbaoPrint
import JianbaoSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `--output` replaces a folder as a whole, so it must be a folder jianbao made: missing, empty, or
/// holding the `.jianbao-output` mark every build writes (or, made by an older jianbao, named by the
/// state file beside it). Anything else is refused with a message saying what to do, unless `--force`.
@Suite struct OutputFolderTests {
    static let marker = ".jianbao-output"

    /// A site (base-site content, the real templates) with `notes/todo.txt`, a folder jianbao did not make.
    static func siteWithNotes() throws -> String {
        let site = try TestSupport.makeTemporaryFolder("jianbao-output")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/base-site", to: site)
        try DiskFileSystem().write("买菜\n", to: site + "/notes/todo.txt")
        return site
    }

    /// Runs jianbao and waits at most `seconds` for it (a server that should have refused to start
    /// would run for ever); nil status when it had to be stopped.
    static func run(_ arguments: [String], in folder: String, seconds: Double = 60) throws -> (status: Int32?, standardError: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let error = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = error
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        let stopped = process.isRunning
        if stopped { process.terminate() }
        process.waitUntilExit()
        let text = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (stopped ? nil : process.terminationStatus, text)
    }

    @Test func buildLeavesAFolderItDidNotMakeAsItWas() throws {
        let site = try Self.siteWithNotes()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let run = try Self.run(["build", "--output", "notes"], in: site)
        #expect(run.status == 1)
        #expect(try TestSupport.readText(site + "/notes/todo.txt") == "买菜\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: site + "/notes") == ["todo.txt"])
        #expect(run.standardError.contains("notes: error: refusing to replace this folder"), "\(run.standardError)")
        #expect(run.standardError.contains("todo.txt"), "the message names what is in the folder")
        #expect(run.standardError.contains("--output") && run.standardError.contains("--force"), "the hint says what to do")
        // Nothing was written beside it either.
        #expect(try FileManager.default.contentsOfDirectory(atPath: site).sorted() == ["Content", "Templates", "notes"])
    }

    @Test func serveLeavesAFolderItDidNotMakeAsItWas() throws {
        let site = try Self.siteWithNotes()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let run = try Self.run(["serve", "--port", "0", "--output", "notes"], in: site, seconds: 20)
        #expect(run.status == 1, "serve must stop with an error, not run: \(run.standardError)")
        #expect(try TestSupport.readText(site + "/notes/todo.txt") == "买菜\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: site + "/notes") == ["todo.txt"])
        #expect(run.standardError.contains("notes: error: refusing to replace this folder"), "\(run.standardError)")
        #expect(run.standardError.contains("--output") && run.standardError.contains("--force"))
    }

    @Test func forceReplacesItAndMarksIt() throws {
        let site = try Self.siteWithNotes()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let run = try Self.run(["build", "--output", "notes", "--force"], in: site)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: site + "/notes/todo.txt"))
        #expect(FileManager.default.fileExists(atPath: site + "/notes/index.html"))
        #expect(FileManager.default.fileExists(atPath: site + "/notes/" + Self.marker))
    }

    @Test func aFolderJianbaoMadeOrAnEmptyOneIsReplaced() throws {
        let site = try Self.siteWithNotes()
        defer { try? FileManager.default.removeItem(atPath: site) }
        try FileManager.default.createDirectory(atPath: site + "/empty", withIntermediateDirectories: false)
        let intoEmpty = try Self.run(["build", "--output", "empty"], in: site)
        #expect(intoEmpty.status == 0, "\(intoEmpty.standardError)")
        #expect(FileManager.default.fileExists(atPath: site + "/empty/index.html"))

        let first = try Self.run(["build"], in: site)
        #expect(first.status == 0, "\(first.standardError)")
        let mark = try TestSupport.readText(site + "/public/" + Self.marker)
        #expect(mark.contains("jianbao"), "the mark says who made the folder: \(mark)")
        // A file someone put into public/ does not make it theirs: the next build replaces it all.
        try DiskFileSystem().write("x", to: site + "/public/stray.txt")
        try DiskFileSystem().write(try TestSupport.readText(site + "/Content/jb/1.md") + "\n补充。\n", to: site + "/Content/jb/1.md")
        let second = try Self.run(["build"], in: site)
        #expect(second.status == 0, "\(second.standardError)")
        #expect(!FileManager.default.fileExists(atPath: site + "/public/stray.txt"))
        #expect(FileManager.default.fileExists(atPath: site + "/public/" + Self.marker))
    }

    /// An older jianbao wrote no mark, but the state file it kept beside the output ends with the
    /// line `output <inode> <modification time in ns>` of the folder it published: a folder with that
    /// very inode and time is jianbao's. A folder put in its place since (another inode) is not.
    @Test func anOlderJianbaosOutputIsKnownByTheStateFileBesideIt() throws {
        let site = try Self.siteWithNotes()
        defer { try? FileManager.default.removeItem(atPath: site) }
        #expect(try Self.run(["build"], in: site).status == 0)
        // What an older jianbao left: public/ without the mark, its state file naming the folder.
        try FileManager.default.removeItem(atPath: site + "/public/" + Self.marker)
        let statePath = site + "/.public.jianbao-state"
        var lines = try TestSupport.readText(statePath).split(separator: "\n").map(String.init)
        #expect(lines.last?.hasPrefix("output ") == true)
        var info = stat()
        #expect(stat(site + "/public", &info) == 0)
        lines[lines.count - 1] = "output \(info.st_ino) \(Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec))"
        try DiskFileSystem().write(lines.joined(separator: "\n") + "\n", to: statePath)
        try DiskFileSystem().write(try TestSupport.readText(site + "/Content/jb/1.md") + "\n补充。\n", to: site + "/Content/jb/1.md")
        let upgraded = try Self.run(["build"], in: site)
        #expect(upgraded.status == 0, "\(upgraded.standardError)")
        #expect(FileManager.default.fileExists(atPath: site + "/public/" + Self.marker))

        // public/ replaced by a folder of one's own; the old state file is still beside it.
        try FileManager.default.removeItem(atPath: site + "/public")
        try DiskFileSystem().write("mine", to: site + "/public/mine.txt")
        let refused = try Self.run(["build"], in: site)
        #expect(refused.status == 1)
        #expect(try TestSupport.readText(site + "/public/mine.txt") == "mine")
        #expect(refused.standardError.contains("public: error: refusing to replace this folder"), "\(refused.standardError)")
    }

    /// `jianbao pdf --out` writes each PDF beside its name and renames it over an older one: a folder
    /// where the PDF should go (`19.pdf/`, with a file in it) is not removed to make room.
    @Test func aPrintedPDFDoesNotReplaceAFolderInItsPlace() throws {
        let folder = try TestSupport.makeTemporaryFolder("jianbao-output-pdf")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let disk = DiskFileSystem()
        try disk.write("mine", to: folder + "/19.pdf/keep.txt")
        try disk.write("%PDF new", to: folder + "/19.pdf.part")
        #expect(throws: (any Error).self) {
            try FileManager.default.moveItem(atPath: folder + "/19.pdf.part", toPath: folder + "/19.pdf", replacing: true)
        }
        #expect(try TestSupport.readText(folder + "/19.pdf/keep.txt") == "mine")
        // An older PDF is replaced.
        try disk.write("%PDF old", to: folder + "/20.pdf")
        try disk.write("%PDF new", to: folder + "/20.pdf.part")
        try FileManager.default.moveItem(atPath: folder + "/20.pdf.part", toPath: folder + "/20.pdf", replacing: true)
        #expect(try TestSupport.readText(folder + "/20.pdf") == "%PDF new")
        #expect(!FileManager.default.fileExists(atPath: folder + "/20.pdf.part"))
    }
}
