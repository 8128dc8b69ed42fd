import JianbaoModel
import JianbaoSupport
import JianbaoTypeset

/// A 公文's seals (印章) and a 令's signature stamp (签名章), on the pages that show them: always
/// for print (`jianbao pdf`), on the web only with `web_seals: true` in site.yml. A page value,
/// not one of the document's own (it depends on the site). Sizes and places are decided by
/// `SealLayout`, as inline styles in millimetres (the same on screen and paper).
struct SealsContext: Codable {
    /// The seal rows over the 署名 and date; empty for a 令's stamp.
    let rows: [SealRowContext]
    /// Seals: the block's space above (the seal's top within one line of the text) and below; a
    /// stamp: its line's height.
    let style: String
    /// A 令's signature stamp, the signatory's title two characters to its left (7.3.5.3).
    let stamp: SealMarkContext?

    /// nil when the page shows no seal.
    init?(_ document: Document, root: String, shown: Bool) {
        guard shown, let fields = document.official else { return nil }
        let names = fields.jointSignatures.isEmpty ? [fields.signedBy].compactMap { $0 } : fields.jointSignatures
        if let stamp = fields.signatureStamp {
            self.stamp = SealMarkContext(image: Self.url(stamp, root: root), style: "width: \(Self.mm(stamp.width)); height: \(Self.mm(stamp.height))")
            rows = []
            // the stamp's line as tall as the stamp, the title centred on it
            style = "height: \(Self.mm(stamp.height)); line-height: \(Self.mm(stamp.height))"
            return
        }
        guard !fields.seal.isEmpty, fields.seal.count == names.count else { return nil }
        let date = document.date.chinese
        let layout = SealLayout(seals: fields.seal.map { ($0.width, $0.height) }, names: names, date: date, textBelow: fields.annotation != nil)
        let last = fields.seal.count - 1
        rows = layout.rows.enumerated().map { rowIndex, indices in
            let isLastRow = rowIndex == layout.rows.count - 1
            return SealRowContext(
                columns: indices.enumerated().map { position, index in
                    let seal = fields.seal[index]
                    return SealColumnContext(
                        name: names[index],
                        seal: SealMarkContext(image: Self.url(seal, root: root), style: "width: \(Self.mm(seal.width)); height: \(Self.mm(seal.height)); "
                            + "margin-left: \(Self.mm(-seal.width / 2)); top: \(Self.mm(SealLayout.centreBelowRowTop - seal.height / 2))"),
                        columnStyle: "width: \(Self.mm(layout.columnWidth))" + (position > 0 ? "; margin-left: \(Self.mm(layout.columnGap))" : ""),
                        nameStyle: Self.nameStyle(names[index], layout: layout, atRight: position == indices.count - 1),
                        isLast: index == last)
                },
                style: isLastRow ? "" : "padding-bottom: \(Self.mm(Double(layout.rowsPerSealRow - 1) * SealLayout.row))")
        }
        style = "margin-top: \(Self.mm(Double(layout.rowsAbove) * SealLayout.row)); padding-bottom: \(Self.mm(Double(layout.rowsBelow) * SealLayout.row))"
        stamp = nil
    }

    /// A 署名 wider than its column overflows it on both sides, still centred on it, but never past
    /// the 版心's right edge (Chromium shrinks a whole page whose content overflows it): a 署名 too
    /// long to be centred over the date ends at that edge instead.
    static func nameStyle(_ name: String, layout: SealLayout, atRight: Bool) -> String {
        let overflow = max(0, SealLayout.width(of: name) - layout.columnWidth) / 2 + 2
        if atRight && overflow > SealLayout.dateRightInset {
            return "margin-left: \(mm(SealLayout.dateRightInset - 2 * overflow)); margin-right: \(mm(-SealLayout.dateRightInset)); text-align: right"
        }
        return "margin-left: \(mm(-overflow)); margin-right: \(mm(-overflow))"
    }

    static func url(_ image: SealImage, root: String) -> String {
        root + image.file.split(separator: "/").map { SiteRenderer.address(String($0)) }.joined(separator: "/")
    }

    /// A length for an inline style, to a hundredth of a millimetre.
    static func mm(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let whole = abs(hundredths) / 100, fraction = abs(hundredths) % 100
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)mm"
    }
}

struct SealRowContext: Codable {
    let columns: [SealColumnContext]
    let style: String
}

/// One 署名 with its seal; the last carries the date under it. `nameStyle`: the 署名's margins (see
/// `SealsContext.nameStyle`).
struct SealColumnContext: Codable {
    let name: String, seal: SealMarkContext, columnStyle: String, nameStyle: String, isLast: Bool
}

/// A seal's or stamp's image: its address and its inline size (and place) in mm.
struct SealMarkContext: Codable {
    let image: String
    let style: String
}
