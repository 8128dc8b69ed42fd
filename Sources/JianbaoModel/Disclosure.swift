/// 政府信息公开: what a government website shows about a published 公文 besides its text.
extension OfficialFields {
    /// 发文机关 as 信息公开 names it: the 署名 (`signed_by`), or else the 发文机关标志 without the 文件
    /// that GB/T 9704 adds to the organ's name (中共濮阳市委全面依法治市委员会办公室文件 → …办公室).
    public var issuingAuthority: String? {
        if let signedBy { return signedBy }
        guard let issuer else { return nil }
        let name = issuer.hasSuffix("文件") ? String(issuer.dropLast(2)) : issuer
        return name.isEmpty ? issuer : name
    }

    /// Whether any of the 信息公开 fields of the front matter is given.
    public var hasDisclosureFields: Bool {
        indexNumber != nil || topic != nil || publishedOn != nil || validity != nil
    }
}

extension Document {
    /// Whether its page shows the 政府信息公开 block: a 公文 of a series marked 信息公开, or one that
    /// gives any of the fields itself.
    public func showsDisclosure(in series: Series) -> Bool {
        guard let official else { return false }
        return series.disclosure || official.hasDisclosureFields
    }
}
