import Foundation
import JianbaoContent
import JianbaoModel
import JianbaoSupport

/// What happened to one source file.
public struct ImportResult: Sendable, Codable {
    public enum Status: String, Sendable, Codable {
        case imported
        /// `--dry-run`: read and recognised, nothing written.
        case dryRun = "dry-run"
        /// The same file was imported before.
        case skipped
        case failed
    }

    public var source: String
    public var status: Status
    /// The content file written (or that would be, or that holds the earlier import).
    public var path: String?
    /// How the file was read: `UTF-8`, `Word (.docx) through pandoc` …
    public var how: String?
    public var fields: ImportedFields?
    public var recognised: [String] = []
    public var unrecognised: [String] = []
    /// The failure, in one line.
    public var error: String?
    public var diagnostics: [Diagnostic] = []

    init(source: String, status: Status) {
        self.source = source
        self.status = status
    }
}

/// The fields import recognised in a file: every one the issue asks for, the model's and those it
/// does not have yet (文种 beyond notice/report/statement, 签发人, joint 署名, 附注, 要目).
public struct ImportedFields: Sendable, Codable, Equatable {
    public var kind: String
    /// 文种 as the title names it, or 简报.
    public var genre: String?
    public var name: String?
    public var number: Int?
    public var total: Int?
    public var special: String?
    public var office: String?
    public var column: String?
    public var marking: String?
    public var contents: [String]
    public var issuer: String?
    public var docNumber: String?
    public var signers: [String]
    public var title: String?
    public var addressees: String?
    public var attachments: [String]
    public var signedBy: [String]
    /// ISO 8601.
    public var date: String?
    public var notes: [String]
    public var trailerLines: [String]
    public var copies: Int?
    /// Lines kept unpublished at the top of the file.
    public var unplaced: [String]
    public var joinedLines: Int

    init(_ reading: ImportReading) {
        kind = reading.kind.rawValue
        genre = reading.genre
        name = reading.name
        number = reading.number
        total = reading.total
        special = reading.special?.rawValue
        office = reading.office
        column = reading.column
        marking = reading.marking
        contents = reading.contents
        issuer = reading.issuer
        docNumber = reading.docNumber
        signers = reading.signers
        title = reading.title
        addressees = reading.addressees
        attachments = reading.attachments
        signedBy = reading.signedBy
        date = reading.date?.iso
        notes = reading.notes
        trailerLines = reading.trailerLines
        copies = reading.trailerLines.compactMap { ContentRules.trailerLine($0)?.copies }.first
        unplaced = reading.unplaced
        joinedLines = reading.joinedLines
    }
}

/// The report of a run: `--report FILE` as JSON (`.json`) or CSV (anything else).
public enum ImportReport {
    static let columns = ["source", "status", "path", "how", "kind", "genre", "name", "number", "total", "special", "office", "column",
                          "marking", "contents", "issuer", "doc_number", "signers", "title", "addressees", "attachments", "signed_by",
                          "date", "notes", "trailer_lines", "copies", "unplaced", "recognised", "not_recognised", "error"]

    public static func json(_ results: [ImportResult], summary: ImportSummary) -> String {
        struct Report: Encodable {
            var summary: ImportSummary
            var files: [ImportResult]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = (try? encoder.encode(Report(summary: summary, files: results))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func csv(_ results: [ImportResult]) -> String {
        var rows = [columns.joined(separator: ",")]
        for result in results {
            let fields = result.fields
            let values: [String?] = [
                result.source, result.status.rawValue, result.path, result.how, fields?.kind, fields?.genre, fields?.name,
                fields?.number.map(String.init), fields?.total.map(String.init), fields?.special, fields?.office, fields?.column,
                fields?.marking, fields.map { $0.contents.joined(separator: " | ") }, fields?.issuer, fields?.docNumber,
                fields.map { $0.signers.joined(separator: " | ") }, fields?.title, fields?.addressees,
                fields.map { $0.attachments.joined(separator: " | ") }, fields.map { $0.signedBy.joined(separator: " | ") },
                fields?.date, fields.map { $0.notes.joined(separator: " | ") }, fields.map { $0.trailerLines.joined(separator: " | ") },
                fields?.copies.map(String.init), fields.map { $0.unplaced.joined(separator: " | ") },
                result.recognised.joined(separator: "; "), result.unrecognised.joined(separator: "; "), result.error,
            ]
            rows.append(values.map { csvField($0 ?? "") }.joined(separator: ","))
        }
        return rows.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingEvery("\"", with: "\"\"") + "\""
    }
}

/// Counts of a run: files by outcome, and how often each field was found.
public struct ImportSummary: Sendable, Codable, Equatable {
    public var files = 0
    public var imported = 0
    public var dryRun = 0
    public var skipped = 0
    public var failed = 0
    /// Field name → files it was found in (of those read).
    public var fieldsFound: [String: Int] = [:]
    public var read = 0

    public init(_ results: [ImportResult]) {
        files = results.count
        for result in results {
            switch result.status {
            case .imported: imported += 1
            case .dryRun: dryRun += 1
            case .skipped: skipped += 1
            case .failed: failed += 1
            }
            guard let fields = result.fields else { continue }
            read += 1
            var found: [String] = []
            if fields.kind == DocumentKind.briefing.rawValue {
                if fields.number != nil { found.append("第N期") }
                if fields.total != nil { found.append("总第N期") }
                if fields.office != nil { found.append("编印单位") }
                if !fields.contents.isEmpty { found.append("要目") }
                if !fields.trailerLines.isEmpty { found.append("报尾") }
            } else {
                if fields.title != nil { found.append("title") }
                if fields.docNumber != nil { found.append("发文字号") }
                if fields.addressees != nil { found.append("主送") }
                if !fields.signedBy.isEmpty { found.append("署名") }
                if !fields.attachments.isEmpty { found.append("附件") }
            }
            if fields.date != nil && !result.unrecognised.contains(where: { $0.hasPrefix("used today's date") }) { found.append("date") }
            for name in found { fieldsFound[name, default: 0] += 1 }
        }
    }

    /// `42 files: 38 imported, 2 skipped (imported before), 2 failed; found: title 30, date 40, …`
    public var line: String {
        var parts = ["\(imported) imported"]
        if dryRun > 0 { parts = ["\(dryRun) read (dry run, nothing written)"] }
        if skipped > 0 { parts.append("\(skipped) skipped (imported before)") }
        parts.append("\(failed) failed")
        let found = fieldsFound.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)/\(read)" }.joined(separator: ", ")
        return "\(files) file\(files == 1 ? "" : "s"): " + parts.joined(separator: ", ") + (found.isEmpty ? "" : "; found in the files read: " + found)
    }
}
