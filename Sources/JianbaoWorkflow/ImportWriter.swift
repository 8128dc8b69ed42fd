import JianbaoModel
import JianbaoSupport

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
            if reading.jointIssuers.isEmpty {
                add("issuer", reading.issuer)
            } else {
                // 联合行文: the model stacks the offices and sets 文件 beside them all.
                front.append("issuer: [" + reading.jointIssuers.map(Self.yamlScalar).joined(separator: ", ") + "]")
            }
            add("copy_number", reading.copyNumber)
            add("urgency", reading.urgency)
            add("doc_number", reading.docNumber)
            if !reading.signers.isEmpty { front.append("signers: [" + reading.signers.map(Self.yamlScalar).joined(separator: ", ") + "]") }
            add("title", reading.title ?? "（标题）")
            add("addressees", reading.addressees)
            if !reading.attachments.isEmpty {
                front.append("attachments:")
                front += reading.attachments.map { "  - \(Self.yamlScalar($0))" }
            }
            // A joint 署名: one entry per office.
            if reading.signedBy.count >= 2 {
                front.append("signed_by: [" + reading.signedBy.map(Self.yamlScalar).joined(separator: ", ") + "]")
            } else {
                add("signed_by", reading.signedBy.first)
            }
            front.append("date: \(reading.date!.iso)")
            if reading.notes.count == 1 { add("annotation", reading.notes[0]) }
        }
        var blocks: [String] = []
        if !reading.unplaced.isEmpty {
            // Never dropped: kept in the file, where the office can see them; a comment is not published.
            let lines = reading.unplaced.map { $0.replacingEvery("-->", with: "- ->") }
            blocks.append("<!-- jianbao import: lines around the document it could not place; kept here, not published:\n"
                          + lines.joined(separator: "\n") + "\n-->")
        }
        blocks += reading.bodyBlocks
        var body = blocks.joined(separator: "\n\n")
        if !reading.trailerLines.isEmpty { body += "\n\n" + reading.trailerLines.joined(separator: "\n") }
        return "---\n" + front.joined(separator: "\n") + "\n---\n\n" + body + "\n"
    }

    /// A YAML value: plain when that reads back as the same text, quoted otherwise.
    static func yamlScalar(_ value: String) -> String {
        let special = "-?:,[]{}#&*!|>'\"%@`"
        let needsQuotes = value.first.map { special.contains($0) || $0 == " " } ?? true
            || value.contains(": ") || value.contains(" #") || value.hasSuffix(":") || value.last == " "
            || ["true", "false", "yes", "no", "null", "~", "on", "off"].contains(value.lowercased())
            || Double(value) != nil || value.contains(where: { $0.isNewline })
        guard needsQuotes else { return value }
        return "\"" + value.replacingEvery("\\", with: "\\\\").replacingEvery("\"", with: "\\\"").replacingEvery("\n", with: " ") + "\""
    }
}
