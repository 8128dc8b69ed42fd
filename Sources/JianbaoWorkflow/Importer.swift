import CJianbaoSys
import JianbaoModel
import JianbaoSupport
#if canImport(Glibc)
import Glibc
#endif

/// `jianbao import`: turns an office's existing documents (Word, WPS, PDF, web pages, text) into
/// content files, one file at a time, each written whole or not at all.
public struct Importer: Sendable {
    public struct Options: Sendable {
        public var series: String
        /// Used when the text has no 第N期 (the next free number otherwise).
        public var number: Int?
        /// Used when the text has no date (today in China otherwise).
        public var date: SimpleDate?
        /// Read and recognise, write nothing.
        public var dryRun: Bool
        public var limits: ImportLimits

        public init(series: String, number: Int? = nil, date: SimpleDate? = nil, dryRun: Bool = false, limits: ImportLimits = ImportLimits()) {
            self.series = series
            self.number = number
            self.date = date
            self.dryRun = dryRun
            self.limits = limits
        }
    }

    public let content: String
    public let fileSystem: any FileSystem

    public init(content: String = "Content", fileSystem: any FileSystem = DiskFileSystem()) {
        self.content = content
        self.fileSystem = fileSystem
    }

    /// Imports one file. Never replaces a content file; a source imported before (same bytes) is
    /// skipped. Failures come back as a result with the error, so a batch goes on.
    public func importFile(_ source: String, options: Options, today: SimpleDate = .todayInChina()) -> ImportResult {
        var result = ImportResult(source: source, status: .failed)
        do throws(DiagnosticsError) {
            let seriesFile = try SeriesFile.load(slug: options.series, content: content, fileSystem: fileSystem)
            let read = try SourceReader(limits: options.limits).read(source)
            result.how = read.how
            let ledger = ImportLedger(folder: Path.join(content, options.series), fileSystem: fileSystem)
            let hash = ImportLedger.hash(read.bytes)
            if let earlier = ledger.path(for: hash), fileSystem.exists(earlier) {
                result.status = .skipped
                result.path = earlier
                result.recognised = ["the same file was imported before as \(earlier)"]
                return result
            }
            var reading = ImportReader(series: seriesFile.series).read(read.blocks)
            // The report gives what the text holds: the fields before any default fills a gap.
            result.fields = ImportedFields(reading)
            fillIn(&reading, series: seriesFile.series, options: options, today: today)
            result.recognised = reading.recognised
            result.unrecognised = reading.unrecognised
            let markdown = ImportWriter(series: seriesFile.series).markdown(for: reading)
            let path = try target(for: reading, source: source, series: options.series)
            result.path = path
            if options.dryRun {
                result.status = .dryRun
                return result
            }
            try publish(markdown, at: path)
            ledger.record(hash: hash, path: path, source: source)
            result.status = .imported
        } catch {
            result.error = error.diagnostics.first.map { $0.message + ($0.hint.map { " (\($0))" } ?? "") }
            result.diagnostics = error.diagnostics
        }
        return result
    }

    /// Number and date the text does not give: the options, else the next free number and today.
    func fillIn(_ reading: inout ImportReading, series: Series, options: Options, today: SimpleDate) {
        if reading.kind.isBriefing && reading.number == nil {
            if let number = options.number {
                reading.number = number
                reading.recognised.append("第\(number)期 from --number")
            } else {
                let date = reading.date ?? options.date ?? today
                reading.number = IssueCreator(content: content, fileSystem: fileSystem).nextNumber(in: series, on: date)
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
    }

    /// Where the file goes: `<series>/<year>/<N>.md` for an issue (an existing one is an error: never
    /// replaced); a 公文 after the source's name, or its kind and date, with `-2`, `-3` … when taken.
    func target(for reading: ImportReading, source: String, series: String) throws(DiagnosticsError) -> String {
        let date = reading.date!
        let folder = Path.join(content, series, "\(date.year)")
        if reading.kind.isBriefing {
            let name = reading.special?.isSupplement == true ? "supplement-\(reading.number!)" : "\(reading.number!)"
            let path = Path.join(folder, name + ".md")
            if fileSystem.exists(path) {
                throw DiagnosticsError([.error(at: SourceLocation(file: source), "\(path) already exists; import never replaces a file",
                                              hint: "check the number: is it another issue with the same number, or was this one imported before? Give --number N for another")])
            }
            return path
        }
        let stem = Self.slug(from: source) ?? "\(reading.kind.rawValue)-\(date.iso)"
        var candidate = Path.join(folder, stem + ".md")
        var counter = 2
        while fileSystem.exists(candidate) {
            candidate = Path.join(folder, "\(stem)-\(counter).md")
            counter += 1
        }
        return candidate
    }

    /// Writes the whole file under a hidden temporary name beside it, then renames it into place
    /// only if the name is still free: an error or Ctrl-C never leaves half a file in Content/.
    func publish(_ markdown: String, at path: String) throws(DiagnosticsError) {
        let temporary = Path.join(Path.parent(path), "." + Path.lastComponent(path) + ".part")
        jianbao_guard_file(temporary)
        defer { jianbao_guard_file(nil) }
        do {
            try fileSystem.write(markdown, to: temporary)
        } catch {
            throw DiagnosticsError([.error(at: SourceLocation(file: path), error.message)])
        }
        // `move` never replaces a file (on disk in one step, renameat2's RENAME_NOREPLACE).
        do {
            try fileSystem.move(temporary, to: path)
        } catch {
            try? fileSystem.remove(temporary)
            let reason = error.reason == .alreadyExists ? "already exists; import never replaces a file" : error.problem
            throw DiagnosticsError([.error(at: SourceLocation(file: path), "\(path) \(reason)")])
        }
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

/// The sources a series has imported, by content hash: `Content/<series>/.jianbao-imported.tsv`
/// (hidden, so the build does not read it), one `hash TAB path TAB source` line per file.
struct ImportLedger {
    let folder: String
    let fileSystem: any FileSystem

    var file: String { Path.join(folder, ".jianbao-imported.tsv") }

    func path(for hash: String) -> String? {
        guard let bytes = try? fileSystem.read(file) else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.count >= 2, fields[0] == hash { return String(fields[1]) }
        }
        return nil
    }

    func record(hash: String, path: String, source: String) {
        let earlier = (try? fileSystem.read(file)) ?? []
        let line = "\(hash)\t\(path)\t\(source.filter { $0 != "\t" && $0 != "\n" })\n"
        try? fileSystem.write(earlier + Array(line.utf8), to: file)
    }

    /// 128 bits of two FNV-1a passes with different offsets: to know a file again, not to resist
    /// anyone (a forged collision only makes a file be skipped, and the report says so).
    static func hash(_ bytes: [UInt8]) -> String {
        var first: UInt64 = 0xCBF2_9CE4_8422_2325
        var second: UInt64 = 0x6C62_272E_07BB_0142
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            second ^= second >> 29
        }
        func hex(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        return hex(first) + hex(second)
    }
}
