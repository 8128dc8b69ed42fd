import JianbaoModel
import JianbaoSupport
#if canImport(Glibc)
import Glibc
#endif

/// `jianbao import`: turns briefings saved from Word (or pasted text) into content files.
public struct Importer: Sendable {
    public struct Options: Sendable {
        public var series: String
        /// Used when the text has no 第N期 (the next free number otherwise).
        public var number: Int?
        /// Used when the text has no date (today in China otherwise).
        public var date: SimpleDate?

        public init(series: String, number: Int? = nil, date: SimpleDate? = nil) {
            self.series = series
            self.number = number
            self.date = date
        }
    }

    /// One file imported: where it went, and what was and was not recognised.
    public struct Imported: Sendable {
        public var source: String
        public var path: String
        public var encoding: String
        public var recognised: [String]
        public var unrecognised: [String]
        public var text: String
    }

    public let content: String
    public let fileSystem: any FileSystem

    public init(content: String = "Content", fileSystem: any FileSystem = DiskFileSystem()) {
        self.content = content
        self.fileSystem = fileSystem
    }

    /// Imports one file; never replaces an existing content file.
    public func importFile(_ source: String, options: Options, today: SimpleDate = .todayInChina()) throws(DiagnosticsError) -> Imported {
        let seriesFile = try SeriesFile.load(slug: options.series, content: content, fileSystem: fileSystem)
        let (text, encoding) = try readText(source)
        var reading = ImportReader(series: seriesFile.series).read(text)
        if reading.kind.isBriefing && reading.number == nil {
            if let number = options.number {
                reading.number = number
                reading.recognised.append("第\(number)期 from --number")
            } else {
                let date = reading.date ?? options.date ?? today
                reading.number = IssueCreator(content: content, fileSystem: fileSystem).nextNumber(in: seriesFile.series, on: date)
                reading.unrecognised.append("used the next free number, 第\(reading.number!)期: check it, or give --number N")
            }
        }
        if reading.date == nil {
            if let date = options.date {
                reading.date = date
                reading.recognised.append("date \(date.iso) from --date")
            } else {
                reading.date = today
                reading.unrecognised.append("used today's date, \(today.iso): check it, or give --date YYYY-MM-DD")
            }
        }
        let date = reading.date!
        let name: String
        if reading.kind.isBriefing {
            name = reading.special?.isSupplement == true ? "supplement-\(reading.number!)" : "\(reading.number!)"
        } else {
            name = Self.slug(from: source) ?? "\(reading.kind.rawValue)-\(date.iso)"
        }
        let path = Path.join(content, options.series, "\(date.year)", name + ".md")
        if fileSystem.exists(path) {
            throw DiagnosticsError([.error(at: SourceLocation(file: path), "\(path) already exists; import never replaces a file",
                                          hint: reading.kind.isBriefing ? "check the number: is \(source) already imported?" : "rename the source file to get another name")])
        }
        let markdown = ImportWriter(series: seriesFile.series).markdown(for: reading)
        do {
            try fileSystem.write(markdown, to: path)
        } catch {
            throw DiagnosticsError([.error(at: SourceLocation(file: path), error.message)])
        }
        return Imported(source: source, path: path, encoding: encoding, recognised: reading.recognised,
                        unrecognised: reading.unrecognised, text: markdown)
    }

    /// The text of a .txt (UTF-8 or GB18030) or a .docx (through pandoc).
    func readText(_ source: String) throws(DiagnosticsError) -> (String, String) {
        if Path.fileExtension(source) == "docx" {
            return (try Pandoc.plainText(of: source), "Word (.docx) through pandoc")
        }
        if Path.fileExtension(source) == "doc" {
            throw DiagnosticsError([.error(at: SourceLocation(file: source), "an old Word .doc file cannot be read",
                                          hint: "save it as .docx (or as text) in Word or WPS, then import that")])
        }
        let bytes: [UInt8]
        do {
            bytes = try fileSystem.read(source)
        } catch {
            throw DiagnosticsError([.error(at: SourceLocation(file: source), error.message)])
        }
        guard let decoded = TextDecoding.decode(bytes) else {
            throw DiagnosticsError([.error(at: SourceLocation(file: source), "the file is neither UTF-8 nor GB18030/GBK text",
                                          hint: "save it from Word as .docx or as plain text, then import that")])
        }
        return (decoded.text, decoded.encoding.rawValue)
    }

    /// A file name for a 公文 from the source's name: ASCII letters, digits and `-`; nil when none are left.
    static func slug(from source: String) -> String? {
        let stem = Path.stem(source).lowercased()
        var result = ""
        for character in stem {
            if character.isASCII && (character.isLetter || character.isNumber) {
                result.append(character)
            } else if !result.isEmpty && result.last != "-" {
                result.append("-")
            }
        }
        while result.last == "-" { result.removeLast() }
        return result.isEmpty ? nil : result
    }
}

/// Writes an `ImportReading` as a content file that `build` accepts.
struct ImportWriter {
    let series: Series

    func markdown(for reading: ImportReading) -> String {
        var front: [String] = []
        func add(_ key: String, _ value: String?) {
            if let value, !value.isEmpty { front.append("\(key): \(Self.yamlScalar(value))") }
        }
        if reading.kind != series.kind { front.append("kind: \(reading.kind.rawValue)") }
        if reading.kind.isBriefing {
            front.append("number: \(reading.number!)")
            front.append("date: \(reading.date!.iso)")
            if let total = reading.total { front.append("total: \(total)") }
            add("special", reading.special?.rawValue)
            add("column", reading.column)
            if reading.office != series.office { add("office", reading.office) }
            add("marking", reading.marking)
        } else {
            add("issuer", reading.issuer)
            add("doc_number", reading.docNumber)
            add("title", reading.title ?? "（标题）")
            add("addressees", reading.addressees)
            if !reading.attachments.isEmpty {
                front.append("attachments:")
                front += reading.attachments.map { "  - \(Self.yamlScalar($0))" }
            }
            add("signed_by", reading.signedBy)
            front.append("date: \(reading.date!.iso)")
        }
        var body = reading.bodyLines.joined(separator: "\n\n")
        if !reading.trailerLines.isEmpty { body += "\n\n" + reading.trailerLines.joined(separator: "\n") }
        return "---\n" + front.joined(separator: "\n") + "\n---\n\n" + body + "\n"
    }

    /// A YAML value: plain when that reads back as the same text, quoted otherwise.
    static func yamlScalar(_ value: String) -> String {
        let special = "-?:,[]{}#&*!|>'\"%@`"
        let needsQuotes = value.first.map { special.contains($0) || $0 == " " } ?? true
            || value.contains(": ") || value.contains(" #") || value.hasSuffix(":") || value.last == " "
            || ["true", "false", "yes", "no", "null", "~", "on", "off"].contains(value.lowercased())
            || Double(value) != nil
        guard needsQuotes else { return value }
        return "\"" + value.replacingEvery("\\", with: "\\\\").replacingEvery("\"", with: "\\\"") + "\""
    }
}
