import Foundation
import JianbaoSupport
import Testing

@Suite struct CLITests {
    @Test func buildPrintsALinePerStageAndTakesAnotherTemplatesFolder() throws {
        let site = try TestSupport.makeTemporaryFolder("jianbao-cli")
        defer { try? FileManager.default.removeItem(atPath: site) }
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/base-site", to: site)
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/look")
        try DiskFileSystem().write("<!doctype html><title>{{site.title}}</title><p>另一种外观</p>\n", to: site + "/look/home.mustache")

        let run = try TestSupport.runJianbao(["build", "--templates", "look", "--output", "out"], in: site)
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.first?.hasPrefix("read      1 files, 1 series, 1 documents") == true)
        #expect(lines[2].hasPrefix("rendered  6 pages"))  // home, series, the issue, its year, search, 404
        #expect(lines[3].contains("to out/"))
        #expect(try TestSupport.readText(site + "/out/index.html").contains("另一种外观"))
        #expect(FileManager.default.fileExists(atPath: site + "/out/style.css"))
        #expect(!FileManager.default.fileExists(atPath: site + "/public"))
    }

    @Test func aMissingContentFolderIsAClearError() throws {
        let site = try TestSupport.makeTemporaryFolder("jianbao-cli")
        defer { try? FileManager.default.removeItem(atPath: site) }
        let run = try TestSupport.runJianbao(["build"], in: site)
        #expect(run.status == 1)
        #expect(run.standardError.contains("Content: error: the content folder does not exist"))
        #expect(run.standardError.contains("hint: run jianbao in the folder that holds Content/"))
    }

    @Test func refusesToReplaceTheFolderThatHoldsTheContent() throws {
        let site = try TestSupport.makeTemporaryFolder("jianbao-cli")
        defer { try? FileManager.default.removeItem(atPath: site) }
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/base-site", to: site)
        let run = try TestSupport.runJianbao(["build", "--output", "."], in: site)
        #expect(run.status == 1)
        #expect(run.standardError.contains("refusing to use this output folder"))
        #expect(FileManager.default.fileExists(atPath: site + "/Content/site.yml"))
    }

    @Test func imagesArePublishedBesideThePageThatShowsThem() throws {
        let site = try TestSupport.makeTemporaryFolder("jianbao-cli")
        defer { try? FileManager.default.removeItem(atPath: site) }
        try TestSupport.copyTree(TestSupport.repoRoot + "/Tests/Fixtures/base-site", to: site)
        try TestSupport.copyTree(TestSupport.repoRoot + "/Templates", to: site + "/Templates")
        let disk = DiskFileSystem()
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
        try disk.write(png, to: site + "/Content/jb/2024/images/2-1.jpg")
        try disk.write("---\nnumber: 2\ndate: 2024-02-02\n---\n\n# 标题\n\n![督导组在县公安局督导创建工作](images/2-1.jpg)\n", to: site + "/Content/jb/2024/2.md")
        // A draft's photo is not published with the archive.
        try disk.write(png, to: site + "/Content/jb/2024/images/3-1.jpg")
        try disk.write("---\nnumber: 3\ndate: 2024-02-09\ndraft: true\n---\n\n# 草稿\n\n![照片](images/3-1.jpg)\n", to: site + "/Content/jb/2024/3.md")
        let run = try TestSupport.runJianbao(["build"], in: site)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try disk.read(site + "/public/jb/2024/2/images/2-1.jpg") == png)
        #expect(!FileManager.default.fileExists(atPath: site + "/public/jb/2024/3"))
        let page = try TestSupport.readText(site + "/public/jb/2024/2/index.html")
        #expect(page.contains("<img src=\"images/2-1.jpg\" alt=\"督导组在县公安局督导创建工作\">"))
        #expect(page.contains("<figcaption>督导组在县公安局督导创建工作</figcaption>"))
    }
}
