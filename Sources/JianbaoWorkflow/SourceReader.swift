import JianbaoSupport
#if canImport(Glibc)
import Glibc
#endif

/// The formats import reads, by file extension.
enum SourceFormat: String, Sendable, CaseIterable {
    case text, html, docx, office, pdf

    init?(path: String) {
        switch Path.fileExtension(path) {
        case "txt", "text": self = .text
        case "html", "htm", "shtml", "xhtml": self = .html
        case "docx", "docm": self = .docx
        case "doc", "wps", "rtf", "odt", "wpt", "dot", "dotx": self = .office
        case "pdf": self = .pdf
        default: return nil
        }
    }

    static let extensionsText = ".txt .docx .doc .wps .rtf .odt .pdf .html .htm"

    var sizeLimit: Int {
        switch self {
        case .text, .html: return ImportLimits.textBytes
        case .docx, .office: return ImportLimits.officeBytes
        case .pdf: return ImportLimits.pdfBytes
        }
    }
}

/// A source file read into lines through the converter its format needs, within the limits.
///
/// Sources are read from disk directly (converters need real files); the import's output goes
/// through the `FileSystem` seam.
struct SourceReader: Sendable {
    let limits: ImportLimits

    struct Read: Sendable {
        var blocks: [ImportBlock]
        /// How it was read: `UTF-8`, `Word (.docx) through pandoc`, …
        var how: String
        /// The file's bytes, for the content hash.
        var bytes: [UInt8]
    }

    func read(_ source: String) throws(DiagnosticsError) -> Read {
        let location = SourceLocation(file: source)
        guard let format = SourceFormat(path: source) else {
            throw DiagnosticsError([.error(at: location, "not a format import reads",
                                          hint: "import reads \(SourceFormat.extensionsText); save the document in one of them")])
        }
        let bytes = try Self.readRegularFile(source, limit: format.sizeLimit)
        switch format {
        case .text:
            guard let decoded = TextDecoding.decode(bytes) else {
                throw DiagnosticsError([.error(at: location, "the file is neither UTF-8, GB18030/GBK nor UTF-16 text",
                                              hint: "save it from Word as .docx or as plain text, then import that")])
            }
            return Read(blocks: Self.lines(decoded.text).map(ImportBlock.line), how: decoded.encoding.rawValue, bytes: bytes)
        case .html:
            guard let decoded = Self.decodeHTML(bytes) else {
                throw DiagnosticsError([.error(at: location, "the page is neither UTF-8 nor GB18030/GBK text")])
            }
            let page = HTMLDocument(decoded.text)
            let area = page.contentArea()
            let blocks = page.blocks(from: area)
            guard blocks.contains(where: { ($0.text ?? "").contains { $0.isLetter } }) else {
                throw DiagnosticsError([.error(at: location, "the page has no text in its body",
                                              hint: "save the page again from the browser (as \"web page, complete\" or as text)")])
            }
            return Read(blocks: blocks, how: "web page (\(decoded.encoding.rawValue)), its content area", bytes: bytes)
        case .docx:
            let html = try Pandoc.html(of: Self.absolute(source), shownAs: source, bytes: bytes, limits: limits)
            let page = HTMLDocument(html)
            return Read(blocks: page.blocks(from: 0), how: "Word (.docx) through pandoc", bytes: bytes)
        case .office:
            let converted = try LibreOffice.docx(of: Self.absolute(source), shownAs: source, limits: limits)
            defer { converted.scratch.remove() }
            let html = try Pandoc.html(of: converted.path, shownAs: source, bytes: converted.bytes, limits: limits)
            let page = HTMLDocument(html)
            return Read(blocks: page.blocks(from: 0), how: "\(Path.fileExtension(source)) through LibreOffice and pandoc", bytes: bytes)
        case .pdf:
            let text = try PDFText.text(of: Self.absolute(source), shownAs: source, limits: limits)
            return Read(blocks: Self.lines(text).map(ImportBlock.line), how: "PDF text layer through pdftotext", bytes: bytes)
        }
    }

    /// Lines of a text, whatever its line ends (CR LF, LF, CR, form feed of a page break).
    static func lines(_ text: String) -> [String] {
        var result: [String] = []
        var line = ""
        for character in text {
            if character == "\n" || character == "\r\n" || character == "\r" || character == "\u{0C}" || character == "\u{2028}" {
                result.append(line)
                line = ""
            } else {
                line.append(character)
            }
        }
        if !line.isEmpty { result.append(line) }
        return result
    }

    /// The charset a page declares (`<meta charset=gbk>`), else UTF-8 if it is, else GB18030.
    static func decodeHTML(_ bytes: [UInt8]) -> (text: String, encoding: TextDecoding.Encoding)? {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased()
        if let range = head.firstRange(of: "charset=") {
            let name = head[range.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            if ["gb2312", "gbk", "gb18030", "x-gbk"].contains(String(name)),
               let converted = TextDecoding.iconv(bytes, from: "GB18030", to: "UTF-8"),
               let text = String(validating: converted, as: UTF8.self) {
                return (text, .gb18030)
            }
        }
        return TextDecoding.decode(bytes)
    }

    /// The file's bytes, when it is a regular file no larger than `limit`; one clear error otherwise.
    static func readRegularFile(_ path: String, limit: Int) throws(DiagnosticsError) -> [UInt8] {
        let location = SourceLocation(file: path)
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw DiagnosticsError([.error(at: location, errno == ENOENT ? "no such file" : "cannot read it: \(ExternalTool.errorText())")])
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw DiagnosticsError([.error(at: location, "not a regular file (a folder, a pipe or a device is never imported)")])
        }
        if Int(info.st_size) > limit {
            throw DiagnosticsError([.error(at: location, "the file is \(ImportLimits.megabytes(UInt64(info.st_size))), over the \(ImportLimits.megabytes(UInt64(limit))) an import reads",
                                          hint: "split the document, or save the part you need as a file of its own")])
        }
        // O_NONBLOCK: a file swapped for a FIFO between the check and the open does not hang us.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw DiagnosticsError([.error(at: location, "cannot read it: \(ExternalTool.errorText())")]) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw DiagnosticsError([.error(at: location, "cannot read it: \(ExternalTool.errorText())")])
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > limit {
                throw DiagnosticsError([.error(at: location, "the file grew over the \(ImportLimits.megabytes(UInt64(limit))) an import reads while it was read")])
            }
        }
        return bytes
    }

    /// An absolute path for a converter: a relative one is made absolute, so it never starts with `-`.
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "./" + path }
        let folder = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return folder == "/" ? "/" + path : folder + "/" + path
    }
}

/// LibreOffice, headless, turns .doc, .wps, .rtf and .odt into a .docx that pandoc then reads.
enum LibreOffice {
    static let debianPackage = "libreoffice-writer-nogui"

    struct Converted {
        var path: String
        var bytes: [UInt8]
        var scratch: ScratchFolder
    }

    static func docx(of file: String, shownAs source: String, limits: ImportLimits) throws(DiagnosticsError) -> Converted {
        guard let office = ExternalTool.locate("soffice") ?? ExternalTool.locate("libreoffice") else {
            throw DiagnosticsError([.error(at: SourceLocation(file: source), "reading .\(Path.fileExtension(source)) needs LibreOffice, which is not installed",
                                          hint: "install it (`apt-get install \(debianPackage)`), or save the document as .docx in Word or WPS and import that")])
        }
        let scratch: ScratchFolder
        do { scratch = try ScratchFolder() } catch { throw Pandoc.failure(error, source: source, tool: "LibreOffice") }
        do {
            // A profile of its own (so the user's settings and macros never apply, and a running
            // LibreOffice is not disturbed); the input is an absolute path, never an option.
            _ = try office.run(["--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                                "-env:UserInstallation=file://\(scratch.path)/profile",
                                "--convert-to", "docx:MS Word 2007 XML", "--outdir", scratch.path + "/out", file],
                               home: scratch.path, seconds: limits.seconds, maximumOutput: 1 << 20)
        } catch {
            scratch.remove()
            throw Pandoc.failure(error, source: source, tool: "LibreOffice")
        }
        let output = scratch.path + "/out/" + Path.stem(file) + ".docx"
        do {
            let bytes = try SourceReader.readRegularFile(output, limit: ImportLimits.officeBytes)
            return Converted(path: output, bytes: bytes, scratch: scratch)
        } catch {
            scratch.remove()
            throw DiagnosticsError([.error(at: SourceLocation(file: source), "LibreOffice could not convert the file",
                                          hint: "open it in Word, WPS or LibreOffice and save it as .docx, then import that")])
        }
    }
}

/// pdftotext (poppler-utils) reads a PDF's text layer; a scan has none, and is said to be one.
enum PDFText {
    static let debianPackage = "poppler-utils"

    static func text(of file: String, shownAs source: String, limits: ImportLimits) throws(DiagnosticsError) -> String {
        guard let pdftotext = ExternalTool.locate("pdftotext") else {
            throw DiagnosticsError([.error(at: SourceLocation(file: source), "reading .pdf needs pdftotext, which is not installed",
                                          hint: "install it (`apt-get install \(debianPackage)`), or save the document as text and import that")])
        }
        let scratch: ScratchFolder
        do { scratch = try ScratchFolder() } catch { throw Pandoc.failure(error, source: source, tool: "pdftotext") }
        defer { scratch.remove() }
        let output: [UInt8]
        do {
            output = try pdftotext.run(["-enc", "UTF-8", "-eol", "unix", "-nopgbrk", "-q", file, "-"],
                                       home: scratch.path, seconds: limits.seconds, maximumOutput: ImportLimits.converterOutputBytes)
        } catch {
            throw Pandoc.failure(error, source: source, tool: "pdftotext")
        }
        let text = String(decoding: output, as: UTF8.self)
        guard text.contains(where: { $0.isLetter }) else {
            throw DiagnosticsError([.error(at: SourceLocation(file: source), "the PDF has no text layer (a scan?): there is nothing to import",
                                          hint: "import the Word or text file it was printed from, or run OCR on it first")])
        }
        return text
    }
}
