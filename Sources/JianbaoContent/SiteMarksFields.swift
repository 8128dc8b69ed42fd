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
        guard let published = checkedImage(image, at: fields.valueLocation("government_mark_image"), &fields) else {
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

    /// The image's path below the content folder, when it is an image file inside it (not through a
    /// link out of it) and not too large; else nil, with the error.
    private func checkedImage(_ path: String, at location: SourceLocation, _ fields: inout YAMLFields) -> String? {
        guard !path.hasPrefix("/"), let relative = Path.normalizedRelative(path), !relative.isEmpty else {
            fields.add(.error(at: location, "`\(path)` points outside the content folder",
                              hint: "put the image in \(root) and give its path from there, e.g. marks/dangzheng.png"))
            return nil
        }
        if Path.fileExtension(relative).lowercased() == "svg" {
            fields.add(.error(at: location, "`\(path)` is an SVG file: jianbao does not publish SVG, which can carry scripts that would run on the archive's site",
                              hint: "convert it to PNG (e.g. `rsvg-convert -o \(Path.stem(relative)).png \(Path.lastComponent(relative))`) and name that"))
            return nil
        }
        guard Self.imageExtensions.contains(Path.fileExtension(relative).lowercased()) else {
            fields.add(.error(at: location, "`\(path)` is not an image (\(Self.imageExtensions.sorted().joined(separator: ", ")))",
                              hint: "name the mark's image file"))
            return nil
        }
        let file = Path.join(root, relative)
        guard fileSystem.kind(of: file) == .file else {
            fields.add(.error(at: location, "`\(path)` does not exist", hint: "put the image at \(file) or correct the path"))
            return nil
        }
        if let contentRoot = fileSystem.resolvedPath(root), let resolved = fileSystem.resolvedPath(file), !resolved.hasPrefix(contentRoot + "/") {
            fields.add(.error(at: location, "`\(path)` is a symbolic link to \(resolved), outside the content folder",
                              hint: "copy the image into \(root); jianbao publishes only files from inside it"))
            return nil
        }
        if let size = fileSystem.size(of: file), size > ContentLimits.maxAssetBytes {
            fields.add(.error(at: location, "`\(path)` is \(ContentLimits.describe(bytes: size)), too large for a mark's image",
                              hint: "a mark's image is a few KB"))
            return nil
        }
        return relative
    }
}
