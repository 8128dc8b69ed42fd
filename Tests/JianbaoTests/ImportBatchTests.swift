import Foundation
import JianbaoSupport
import Testing

/// `jianbao import PATH…` on folders of mixed files: each file on its own, bad ones reported in one
/// line without stopping the rest, `--dry-run`, `--report` in JSON and CSV, the summary.
@Suite struct ImportBatchTests {
    static let corpus = TestSupport.repoRoot + "/Tests/Fixtures/import-corpus/tuning/documents"

    /// A folder holding a text, a web page, a Word file, a PDF and a LibreOffice document, a file of
    /// no known format, a hidden file, and three bad ones: a .docx that is not a zip, a PDF without a
    /// text layer (as a scan is), a web page with nothing in its body.
    static func mixedFolder(in site: String) throws -> String {
        let folder = site + "/archive"
        let sub = folder + "/2019"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
        for name in ["w-2016-beijing.txt", "g-2018-guohan-159-pifu.html", "w-2023-dongyang.docx", "w-2025-jinchang.pdf"] {
            try FileManager.default.copyItem(atPath: "\(corpus)/\(name)", toPath: "\(folder)/\(name)")
        }
        try FileManager.default.copyItem(atPath: "\(corpus)/w-2019-taihu.odt", toPath: "\(sub)/w-2019-taihu.odt")
        try "not a document".write(toFile: folder + "/notes.xlsx", atomically: false, encoding: .utf8)
        try "hidden".write(toFile: folder + "/.DS_Store", atomically: false, encoding: .utf8)
        try "PK not really".write(toFile: sub + "/broken.docx", atomically: false, encoding: .utf8)
        try Self.emptyPDF.write(toFile: sub + "/scan.pdf", atomically: false, encoding: .ascii)
        try "<html><head><title>某局</title><script>var x = 1;</script></head><body><script>go()</script></body></html>"
            .write(toFile: folder + "/empty.html", atomically: false, encoding: .utf8)
        return folder
    }

    /// One A4 page with nothing drawn on it: a PDF without a text layer, as a scan is.
    static let emptyPDF = """
        %PDF-1.4
        1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
        2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
        3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj
        trailer << /Root 1 0 R >>
        %%EOF
        """

    @Test func aFolderOfMixedFilesIsImportedFileByFile() throws {
        let site = try ImportCommandTests.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        _ = try Self.mixedFolder(in: site)
        let run = try TestSupport.runJianbao(["import", "archive", "--series", "wenjian", "--report", "report.json"], in: site)
        #expect(run.status == 1, "one file or more failed")
        // One clear line per bad file, naming it.
        #expect(run.standardError.contains("archive/2019/broken.docx: error: not a readable Word file (.docx): it is not a zip archive"))
        #expect(run.standardError.contains("archive/2019/scan.pdf: error: the PDF has no text layer (a scan?)"))
        #expect(run.standardError.contains("archive/empty.html: error: the page has no text in its body"))
        #expect(!run.standardError.contains("Fatal") && !run.standardError.contains("Stack"))
        // The others are imported; the unknown format is said to be skipped; the hidden file is not read.
        #expect(run.standardOutput.contains("skipped archive/notes.xlsx: not a format import reads"))
        #expect(!run.standardOutput.contains(".DS_Store") && !run.standardError.contains(".DS_Store"))
        for written in ["Content/wenjian/2016/w-2016-beijing.md", "Content/wenjian/2018/g-2018-guohan-159-pifu.md",
                        "Content/wenjian/2023/w-2023-dongyang.md", "Content/wenjian/2025/w-2025-jinchang.md",
                        "Content/wenjian/2019/w-2019-taihu.md"] {
            #expect(FileManager.default.fileExists(atPath: site + "/" + written), "\(written)")
        }
        #expect(run.standardOutput.contains("[1/8] failed: archive/2019/broken.docx"), "progress: each file's place in the run")
        #expect(run.standardOutput.contains("[8/8] "))
        #expect(run.standardOutput.contains("8 files: 5 imported, 3 failed; found in the files read: "))
        // The report: every file, its status, its fields.
        let data = try Data(contentsOf: URL(fileURLWithPath: site + "/report.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = try #require(report["files"] as? [[String: Any]])
        #expect(files.count == 8)
        let pifu = try #require(files.first { ($0["source"] as? String)?.hasSuffix("pifu.html") == true })
        #expect(pifu["status"] as? String == "imported")
        let fields = try #require(pifu["fields"] as? [String: Any])
        #expect(fields["doc_number"] as? String == "国函〔2018〕159号")
        #expect(fields["genre"] as? String == "批复")
        #expect(fields["signed_by"] as? [String] == ["国务院"])
        let broken = try #require(files.first { ($0["source"] as? String)?.hasSuffix("broken.docx") == true })
        #expect(broken["status"] as? String == "failed")
        #expect((broken["error"] as? String)?.hasPrefix("not a readable Word file") == true)
        #expect((report["summary"] as? [String: Any])?["failed"] as? Int == 3)
        // The files built: import writes what `build` accepts.
        #expect(try TestSupport.runJianbao(["build"], in: site).status == 0)
        // A second run skips what it imported (same bytes), and imports nothing twice.
        let again = try TestSupport.runJianbao(["import", "archive", "--series", "wenjian"], in: site)
        #expect(again.standardOutput.contains("8 files: 0 imported, 5 skipped (imported before), 3 failed"))
        #expect(!FileManager.default.fileExists(atPath: site + "/Content/wenjian/2016/w-2016-beijing-2.md"))
    }

    @Test func aDryRunWritesNothingAndTheCSVReportHasEveryField() throws {
        let site = try ImportCommandTests.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        _ = try Self.mixedFolder(in: site)
        let before = try TestSupport.snapshot(site + "/Content")
        let run = try TestSupport.runJianbao(["import", "archive", "--series", "wenjian", "--dry-run", "--report", "report.csv"], in: site)
        #expect(try TestSupport.snapshot(site + "/Content") == before, "nothing written to Content/")
        #expect(run.standardOutput.contains("archive/w-2016-beijing.txt (UTF-8) would be written to Content/wenjian/2016/w-2016-beijing.md"))
        #expect(run.standardOutput.contains("  recognised: title `北京市人民政府办公厅关于印发〈北京市2016年政务公开工作要点〉的通知`"))
        #expect(run.standardOutput.contains("8 files: 5 read (dry run, nothing written), 3 failed"))
        let csv = try TestSupport.readText(site + "/report.csv")
        let rows = csv.split(separator: "\r\n", omittingEmptySubsequences: true)
        #expect(rows.first == "source,status,path,how,kind,genre,name,number,total,special,office,column,marking,contents,issuer,doc_number,signers,title,addressees,attachments,signed_by,date,notes,trailer_lines,copies,unplaced,recognised,not_recognised,error")
        #expect(rows.count == 9)
        let beijing = try #require(rows.first { $0.hasPrefix("archive/w-2016-beijing.txt,dry-run,") })
        #expect(beijing.contains(",京政办发〔2016〕26号,"))
        #expect(beijing.contains(",北京市人民政府办公厅,2016-05-28,"))
    }

    /// Without LibreOffice, a .doc is refused with the Debian package to install; the rest goes on.
    @Test func aDocWithoutLibreOfficeNamesThePackage() throws {
        let site = try ImportCommandTests.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        try FileManager.default.copyItem(atPath: "\(Self.corpus)/w-2019-qingyuan.doc", toPath: site + "/qingyuan.doc")
        try FileManager.default.copyItem(atPath: "\(Self.corpus)/w-2016-beijing.txt", toPath: site + "/beijing.txt")
        let run = try ImportCommandTests.runJianbaoWithoutTools(["import", "qingyuan.doc", "beijing.txt", "--series", "wenjian"], in: site)
        #expect(run.status == 1)
        #expect(run.standardError.contains("qingyuan.doc: error: reading .doc needs LibreOffice, which is not installed"))
        #expect(run.standardError.contains("apt-get install libreoffice-writer-nogui"))
        #expect(FileManager.default.fileExists(atPath: site + "/Content/wenjian/2016/beijing.md"))
    }

    /// Ctrl-C while pandoc works on a large file: the process ends, pandoc with it, and Content/ holds
    /// no file, whole or half written.
    @Test func ctrlCLeavesNothingHalfWritten() throws {
        let site = try ImportCommandTests.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        try ImportSafetyTests.makeDocx(at: site + "/slow.docx", documentBytes: 3 << 20,
                                       repeating: "<w:p><w:r><w:t>为加强管理，根据有关规定，制定本办法，请认真贯彻执行。</w:t></w:r></w:p>")
        let before = try TestSupport.snapshot(site + "/Content")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.executable)
        process.arguments = ["import", "slow.docx", "--series", "wenjian"]
        process.currentDirectoryURL = URL(fileURLWithPath: site)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until pandoc runs under it, then interrupt.
        var pandoc: Int32?
        for _ in 0..<200 where pandoc == nil {
            usleep(50_000)
            pandoc = Self.children(of: process.processIdentifier).first
        }
        #expect(pandoc != nil, "pandoc started")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        if let pandoc {
            // The signal reaches pandoc's group at once; on a busy machine it may take a moment to end.
            for _ in 0..<100 where Self.isRunning(pandoc) { usleep(100_000) }
            #expect(!Self.isRunning(pandoc), "pandoc was stopped with it (still running 10 s later)")
        }
        #expect(try TestSupport.snapshot(site + "/Content") == before)
    }

    /// Whether a process exists and has not ended (a zombie not yet reaped has ended).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    /// The processes whose parent is `pid` (from /proc).
    static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { child in
            guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[1]) == pid
        }
    }
}
