import Foundation
import JianbaoSupport

/// `jianbao check --format json`: the findings for editors' tools.
public struct CheckReport: Codable, Sendable {
    public struct Finding: Codable, Sendable {
        public var file: String
        public var line: Int?
        public var column: Int?
        public var severity: String
        public var message: String
        public var hint: String?
    }

    public var findings: [Finding]
    public var errors: Int
    public var warnings: Int

    public init(_ diagnostics: [Diagnostic]) {
        findings = diagnostics.map {
            Finding(file: $0.location.file, line: $0.location.line, column: $0.location.column,
                    severity: $0.severity.rawValue, message: $0.message, hint: $0.hint)
        }
        errors = diagnostics.errors.count
        warnings = diagnostics.warnings.count
    }

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// `3 errors, 1 warning in 5 files`.
    public static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.errors.count, warnings = diagnostics.warnings.count
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }
}
