import JianbaoSupport

/// The bounds every import keeps to, whatever the file (docs/reference/commands.md, `jianbao import`).
public struct ImportLimits: Sendable {
    /// The longest one converter may run on one file (pandoc, LibreOffice, pdftotext).
    public var seconds: Int
    /// A .txt or .html file is read only up to this size.
    public static let textBytes = 32 << 20
    /// A .docx, .doc, .wps, .rtf or .odt file.
    public static let officeBytes = 64 << 20
    public static let pdfBytes = 256 << 20
    /// A .docx's XML (its text, styles and layout), unpacked: what pandoc's time grows with.
    public static let wordXMLBytes = 4 << 20
    /// A .docx unpacked in all, pictures included.
    public static let wordUnpackedBytes = 256 << 20
    /// What a converter may print.
    public static let converterOutputBytes = 32 << 20
    /// pandoc's heap (its Haskell runtime's `-M`).
    static let pandocHeap = "1024m"

    public init(seconds: Int = 120) {
        self.seconds = seconds
    }

    /// `4 MB`, `4.2 MB`, `37 MB`: whole megabytes when it is whole (a limit), one decimal under 10.
    static func megabytes(_ bytes: UInt64) -> String {
        if bytes % (1 << 20) == 0 { return "\(bytes >> 20) MB" }
        let value = Double(bytes) / Double(1 << 20)
        return value >= 10 ? "\(Int(value.rounded())) MB" : "\(Double(Int((value * 10).rounded(.up))) / 10) MB"
    }
}

/// Runs pandoc to turn a .docx into HTML (tables kept), when pandoc is installed.
enum Pandoc {
    static let debianPackage = "pandoc"

    /// The HTML of the Word file at the absolute path `file`, after its zip directory passed the caps.
    static func html(of file: String, shownAs source: String, bytes: [UInt8], limits: ImportLimits) throws(DiagnosticsError) -> String {
        guard let pandoc = ExternalTool.locate("pandoc") else {
            throw DiagnosticsError([.error(at: SourceLocation(file: source), "reading .docx needs pandoc, which is not installed",
                                          hint: "install it (`apt-get install \(debianPackage)`), or save the document as text (.txt) in Word or WPS and import that")])
        }
        try checkZip(bytes, source: source)
        let scratch: ScratchFolder
        do { scratch = try ScratchFolder() } catch { throw Self.failure(error, source: source, tool: "pandoc") }
        defer { scratch.remove() }
        let output: [UInt8]
        do {
            // `+RTS -M` bounds pandoc's memory; `--sandbox` keeps it from reading or fetching anything but
            // the input; an empty data folder and HOME keep every file of the user's (defaults, filters,
            // templates) out; the input is an absolute path after `--`, so it is never an option.
            output = try pandoc.run(["+RTS", "-M\(ImportLimits.pandocHeap)", "-RTS", "--sandbox", "--data-dir=\(scratch.path)/data",
                                     "--from=docx", "--to=html5", "--wrap=none", "--", file],
                                    home: scratch.path, seconds: limits.seconds, maximumOutput: ImportLimits.converterOutputBytes)
        } catch {
            throw Self.failure(error, source: source, tool: "pandoc")
        }
        guard let text = String(validating: output, as: UTF8.self) else {
            throw DiagnosticsError([.error(at: SourceLocation(file: source), "pandoc's output is not UTF-8 text")])
        }
        return text
    }

    /// Refuses a .docx whose zip directory declares more than the caps before anything is unpacked.
    static func checkZip(_ bytes: [UInt8], source: String) throws(DiagnosticsError) {
        let directory: ZipDirectory
        do {
            directory = try ZipDirectory(bytes)
        } catch {
            let why = error == .notAZipArchive ? "it is not a zip archive, as a .docx is" : "its zip structure is damaged"
            throw DiagnosticsError([.error(at: SourceLocation(file: source), "not a readable Word file (.docx): \(why)",
                                          hint: "open it in Word or WPS and save it again as .docx, or as text")])
        }
        var xml: UInt64 = 0, all: UInt64 = 0
        for entry in directory.entries {
            let (sum, overflow) = all.addingReportingOverflow(entry.unpackedSize)
            all = overflow ? .max : sum
            if entry.name.lowercased().hasSuffix(".xml") || entry.name.lowercased().hasSuffix(".rels") {
                let (xmlSum, xmlOverflow) = xml.addingReportingOverflow(entry.unpackedSize)
                xml = xmlOverflow ? .max : xmlSum
            }
        }
        if xml > UInt64(ImportLimits.wordXMLBytes) {
            throw DiagnosticsError([.error(at: SourceLocation(file: source),
                                          "the Word file unpacks to \(ImportLimits.megabytes(xml)) of text and layout, over the \(ImportLimits.megabytes(UInt64(ImportLimits.wordXMLBytes))) an import converts",
                                          hint: "a real document that large: split it in Word, or save it as text (.txt) and import that")])
        }
        if all > UInt64(ImportLimits.wordUnpackedBytes) {
            throw DiagnosticsError([.error(at: SourceLocation(file: source),
                                          "the Word file unpacks to \(ImportLimits.megabytes(all)), over the \(ImportLimits.megabytes(UInt64(ImportLimits.wordUnpackedBytes))) an import accepts",
                                          hint: "save it as text (.txt), or without its pictures, and import that")])
        }
    }

    /// One line for a converter that could not do its work.
    static func failure(_ error: ExternalTool.Failure, source: String, tool: String) -> DiagnosticsError {
        let location = SourceLocation(file: source)
        switch error {
        case .timedOut(let seconds):
            return DiagnosticsError([.error(at: location, "\(tool) took longer than \(seconds) s and was stopped",
                                           hint: "a damaged or very large file: open and save it again, or give more time with --time-limit SECONDS")])
        case .outputTooLarge(let bytes):
            return DiagnosticsError([.error(at: location, "\(tool) printed more than \(ImportLimits.megabytes(UInt64(bytes))) of text and was stopped",
                                           hint: "split the document, or save it as text (.txt) and import that")])
        case .couldNotStart(let why):
            return DiagnosticsError([.error(at: location, "\(tool) could not be started: \(why)")])
        case .failed(let status, let message):
            let detail = message.split(separator: "\n").last.map { ": " + $0.prefix(200) } ?? ""
            return DiagnosticsError([.error(at: location, "\(tool) could not read the file (exit status \(status))\(detail)",
                                           hint: "open it in Word or WPS and save it again, or save it as text (.txt) and import that")])
        }
    }
}
