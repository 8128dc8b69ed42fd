import JianbaoModel
import JianbaoSupport

/// The marks a government website carries in every page's footer, as site.yml gives them: 主办单位,
/// 联系方式, 网站标识码, ICP备案编号, 公安机关备案号 and the 党政机关网站标识 with its image and link.
/// Each is optional; what is given is checked here, and the mark's image is published at its own path.
struct SiteMarksFields {
    /// What the mark's image may be: pictures browsers show in an `<img>` and cannot run code from
    /// (an SVG can: it is refused, as in documents).
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "gif", "webp"]

    let fileSystem: any FileSystem
    /// The content folder, as the user names it.
    let root: String

    /// Reads the marks into `settings`; returns the image to publish (source path → path below the output root).
    func read(_ fields: inout YAMLFields, into settings: inout SiteSettings) -> [(source: String, destination: String)] {
        settings.sponsor = fields.string("sponsor")
        settings.contact = contact(&fields)
        settings.siteCode = fields.string("site_code")
        if let code = settings.siteCode, !(code.count == 10 && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            fields.add(.warning(at: fields.valueLocation("site_code"), "`site_code` is `\(code)`; a 网站标识码 is 10 letters and digits",
                                hint: "copy it as the register gave it, e.g. `site_code: \"0000000000\"` (in quotes, so that no digit is lost)"))
        }
        settings.icpRecord = fields.string("icp_record")
        settings.policeRecord = fields.string("police_record")
        settings.governmentMark = fields.bool("government_mark") ?? false
        settings.governmentMarkImage = fields.string("government_mark_image")
        if let link = fields.string("government_mark_link") {
            if ContentLoader.isAbsoluteWebAddress(link) {
                settings.governmentMarkLink = link
            } else {
                fields.fail(valueOf: "government_mark_link", "`government_mark_link` must be an absolute web address, not `\(link)`",
                            hint: "copy the address the 机构编制部门 gave with the mark, e.g. https://bszs.conac.cn/sitename?method=show&id=…")
            }
        }
        guard settings.governmentMark else { return [] }
        guard let image = settings.governmentMarkImage else {
            fields.add(.error(at: fields.keyLocation("government_mark") ?? SourceLocation(file: fields.file),
                              "`government_mark: true` needs `government_mark_image`, the mark's image",
                              hint: "put the image the 机构编制部门 issued in the content folder and name it, e.g. `government_mark_image: marks/dangzheng.png`"))
            return []
        }
        let checker = ContentImage(fileSystem: fileSystem, root: root, extensions: Self.imageExtensions, what: "a mark's image",
                                   example: "marks/dangzheng.png")
        guard let published = checker.checked(image, at: fields.valueLocation("government_mark_image"), &fields) else {
            settings.governmentMarkImage = nil
            return []
        }
        settings.governmentMarkImage = published
        return [(Path.join(root, published), published)]
    }

    /// `contact:` as `label: text` lines, or one piece of text.
    private func contact(_ fields: inout YAMLFields) -> [ContactLine] {
        guard let node = fields.value("contact") else { return [] }
        if case .scalar = node { return fields.string("contact").map { [ContactLine(label: nil, text: $0)] } ?? [] }
        guard case .mapping = node else {
            fields.fail(valueOf: "contact", "`contact` must be `label: text` lines indented under it (地址: …, 电话: …), or one piece of text")
            return []
        }
        return (fields.stringMap("contact") ?? []).map { ContactLine(label: $0.key.trimmingSpaces, text: $0.value) }
    }
}
