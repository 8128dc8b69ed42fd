import Foundation
import JianbaoModel

/// The page of one numbered copy: the built page with the copy's 份号 as the first line of its
/// `<div class="doc-flags">` (Templates/partials/doc-flags.mustache), where a `copy_number:` in the
/// front matter would have put it, and `--flag-rows` (the rows the flags take, which the print
/// stylesheet reads) one more. Every copy is laid out as the single print with that 份号 would be.
enum CopyNumbering {
    static let flagsTag = #"<div class="doc-flags">"#

    /// Nil when the page has no flags block (a template without partials/doc-flags).
    static func page(_ html: String, copy: Int) -> String? {
        guard let flags = html.range(of: flagsTag) else { return nil }
        var page = html
        page.insert(contentsOf: "\n<p class=\"copy-number\">\(CopyNumber.printed(copy))</p>", at: flags.upperBound)
        if let style = page.range(of: #"--flag-rows: (\d)"#, options: .regularExpression),
           let rows = Int(page[style].suffix(1)) {
            page.replaceSubrange(style, with: "--flag-rows: \(rows + 1)")
        }
        return page
    }
}

/// A blank A4 page as a PDF of its own, put after a copy with an odd number of pages so that the
/// next copy starts on the front of a sheet in double-sided printing.
enum BlankPage {
    static func pdf() -> Data {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.276 841.89] /Resources << >> >>",
        ]
        var text = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(text.utf8.count)
            text += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let table = text.utf8.count
        text += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            text += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        text += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(table)\n%%EOF\n"
        return Data(text.utf8)
    }
}

/// Joins PDFs with poppler's `pdfunite` (poppler-utils), which keeps each page as it is.
struct PDFJoiner {
    static let program = "pdfunite"
    static let installHint = "install it with `apt-get install poppler-utils` (macOS: `brew install poppler`); "
        + "or print without --copies, one copy at a time with `copy_number:` in the front matter"
    let path: String

    /// Fails with `.joinToolMissing` when `pdfunite` is not on PATH.
    init(environment: [String: String]) throws(PrintError) {
        guard let found = ProgramLocator.find(Self.program, path: environment["PATH"]) else {
            throw .joinToolMissing(detail: "`\(Self.program)` (poppler-utils) is not on PATH; --copies joins the copies with it")
        }
        path = found
    }

    /// Writes `parts` in order to `pdf + ".part"`, then renames it to `pdf`.
    func join(_ parts: [String], into pdf: String) throws(PrintError) {
        let process: ChildProcess
        do {
            process = try ChildProcess(executable: path, arguments: parts + [pdf + ".part"], wiring: [0: .devNull, 1: .devNull, 2: .inherit])
        } catch {
            throw .joinFailed(pdf: pdf, message: "\(path) does not start: \(error.message)")
        }
        let status = process.wait()
        guard status == 0 else {
            unlink(pdf + ".part")
            throw .joinFailed(pdf: pdf, message: "\(path) stopped with status \(status) (see its message above)")
        }
        do {
            try FileManager.default.moveItem(atPath: pdf + ".part", toPath: pdf, replacing: true)
        } catch {
            throw .cannotWrite(path: pdf, message: error.localizedDescription)
        }
    }
}
