import JianbaoContent
import JianbaoModel
import JianbaoSupport

/// Reads a 公文 in the layouts offices have it in (GB/T 9704 and what websites make of it):
///
/// - the Word form: 版头 (发文机关标志, joint ones over several lines), 发文字号 with 签发人 for 上行文,
///   title, 主送, text, 附件说明, 署名, 成文日期, 附注, 附件 and the documents a 转发 notice carries;
/// - the web form: a title over two or three lines first, the 文号 under it, the rest as above,
///   with the page's furniture (breadcrumbs, dates of publication, metadata tables) around it.
///
/// The 主送 line anchors the head (it ends in a colon and comes before the first paragraph); the
/// title is the last title before it; the first line that is only a date after it is the 成文日期.
struct OfficialReader {
    let series: Series

    /// A title with a 文种 and a 主送 or 文号 near the top: a 公文 even in a briefing series.
    func looksOfficial(_ lines: [ImportLine]) -> Bool {
        let head = Array(lines.prefix(40))
        let hasTitle = head.contains { ImportedText.genre(ofTitle: Self.titleText($0.text)) != nil && !$0.compact.contains("。") }
        let hasAnchor = head.contains { Self.isAddressee($0) || ImportedText.docNumberLine($0.text) != nil }
        return hasTitle && hasAnchor
    }

    func read(_ lines: [ImportLine]) -> ImportReading {
        var reading = ImportReading(kind: series.kind)
        var used = [Bool](repeating: false, count: lines.count)
        let metadata = PageMetadata(lines)
        // A document's head is in its first lines: searches for it stop there, whatever the length.
        let headLimit = min(lines.count, 80)
        let bodyStart = (0..<headLimit).first { Self.isBodyParagraph(lines[$0]) } ?? headLimit
        // The 主送 under a title (and its 文号) anchors the head; else the first 主送 before the text.
        let addressee = Self.findAddressee(lines, before: headLimit, underTitle: true) ?? Self.findAddressee(lines, before: bodyStart, underTitle: false)

        // Title: the last title before the 主送 (web pages repeat it above the document).
        let titleLimit = min(addressee?.lowerBound ?? bodyStart, headLimit)
        var titleRange: ClosedRange<Int>?
        if let end = (0..<titleLimit).last(where: { Self.isTitleEnd(lines[$0]) }) {
            let range = Self.titleStart(lines, end: end)
            titleRange = range.lowerBound...end
            let parts = lines[titleRange!].map { Self.titleText($0.text) }
            reading.title = ImportedText.joinLines(parts)
            if let suffix = Self.docNumberSuffix(lines[end].text) { reading.docNumber = suffix }
            if let issuerLines = range.issuer {
                reading.issuer = ImportedText.joinLines(issuerLines.map { lines[$0].text })
                reading.jointIssuers = Self.jointIssuers(issuerLines.map { lines[$0] })
                issuerLines.forEach { used[$0] = true }
            }
            titleRange!.forEach { used[$0] = true }
        } else if let title = metadata.value(for: ["标题", "名称"]), ImportedText.genre(ofTitle: title) != nil {
            reading.title = title
            reading.recognised.append("title from the page's metadata")
        }
        if let title = reading.title {
            reading.recognised.append("title `\(title)`")
            reading.genre = ImportedText.genre(ofTitle: title)
        }
        if let addressee {
            reading.addressees = ImportedText.joinLines(addressee.map { lines[$0].text }).dropLastColon
            addressee.forEach { used[$0] = true }
            reading.recognised.append("主送")
        }

        // 发文字号 and 签发人 near the title: above it (Word form) or under it (web form).
        let headStart = max(0, (titleRange?.lowerBound ?? addressee?.lowerBound ?? 0) - 4)
        let headEnd = addressee?.lowerBound ?? min(lines.count, (titleRange?.upperBound ?? -1) + 4)
        var signerLine = false
        // The 文号 nearest the title is the document's (a page may name another above it).
        let titleLine = titleRange?.lowerBound ?? addressee?.lowerBound ?? 0
        let nearestNumber = (headStart..<max(headStart, headEnd)).filter { !used[$0] && Self.isHeadMark(lines[$0]) && ImportedText.docNumberRange(in: lines[$0].text) != nil }
            .min { abs($0 - titleLine) < abs($1 - titleLine) }
        for index in headStart..<max(headStart, headEnd) where !used[index] {
            let text = lines[index].text
            if lines[index].compact.hasPrefix("签发人") {
                reading.signers += Self.signerNames(text)
                signerLine = true
                used[index] = true
            } else if let range = ImportedText.docNumberRange(in: text), Self.isHeadMark(lines[index]) {
                if index == nearestNumber { reading.docNumber = ImportedText.compact(String(Array(text)[range])) }
                // 签发人 on the 文号's line, or names after the 文号 on the line of the last name.
                let after = String(Array(text)[range.upperBound...])
                if let marker = after.firstRange(of: "签发人") {
                    reading.signers += Self.signerNames(String(after[marker.upperBound...]))
                    signerLine = true
                } else if signerLine {
                    reading.signers += Self.signerNames(after)
                }
                used[index] = true
            } else if signerLine, !Self.signerNames(text).isEmpty, Self.signerNames(text).joined().count == lines[index].compact.count {
                reading.signers += Self.signerNames(text)
                used[index] = true
            } else if Self.isHeadMark(lines[index]) {
                // 份号, 密级, 紧急程度: the line stays at the top of the file; 份号 and 紧急程度 are
                // written as fields too (a 密级 never is: jianbao refuses classified documents).
                Self.readHeadMark(lines[index], into: &reading)
                reading.recognised.append("head mark `\(lines[index].compact)` (kept at the top of the file)")
            }
        }
        // 份号 and 紧急程度 stand at the top left, above the 版头, often more than four lines above the title.
        for index in 0..<min(headStart, lines.count) where !used[index] && Self.isHeadMark(lines[index]) {
            Self.readHeadMark(lines[index], into: &reading)
        }
        if reading.docNumber == nil, let value = metadata.value(for: ["发文字号", "文号"]), let number = ImportedText.docNumber(in: value) {
            reading.docNumber = number
            reading.recognised.append("发文字号 from the page's metadata")
        }
        if let number = reading.docNumber { reading.recognised.append("发文字号 `\(number)`") }
        if !reading.signers.isEmpty { reading.recognised.append("签发人 \(reading.signers.joined(separator: "、"))") }
        if let issuer = reading.issuer { reading.recognised.append("发文机关 `\(issuer)`") }

        // 成文日期, 署名 above it, 附注 under it.
        let afterHead = max(addressee?.upperBound ?? -1, titleRange?.upperBound ?? -1, (headStart..<max(headStart, headEnd)).last(where: { used[$0] }) ?? -1)
        let dateIndex = (max(0, afterHead + 1)..<lines.count).first { !used[$0] && ImportedText.date(lines[$0].text) != nil }
        var closeStart = dateIndex ?? lines.count
        if let dateIndex {
            reading.date = ImportedText.date(lines[dateIndex].text)
            used[dateIndex] = true
            reading.recognised.append("成文日期 \(reading.date!.chinese)")
            let signature = Self.signature(lines, above: dateIndex, after: afterHead)
            if let signature {
                reading.signedBy = signature.names
                signature.lines.forEach { used[$0] = true }
                closeStart = signature.lines.lowerBound
                reading.recognised.append("署名 \(signature.names.joined(separator: "、"))")
            }
        } else if let value = metadata.value(for: ["成文日期"]), let date = Self.metadataDate(value) {
            reading.date = date
            reading.recognised.append("成文日期 \(date.chinese) from the page's metadata")
        }
        var tailStart = (dateIndex ?? lines.count - 1) + 1
        // No date: a line that repeats the 发文机关 (without 文件) is the 署名, and closes the text.
        if dateIndex == nil, let issuer = reading.issuer {
            let name = ImportedText.compact(issuer.hasSuffix("文件") ? String(issuer.dropLast(2)) : issuer)
            if let index = (max(0, afterHead + 1)..<lines.count).first(where: { !used[$0] && lines[$0].compact == name }) {
                reading.signedBy = [ImportedText.joiningCJK(lines[index].text)]
                used[index] = true
                closeStart = index
                tailStart = index + 1
                reading.recognised.append("署名 \(reading.signedBy[0]) (the 发文机关 again)")
            }
        }
        if dateIndex != nil {
            while tailStart < lines.count, lines[tailStart].compact.count <= 40, ContentRules.isCaption(lines[tailStart].compact) {
                reading.notes.append(lines[tailStart].text)
                used[tailStart] = true
                tailStart += 1
            }
        }
        if !reading.notes.isEmpty { reading.recognised.append("附注 \(reading.notes.joined(separator: " "))") }

        // Lines before the document (page furniture) and head lines nothing placed: kept, unpublished.
        let bodyFrom = afterHead + 1
        for index in 0..<min(bodyFrom, lines.count) where !used[index] && !lines[index].isTable {
            reading.unplaced.append(lines[index].text)
            used[index] = true
        }

        var body = BodyWriter(wrapWidth: BodyWriter.wrapWidth(of: lines))
        Self.writeMain(lines, from: bodyFrom, to: min(closeStart, lines.count), used: &used, reading: &reading, body: &body)
        // One 附注 is the `annotation:` field; several stay in the text, after it.
        if reading.notes.count > 1 { for note in reading.notes { body.raw(ImportedText.markdownEscaped(note)) } }
        Self.writeTail(lines, from: tailStart, used: &used, reading: &reading, body: &body)
        reading.bodyBlocks = body.blocks
        reading.joinedLines = body.joined
        reading.kind = ImportReader.modelKind(genre: reading.genre, series: series)
        if reading.genre != nil, reading.kind.label != reading.genre {
            reading.recognised.append("文种 \(reading.genre!) (written as `\(reading.kind.rawValue)`)")
        }
        Self.sayWhatIsMissing(&reading)
        return reading
    }

    // MARK: The main text and what follows the date

    static func writeMain(_ lines: [ImportLine], from start: Int, to end: Int, used: inout [Bool], reading: inout ImportReading, body: inout BodyWriter) {
        guard start < end else { return }
        var index = start
        while index < end {
            if used[index] {
                index += 1
                continue
            }
            if let list = attachmentList(lines, at: index, end: end) {
                reading.attachments += list.names
                list.lines.forEach { used[$0] = true }
                index = list.lines.upperBound + 1
                continue
            }
            body.line(lines[index])
            used[index] = true
            index += 1
        }
        if !reading.attachments.isEmpty { reading.recognised.append("附件说明 with \(reading.attachments.count) attachment\(reading.attachments.count == 1 ? "" : "s")") }
    }

    /// After the date: a 附件说明 written there, `附件1` headings and the attachments' texts, and the
    /// documents a 转发 or 印发 notice carries (each under its title as a heading).
    static func writeTail(_ lines: [ImportLine], from start: Int, used: inout [Bool], reading: inout ImportReading, body: inout BodyWriter) {
        var index = start
        var attachmentHeadings = 0
        var headed: Set<Int> = []
        while index < lines.count {
            let line = lines[index]
            if used[index] {
                index += 1
                continue
            }
            if reading.attachments.isEmpty, let list = attachmentList(lines, at: index, end: lines.count) {
                reading.attachments = list.names
                list.lines.forEach { used[$0] = true }
                index = list.lines.upperBound + 1
                reading.recognised.append("附件说明 after the 署名, with \(list.names.count) attachment\(list.names.count == 1 ? "" : "s")")
                continue
            }
            if let number = attachmentHeading(line.compact) {
                body.heading(1, number == 0 ? "附件" : "附件\(number)")
                headed.insert(number)
                attachmentHeadings += 1
                used[index] = true
                index += 1
                // Its title is printed from `attachments:` when the list names it; another title
                // (the attachment's own, fuller or shorter) stays, as the attachment's first heading.
                if index < lines.count, let title = titleBlock(lines, at: index) ?? singleLineTitle(lines, at: index) {
                    let listed = number >= 1 && number <= reading.attachments.count ? reading.attachments[number - 1]
                        : (number == 0 && reading.attachments.count == 1 ? reading.attachments[0] : nil)
                    if let listed, ImportedText.letters(listed).contains(ImportedText.letters(title.text)) {
                        title.lines.forEach { used[$0] = true }
                    } else {
                        body.heading(2, title.text)
                        title.lines.forEach { used[$0] = true }
                    }
                    index = title.lines.upperBound + 1
                }
                continue
            }
            // An attachment's title without its `附件N` line: the title is printed from `attachments:`.
            if let title = titleBlock(lines, at: index) ?? Self.singleLineTitle(lines, at: index),
               let number = reading.attachments.firstIndex(where: { ImportedText.letters($0) == ImportedText.letters(title.text) }).map({ $0 + 1 }),
               !headed.contains(number) {
                body.heading(1, "附件\(number)")
                headed.insert(number)
                attachmentHeadings += 1
                title.lines.forEach { used[$0] = true }
                index = title.lines.upperBound + 1
                reading.recognised.append("附件\(number) by its title")
                continue
            }
            if let title = titleBlock(lines, at: index), isAttachedDocumentTitle(title.text) {
                body.heading(1, title.text)
                title.lines.forEach { used[$0] = true }
                reading.recognised.append("attached document `\(title.text)`")
                index = title.lines.upperBound + 1
                continue
            }
            if let trailer = ContentRules.trailerLine(line.text), trailer.label == "抄送" || trailer.label == "抄报" {
                reading.trailerLines.append(line.text)
                used[index] = true
                index += 1
                continue
            }
            body.line(line)
            used[index] = true
            index += 1
        }
        if attachmentHeadings > 0 { reading.recognised.append("\(attachmentHeadings) 附件 heading\(attachmentHeadings == 1 ? "" : "s")") }
    }

    /// `附件：1. 名称` and the numbered lines that continue it (or `附件：名称` alone).
    static func attachmentList(_ lines: [ImportLine], at index: Int, end: Int) -> (names: [String], lines: ClosedRange<Int>)? {
        guard lines[index].compact.hasPrefix("附") else { return nil }
        let compact = ImportedText.halfWidth(lines[index].compact)
        guard compact.hasPrefix("附件:") || compact.hasPrefix("附:") else { return nil }
        var names: [String] = []
        var first = lines[index].text.drop { !ImportedText.isColon($0) }.dropFirst().trimmingSpaces
        if let item = ImportedText.numberedItem(first) { first = item.rest }
        if !first.isEmpty { names.append(first.trimmingSpaces) }
        var last = index
        var next = index + 1
        while next < end, let item = ImportedText.numberedItem(lines[next].text), !lines[next].compact.contains("。") {
            names.append(item.rest)
            last = next
            next += 1
        }
        // A lone `附：` before a table's title is no 附件说明 of the notice.
        guard !names.isEmpty, compact.hasPrefix("附件") || names.count > 1 else { return nil }
        return (names, index...last)
    }

    /// `附件`, `附件1`, `附件 2`: an attachment's heading line; its number (0 for a lone 附件).
    static func attachmentHeading(_ compact: String) -> Int? {
        guard compact.hasPrefix("附件") else { return nil }
        let rest = ImportedText.halfWidth(String(compact.dropFirst(2)))
        if rest.isEmpty { return 0 }
        return rest.count <= 2 ? Int(rest) : nil
    }

    /// A title at `index`: a line ending like a title, with the short fragments of it before it.
    static func titleBlock(_ lines: [ImportLine], at index: Int) -> (text: String, lines: ClosedRange<Int>)? {
        var end = index
        while end < lines.count, end - index < 3 {
            let compact = lines[end].compact
            guard !lines[end].isTable, compact.count <= 60, !ImportedText.endsInPunctuation(compact), ImportedText.date(compact) == nil,
                  !compact.contains(where: { "，,；;。".contains($0) }),
                  ImportedText.numberedItem(compact) == nil, ImportedText.headingLevel(compact) == nil else { return nil }
            if isAttachedDocumentTitle(compact) || ImportedText.genre(ofTitle: compact) != nil {
                return (ImportedText.joinLines(lines[index...end].map(\.text)), index...end)
            }
            end += 1
        }
        return nil
    }

    /// A short line without punctuation at `index`, as a title of one line.
    static func singleLineTitle(_ lines: [ImportLine], at index: Int) -> (text: String, lines: ClosedRange<Int>)? {
        let line = lines[index]
        guard !line.isTable, line.compact.count <= 60, !ImportedText.endsInPunctuation(line.compact) else { return nil }
        return (ImportedText.joiningCJK(line.text), index...index)
    }

    static func isAttachedDocumentTitle(_ text: String) -> Bool {
        let compact = ImportedText.compact(text)
        // A title has no clause in it: no comma, colon or semicolon.
        guard compact.count >= 4, compact.count <= 80, !ImportedText.endsInPunctuation(compact),
              !compact.contains(where: { "，,：:；;。".contains($0) }) else { return false }
        return ImportedText.attachedDocumentEnds.contains { compact.hasSuffix($0) } || ImportedText.genre(ofTitle: compact) != nil
    }

    // MARK: Head

    /// 主送: a line ending in a colon before the first paragraph, with no 。, no second colon and
    /// no label of its own (时间：, 附件：); lines that wrapped it (a PDF) before it.
    static func findAddressee(_ lines: [ImportLine], before limit: Int, underTitle: Bool) -> ClosedRange<Int>? {
        let candidates = (0..<min(lines.count, limit + 1, 80)).filter { isAddressee(lines[$0]) }
        let found = underTitle ? candidates.first { index in (max(0, index - 6)..<index).contains { isTitleEnd(lines[$0]) } } : candidates.first
        guard let index = found else { return nil }
        var start = index
        let width = BodyWriter.wrapWidth(of: lines)
        while start > 0, let width, lines[start - 1].compact.count >= width - 4, !lines[start - 1].blankBefore || start == index,
              !ImportedText.endsInPunctuation(lines[start - 1].compact), ImportedText.docNumberLine(lines[start - 1].text) == nil,
              !isTitleEnd(lines[start - 1]), index - start < 2 {
            start -= 1
        }
        return start...index
    }

    static func isAddressee(_ line: ImportLine) -> Bool {
        let compact = line.compact
        guard compact.count >= 2, compact.count <= 400, ImportedText.isColon(compact.last), !PageMetadata.isFurniture(line.text) else { return false }
        let before = compact.dropLast()
        guard !before.contains(where: { "。：:|；;".contains($0) }), !before.contains("如下"), !before.contains("以下"), !before.hasPrefix("附") else { return false }
        // A label (时间：, 报：, 联系人：) is no 主送; nor is a numbered heading.
        if before.count <= 6, !before.contains("、") {
            return before.hasPrefix("各") || before.hasSuffix("委员") || before.hasSuffix("同志") || before.hasSuffix("单位")
                || before.hasSuffix("部门") || ImportedText.isOfficeName(String(before))
        }
        if ImportedText.headingLevel(compact) != nil || ImportedText.numberedItem(compact) != nil { return false }
        return !ImportedText.endsSentence(String(before))
    }

    /// A paragraph of the text: long, and ending a sentence.
    static func isBodyParagraph(_ line: ImportLine) -> Bool {
        line.compact.count >= 30 && ImportedText.endsSentence(line.compact) && !PageMetadata.isFurniture(line.text)
    }

    /// A line that ends a title: it ends with a 文种 and has no sentence in it.
    static func isTitleEnd(_ line: ImportLine) -> Bool {
        guard !line.isTable, !PageMetadata.isFurniture(line.text) else { return false }
        let text = titleText(line.text)
        let compact = ImportedText.compact(text)
        guard compact.count >= 3, compact.count <= 120, !compact.contains("。"), !compact.contains(where: ImportedText.isColon) else { return false }
        return ImportedText.genre(ofTitle: compact) != nil
    }

    /// A title line without what pages put around it: `《…》`, a `(文号)` after it, a 文号 before it.
    static func titleText(_ text: String) -> String {
        var result = text.trimmingSpaces
        if let range = ImportedText.docNumberRange(in: result), range.lowerBound == 0 {
            result = String(Array(result)[range.upperBound...]).trimmingSpaces
        }
        if let suffix = docNumberSuffixRange(result) { result = String(result[..<suffix]).trimmingSpaces }
        if result.hasPrefix("《"), result.hasSuffix("》") {
            let inner = String(result.dropFirst().dropLast())
            if inner.filter({ $0 == "《" }).count == inner.filter({ $0 == "》" }).count { result = inner }
        }
        return result
    }

    /// A 文号 in brackets at the end of a web title: `…的通知(岳办发〔2017〕2号)`.
    static func docNumberSuffix(_ text: String) -> String? {
        guard let start = docNumberSuffixRange(text.trimmingSpaces) else { return nil }
        return ImportedText.docNumber(in: String(text.trimmingSpaces[start...]))
    }

    static func docNumberSuffixRange(_ text: String) -> String.Index? {
        guard let last = text.last, last == ")" || last == "）" else { return nil }
        guard let open = text.lastIndex(where: { $0 == "(" || $0 == "（" }) else { return nil }
        let inner = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        guard let found = ImportedText.docNumberLine(inner), found.signers.isEmpty else { return nil }
        return open
    }

    /// Where the title that ends at `end` starts, and the 发文机关 lines above it.
    ///
    /// Above the title stand, in the Word form, the 版头 (`…文件`, joint ones stacked) and the 发文字号
    /// line (with 签发人 for 上行文); an office's name right above a 关于 title is then the title's
    /// first line. Without a 版头 or 文号 above, such a name is the 发文机关 (a report headed by its
    /// office), unless the 文号 stands under the title (the web form). An office above 转发… or
    /// 印发… is always the title's.
    static func titleStart(_ lines: [ImportLine], end: Int) -> (lowerBound: Int, issuer: [Int]?) {
        var start = end
        func text(_ index: Int) -> String { ImportedText.joinLines(lines[index...end].map { titleText($0.text) }) }
        func hasBeginning(_ title: String) -> Bool {
            let compact = ImportedText.compact(title)
            return compact.contains("关于") || ["转发", "印发", "批转", "对"].contains { compact.contains($0) } && compact.count > 8
        }
        // Fragments above, up to three lines, until the title has its beginning.
        while start > 0, end - start < 3, !hasBeginning(text(start)) {
            let above = lines[start - 1]
            guard isTitleFragment(above) else { break }
            start -= 1
        }
        guard start > 0 else { return (start, nil) }
        let current = ImportedText.compact(text(start))
        let startsForwarding = ["转发", "印发", "批转"].contains { current.hasPrefix($0) }
        let above = lines[start - 1]
        if isOfficeLine(above) {
            let adjacent = !lines[start].blankBefore
            let webForm = (end + 1..<min(lines.count, end + 3)).contains { ImportedText.docNumberLine(lines[$0].text) != nil }
            let headMarksAbove = (max(0, start - 5)..<(start - 1)).contains { isHeadMark(lines[$0]) || isBanner(lines[$0]) }
            if startsForwarding || (current.hasPrefix("关于") && adjacent && (webForm || headMarksAbove)) {
                // The office is the title's first line; a 版头 above it is still the 发文机关.
                return (start - 1, bannerLines(lines, above: start - 1))
            }
            var first = start - 1
            while first > 0, !lines[first].blankBefore, isOfficeLine(lines[first - 1]) { first -= 1 }
            return (start, Array(first...(start - 1)))
        }
        return (start, bannerLines(lines, above: start))
    }

    /// The 版头 over the title: `…文件` (the offices of a joint one stacked over it, or `文件` on a
    /// line of its own), above the 文号 and 签发人 lines; nil when there is none.
    static func bannerLines(_ lines: [ImportLine], above start: Int) -> [Int]? {
        var index = start - 1
        while index >= 0, start - index <= 4, isHeadMark(lines[index]) { index -= 1 }
        guard index >= 0, isBanner(lines[index]) else { return nil }
        var first = index
        while first > 0, index - first < 6, !lines[first].blankBefore, isOfficeLine(lines[first - 1]) { first -= 1 }
        return Array(first...index)
    }

    /// The offices of a stacked 版头 that ends in 文件, one per line (a 文件 on a line of its own
    /// joins the last); empty for one office or a 版头 without 文件.
    static func jointIssuers(_ banner: [ImportLine]) -> [String] {
        var names: [String] = []
        for line in banner {
            if line.compact == "文件", !names.isEmpty { names[names.count - 1] += "文件" } else { names.append(line.compact) }
        }
        guard names.count >= 2, names.last!.hasSuffix("文件"), names.dropLast().allSatisfy({ ImportedText.isOfficeName($0) }) else { return [] }
        return names
    }

    static func isBanner(_ line: ImportLine) -> Bool {
        let compact = line.compact
        guard compact.hasSuffix("文件") else { return false }
        let name = String(compact.dropLast(2))
        return name.isEmpty || ImportedText.isOfficeName(name)
    }

    static func isOfficeLine(_ line: ImportLine) -> Bool {
        !isBanner(line) && (ImportedText.isOfficeName(line.text) || ImportedText.signatureNames(line.text) != nil)
    }

    /// A line of the head that is no title: the 发文字号 (with 签发人 names after it), 签发人, 份号
    /// (six digits), 密级, 紧急程度.
    /// 份号 (six digits, not all zero) and 紧急程度 (特急, 加急) for the front matter; the line itself
    /// stays at the top of the file.
    static func readHeadMark(_ line: ImportLine, into reading: inout ImportReading) {
        let compact = ImportedText.halfWidth(line.compact)
        if reading.copyNumber == nil, compact.count == 6, compact.allSatisfy(\.isASCIIDigitCharacter), Int(compact) ?? 0 > 0 {
            reading.copyNumber = compact
        }
        if reading.urgency == nil, ["特急", "加急"].contains(compact) { reading.urgency = compact }
    }

    static func isHeadMark(_ line: ImportLine) -> Bool {
        let compact = ImportedText.halfWidth(line.compact)
        if compact.hasPrefix("签发人") || ["特急", "加急", "急件", "平急"].contains(compact) { return true }
        if compact.count == 6, compact.allSatisfy(\.isASCIIDigitCharacter) { return true }
        if Document.isClassified(marking: compact), compact.count <= 12 { return true }
        if let range = ImportedText.docNumberRange(in: line.text) {
            let characters = Array(line.text)
            let before = characters[..<range.lowerBound]
            let after = String(characters[range.upperBound...]).trimmingSpaces
            // Nothing but brackets around it, or 签发人 and names after it: never title text.
            guard before.allSatisfy({ $0.isWhitespace || "(（".contains($0) }) else { return false }
            if after.isEmpty || after.allSatisfy({ $0.isWhitespace || ")）".contains($0) }) || after.contains("签发人") { return true }
            return signerNames(after).joined().count == ImportedText.compact(after).count
        }
        return false
    }

    /// The names a 签发人 line (or a line under it) holds: `签发人：张  三  李  四` → 张三, 李四 (a
    /// two-character name is often spaced out to three).
    static func signerNames(_ text: String) -> [String] {
        var tokens = text.split(whereSeparator: { $0.isWhitespace || ImportedText.isColon($0) || "、，,".contains($0) }).map(String.init)
        tokens.removeAll { $0 == "签发人" }
        var names: [String] = []
        var index = 0
        while index < tokens.count {
            if tokens[index].count == 1, index + 1 < tokens.count, tokens[index + 1].count == 1 {
                names.append(tokens[index] + tokens[index + 1])
                index += 2
            } else {
                names.append(tokens[index])
                index += 1
            }
        }
        return names.filter { name in name.count <= 5 && name.allSatisfy { ImportedText.isCJK($0) && $0.isLetter } }
    }

    static func isTitleFragment(_ line: ImportLine) -> Bool {
        let compact = line.compact
        return !line.isTable && compact.count >= 2 && compact.count <= 50 && !ImportedText.endsInPunctuation(compact)
            && ImportedText.docNumberLine(line.text) == nil && ImportedText.date(compact) == nil && !PageMetadata.isFurniture(line.text)
            && !compact.hasSuffix("文件") && !isTitleEnd(line)
    }

    /// The 署名 over the date: one office, offices side by side, or one per line (joint 署名), and an
    /// office's name broken over two lines.
    static func signature(_ lines: [ImportLine], above dateIndex: Int, after head: Int) -> (names: [String], lines: ClosedRange<Int>)? {
        var names: [String] = []
        var first = dateIndex
        var index = dateIndex - 1
        while index > head, dateIndex - index <= 4 {
            let text = lines[index].text
            if let found = ImportedText.signatureNames(text) {
                names = found + names
                first = index
            } else if !names.isEmpty, index == first - 1, !lines[first].blankBefore, lines[index].compact.count <= 20,
                      !ImportedText.endsInPunctuation(lines[index].compact), !["特此", "此复", "专此"].contains(where: lines[index].compact.hasPrefix),
                      ImportedText.date(text) == nil, !lines[index].compact.contains(where: \.isASCIIDigitCharacter) {
                // 湖北省巴东县官渡口镇马鬃山村 / 地质险情调查专家组: one name on two lines.
                names[0] = ImportedText.joinLines([text, names[0]])
                first = index
            } else {
                break
            }
            index -= 1
        }
        return names.isEmpty ? nil : (names, first...(dateIndex - 1))
    }

    static func metadataDate(_ value: String) -> SimpleDate? {
        if let date = ImportedText.date(value) { return date }
        let digits = value.split(whereSeparator: { !$0.isASCIIDigitCharacter })
        guard digits.count >= 3, let year = Int(digits[0]), let month = Int(digits[1]), let day = Int(digits[2]) else { return nil }
        return SimpleDate(year: year, month: month, day: day)
    }

    static func sayWhatIsMissing(_ reading: inout ImportReading) {
        if reading.title == nil { reading.unrecognised.append("title: no line ending in a 文种 (…的通知, …的批复) before the 主送") }
        if reading.addressees == nil { reading.unrecognised.append("主送: no line ending in a colon before the text") }
        if reading.docNumber == nil { reading.unrecognised.append("发文字号: no line such as 国办发〔2019〕3号") }
        if reading.signedBy.isEmpty { reading.unrecognised.append("署名 (signed_by): no office named above the date") }
        if reading.date == nil { reading.unrecognised.append("成文日期: no line that is only a date, such as 2024年1月12日 or 二〇二四年一月十二日") }
        if reading.joinedLines > 0 { reading.recognised.append("\(reading.joinedLines) sentence\(reading.joinedLines == 1 ? "" : "s") broken across lines, joined") }
        if !reading.unplaced.isEmpty {
            reading.unrecognised.append("\(reading.unplaced.count) line\(reading.unplaced.count == 1 ? "" : "s") around the document kept unpublished at the top of the file: \(reading.unplaced.prefix(3).map { "`\($0.prefix(30))`" }.joined(separator: ", "))\(reading.unplaced.count > 3 ? " …" : "")")
        }
    }
}

extension String {
    /// Without a colon at the end (主送).
    var dropLastColon: String {
        var text = self.trimmingSpaces
        while let last = text.last, ImportedText.isColon(last) { text.removeLast() }
        return text
    }
}
