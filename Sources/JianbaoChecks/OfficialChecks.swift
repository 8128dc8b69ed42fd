import JianbaoModel
import JianbaoSupport

/// What a clerk would catch before a 公文 goes to the print room (GB/T 9704 and the 党政机关公文处理
/// 工作条例): warnings, the site still builds.
public enum OfficialChecks {
    public static func run(_ site: Site) -> [Diagnostic] {
        site.series.flatMap { $0.documents }.flatMap(warnings)
    }

    static func warnings(for document: Document) -> [Diagnostic] {
        guard let fields = document.official, document.kind != .statement else { return [] }
        var found: [Diagnostic] = []
        let fileStart = SourceLocation(file: document.source.file, line: 1, column: 1)
        // 信函格式 has a 版记 without 印发机关 (GB/T 9704 10.1).
        if fields.printedBy == nil, document.kind.format != .letter {
            found.append(.warning(at: fileStart, "this \(document.kind.label) has no 印发机关: its 版记 prints no 印发 line",
                                  hint: "add `printed_by:` (the office that prints it) and `printed_on:` to series.yml or the front matter"))
        }
        if document.kind.isUpward, fields.signers.isEmpty {
            found.append(.warning(at: fileStart, "this \(document.kind.label) is a 上行文 with no 签发人",
                                  hint: "add `signers: [姓名]`: the 签发人 line is printed beside the 发文字号 (GB/T 9704 7.2.6)"))
        }
        let recipients = names(in: fields.addressees) + names(in: fields.cc)
        if let copies = document.trailer.copies, copies < recipients {
            found.append(.warning(at: document.location(ofKey: "copies"),
                                  "共印\(copies)份 is fewer than the \(recipients) offices named in 主送 and 抄送",
                                  hint: "print at least one copy for each office it is sent to"))
        }
        return found
    }

    /// How many offices a 主送 or 抄送 list names: its items parted by ， 、 ; or ；.
    static func names(in list: String?) -> Int {
        guard let list else { return 0 }
        return list.split(whereSeparator: { "，、,;；".contains($0) }).filter { !$0.allSatisfy(\.isWhitespace) }.count
    }
}
