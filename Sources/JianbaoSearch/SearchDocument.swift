import JianbaoModel
import JianbaoSupport

/// One published document as the search sees it: where it is, how a result names it, and its text.
public struct SearchDocument: Sendable, Equatable {
    /// Relative to the site root, ending in index.html.
    public let url: String
    /// 第19期, or the 公文's kind (通知).
    public let label: String
    /// The 期号 (第19期) of an issue, the 文号 (濮治市办〔2020〕8号) of a 公文, or "".
    public let number: String
    public let title: String
    public let series: String
    public let dateText: String
    public let dateISO: String
    /// The text as a reader sees it, paragraphs on their own lines, without the spaces between
    /// Chinese and Latin letters or digits (`SearchKeys.joiningScripts`).
    public let text: String
}

extension SearchDocument {
    /// A published document's entry, with its text made by `searchText(of:)` (or kept from the last build).
    init(document: Document, series: Series, url: String, text: String) {
        let (label, number) = switch document.fields {
        case .briefing(let fields): (fields.numberText, fields.numberText)
        case .official(let fields): (document.kind.label, fields.docNumber ?? "")
        }
        self.init(url: url, label: label, number: number, title: document.headline, series: series.name,
                  dateText: document.date.chinese, dateISO: document.date.iso, text: text)
    }

    /// The searchable text of a document: its masthead line (with 第N期), date, every part of the body,
    /// the 版记 and the 报尾. Made from the document alone, so an incremental build can keep it.
    static func text(of document: Document) -> String {
        var lines: [String] = []
        switch document.fields {
        case .briefing(let fields):
            var masthead = [fields.name]
            if let special = fields.special, !special.isSupplement { masthead.append(special.rawValue) }
            masthead.append(fields.numberText)
            if let total = fields.total { masthead.append("总第\(total)期") }
            lines.append(masthead.joined(separator: " "))
            lines += [fields.office, document.date.chinese].compactMap { $0 }
        case .official(let fields):
            lines += [fields.issuer, fields.docNumber, fields.title, fields.addressees.map { $0 + "：" }].compactMap { $0 }
        }
        if let note = document.noteHTML { lines.append(PlainText.fromHTML(note)) }
        lines.append(PlainText.fromHTML(document.leadHTML))
        for section in document.sections {
            if let number = section.attachmentNumber {
                let names = document.official?.attachments ?? []
                let title = names.indices.contains(number - 1) ? names[number - 1] : ""
                lines.append((number == 0 ? "附件" : "附件\(number)") + " " + title)
            } else {
                lines.append(section.title)
            }
            lines.append(PlainText.fromHTML(section.html))
        }
        if let official = document.official {
            lines += [official.signedBy, document.date.chinese].compactMap { $0 }
            lines += [official.cc.map { "抄送：" + $0 }, official.printedBy].compactMap { $0 }
        }
        // the 报尾 (报、送、发, 编校): readers look for who a briefing went to, or who edited it
        lines += document.trailer.lines.map { "\($0.label)：\($0.text)" }
        if let copies = document.trailer.copies { lines.append("（共印\(copies)份）") }
        return SearchKeys.joiningScripts(PlainText.tidy(lines.filter { !$0.isEmpty }.joined(separator: "\n")))
    }
}
