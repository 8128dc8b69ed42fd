import Foundation
import JianbaoModel
import JianbaoSupport

/// `jianbao pdf --copies`: each copy printed as a page of its own with its 份号 (CopyNumbering), by
/// the same engine session as a single print, so every copy keeps the single print's rules (page
/// numbers from 1, none on a 函's page 1 or on a page of the 版记 alone, the 版记 on an even page);
/// then the copies joined into one PDF in order, a blank page after a copy with an odd number of
/// pages so that every copy starts on an odd page (the front of a sheet in double-sided printing).
extension PDFMaker {
    /// Refuses what cannot be numbered: a briefing (no 份号 in its layout) and a 公文 whose front
    /// matter already gives one (its 份号 would be printed on every copy).
    static func checkCopiesAllowed(_ documents: [Document]) throws(PrintError) {
        for document in documents {
            guard let official = document.official else {
                throw .copiesRefused(file: document.source.file,
                                     message: "--copies numbers the copies of a 公文 (份号); this is a briefing (简报), which has none",
                                     hint: "select 公文 only, e.g. by file name: `jianbao pdf --copies 80 fawen/2024/han`")
            }
            if let number = official.copyNumber {
                throw .copiesRefused(file: document.source.file,
                                     message: "`copy_number: \(number)` is set in the front matter, and --copies numbers every copy itself",
                                     hint: "remove `copy_number:` to print numbered copies, or print this one copy without --copies")
            }
        }
    }

    /// A run that numbers copies past the 版记's 共印N份 (`copies:`): the 份号 would tell of more copies
    /// than the document says were printed.
    static func copiesWarnings(_ copies: CopyRange, for documents: [Document]) -> [Diagnostic] {
        documents.compactMap { document in
            guard let printed = document.trailer.copies, copies.last > printed else { return nil }
            return .warning(at: document.location(ofKey: "copies"),
                            "--copies \(copies.first)-\(copies.last) numbers copies past 共印\(printed)份, the print run in this 公文's 版记",
                            hint: "print copies 1 to \(printed) (`--copies \(printed)`), or set `copies:` to the run you print")
        }
    }

    func printCopies(_ copies: CopyRange, of documents: [Document], site: String, work: String, engine: inout any PDFEngine,
                     joiner: PDFJoiner, onEvent: (PDFEvent) -> Void) throws(PrintError) -> [String] {
        let blank = work + "/blank.pdf"
        do {
            try BlankPage.pdf().write(to: URL(fileURLWithPath: blank))
        } catch {
            throw .cannotWrite(path: blank, message: error.localizedDescription)
        }
        var printed: [String] = []
        for (index, document) in documents.enumerated() {
            let started = DispatchTime.now().uptimeNanoseconds
            let page = "\(site)/\(document.outputFolder)/index.html"
            let html: String
            do {
                html = try String(contentsOfFile: page, encoding: .utf8)
            } catch {
                throw .engineFailed(options.engine, page: document.source.file, message: "cannot read the built page \(page)")
            }
            let folder = "\(work)/copies/\(index)"
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .cannotWrite(path: folder, message: error.localizedDescription)
            }
            var jobs: [PrintJob] = []
            for number in copies.numbers {
                guard let numbered = CopyNumbering.page(html, copy: number) else {
                    throw .copiesRefused(file: document.source.file,
                                         message: "its page has no `\(CopyNumbering.flagsTag)` for the 份号 (the templates' partials/official.mustache and partials/doc-flags.mustache make it)",
                                         hint: "include `{{> partials/doc-flags}}` in the template, or print without --copies")
                }
                // beside the built page, so that its assets (print.css, fonts, images) resolve the same way
                let copyPage = "\(site)/\(document.outputFolder)/copy-\(CopyNumber.printed(number)).html"
                do {
                    try numbered.write(toFile: copyPage, atomically: false, encoding: .utf8)
                } catch {
                    throw .cannotWrite(path: copyPage, message: error.localizedDescription)
                }
                jobs.append(PrintJob(page: copyPage, pdf: "\(folder)/\(CopyNumber.printed(number)).pdf",
                                     label: "\(document.source.file) (份号 \(CopyNumber.printed(number)))"))
            }
            var parts: [String] = []
            var pages = 0
            try engine.render(jobs) { done in
                parts.append(done.job.pdf)
                pages += done.pages ?? 0
                // every copy from an odd page: a blank page after a copy of an odd page count
                if (done.pages ?? 0) % 2 == 1 {
                    parts.append(blank)
                    pages += 1
                }
                onEvent(.copyPrinted(copy: jobs.firstIndex(of: done.job).map { $0 + 1 } ?? parts.count, of: copies.count,
                                     document: document.source.file))
            }
            let pdf = pdfPath(for: document)
            do {
                try FileManager.default.createDirectory(atPath: Path.parent(pdf), withIntermediateDirectories: true)
            } catch {
                throw .cannotWrite(path: Path.parent(pdf), message: error.localizedDescription)
            }
            try joiner.join(parts, into: pdf)
            printed.append(pdf)
            onEvent(.printed(index: index + 1, count: documents.count, pdf: pdf, pages: pages, milliseconds: Self.milliseconds(since: started)))
        }
        return printed
    }
}
