import JianbaoModel
import JianbaoSupport

/// `seal:`, `signature_stamp:` and `seal_size:` of a 公文: the seal images, one per 署名 in the order
/// of `signed_by` (GB/T 9704 7.3.5.1-7.3.5.2), and a 令's signature stamp (7.3.5.3). Each is a PNG
/// below the content folder; its printed size comes from the PNG (pHYs), else `seal_size` (mm),
/// else 42 mm wide.
struct SealFields {
    let fileSystem: any FileSystem
    /// The content folder, as the user names it.
    let root: String

    /// A seal or stamp narrower or wider than this is a typing mistake (a seal is 38-45 mm).
    static let sizes = 10.0...80.0

    struct Read {
        var seal: [SealImage] = []
        var signatureStamp: SealImage?
        var sealSize: Double?
    }

    /// Reads the three keys of a 公文's front matter; `signatures` is how many 署名 the document has
    /// (0 when none). Without `seal:` of its own, the document takes its series' (series.yml).
    func read(_ fields: inout YAMLFields, signatures: Int, format: OfficialFormat, defaults: SeriesDefaults) -> Read {
        var read = Read()
        read.sealSize = size(&fields) ?? defaults.sealSize
        let width = read.sealSize ?? SealImage.defaultWidth
        if let paths = fields.stringList("seal"), !paths.isEmpty {
            if signatures == 0 {
                fields.fail(valueOf: "seal", "`seal` without a 署名: GB/T 9704 allows no blank seal (空白印章)",
                            hint: "name the issuer the seal belongs to with `signed_by: …`, or remove `seal`")
            } else if paths.count != signatures {
                fields.fail(valueOf: "seal", "`seal` names \(paths.count) seal\(paths.count == 1 ? "" : "s") for \(signatures) 署名",
                            hint: "give one seal per issuer, in the order of `signed_by`, e.g. `seal: [seals/a.png, seals/b.png]`")
            } else {
                read.seal = paths.compactMap { image($0, key: "seal", width: width, &fields) }
            }
        } else if !defaults.seal.isEmpty {
            let at = fields.keyLocation("signed_by") ?? SourceLocation(file: fields.file, line: 1)
            if signatures == 0 {
                fields.add(.error(at: at, "series.yml gives a `seal` but this file has no 署名: GB/T 9704 allows no blank seal (空白印章)",
                                  hint: "name the issuer with `signed_by: …`"))
            } else if defaults.seal.count != signatures {
                fields.add(.error(at: at, "series.yml's `seal` names \(defaults.seal.count) seal\(defaults.seal.count == 1 ? "" : "s") for this file's \(signatures) 署名",
                                  hint: "give the file its own `seal:`, one per 署名 in the order of `signed_by`"))
            } else {
                read.seal = defaults.seal
            }
        }
        if let path = fields.string("signature_stamp") {
            if format != .order {
                fields.fail(valueOf: "signature_stamp", "`signature_stamp` is for a 命令（令）: other 公文 carry the issuer's seal",
                            hint: "use `seal: …` for the issuer's seal, or `kind: 令` for an order")
            } else {
                read.signatureStamp = image(path, key: "signature_stamp", width: width, &fields)
            }
        }
        return read
    }

    /// series.yml's `seal:` and `seal_size:`, defaults for its 公文 (their count is checked per file).
    func readDefaults(_ fields: inout YAMLFields) -> (seal: [SealImage], size: Double?) {
        let size = size(&fields)
        let paths = fields.stringList("seal") ?? []
        return (paths.compactMap { image($0, key: "seal", width: size ?? SealImage.defaultWidth, &fields) }, size)
    }

    private var checker: ContentImage {
        ContentImage(fileSystem: fileSystem, root: root, extensions: ["png"], what: "a seal", example: "seals/zhengfu.png")
    }

    private func image(_ path: String, key: String, width: Double, _ fields: inout YAMLFields) -> SealImage? {
        let location = fields.valueLocation(key)
        guard let relative = checker.checked(path, at: location, &fields) else { return nil }
        let bytes = (try? fileSystem.read(Path.join(root, relative), atMost: ContentLimits.maxAssetBytes)) ?? []
        guard let header = PNGHeader(bytes) else {
            fields.add(.error(at: location, "`\(path)` is not a PNG file: its bytes do not start as a PNG's do",
                              hint: "save the seal as PNG (red on a transparent background)"))
            return nil
        }
        let size = header.millimetres(defaultWidth: width)
        guard Self.sizes.contains(size.width), Self.sizes.contains(size.height) else {
            fields.add(.error(at: location, "`\(path)` would print \(Self.millimetres(size.width)) × \(Self.millimetres(size.height)) mm",
                              hint: "a seal is about 42 mm across: set the PNG's resolution (pHYs) to its real size, or give `seal_size: 42`"))
            return nil
        }
        return SealImage(file: relative, width: size.width, height: size.height)
    }

    /// `seal_size: 42` (or `42mm`): the printed width in millimetres.
    private func size(_ fields: inout YAMLFields) -> Double? {
        guard let text = fields.string("seal_size") else { return nil }
        let digits = text.hasSuffix("mm") ? String(text.dropLast(2)).trimmingSpaces : text
        guard let value = Double(digits), Self.sizes.contains(value) else {
            fields.fail(valueOf: "seal_size", "`seal_size: \(text)` is not a seal's width in millimetres (\(Int(Self.sizes.lowerBound)) to \(Int(Self.sizes.upperBound)))",
                        hint: "write the width in mm, e.g. `seal_size: 42`")
            return nil
        }
        return value
    }

    static func millimetres(_ value: Double) -> String { "\((value * 10).rounded() / 10)" }
}
