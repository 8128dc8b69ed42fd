import JianbaoModel
import JianbaoSupport

/// Loads one Markdown file: front matter, body, trailer, with the series' defaults applied.
struct DocumentLoader {
    let fileSystem: any FileSystem
    let root: String
    let seriesSlug: String
    let path: String
    let defaults: SeriesDefaults

    /// Extensions of linked files that are published beside the page (images are always published).
    static let assetExtensions: Set<String> = ["jpg", "jpeg", "png", "gif", "webp", "pdf", "doc", "docx", "xls", "xlsx", "wps", "ofd", "zip", "txt"]
    /// What an image (`![…](…)`) may be: pictures a browser shows and cannot run code from. SVG is
    /// refused (see `checkedAssets`).
    static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "gif", "webp", "avif", "bmp"]

    struct Loaded: Sendable {
        var document: Document?
        var diagnostics: [Diagnostic]
    }

    func load() -> Loaded {
        var diagnostics: [Diagnostic] = []
        let loader = ContentLoader(fileSystem: fileSystem, root: root)
        guard let text = loader.readText(path, &diagnostics, missingHint: "") else {
            return Loaded(document: nil, diagnostics: diagnostics)
        }
        let example = defaults.kind.isBriefing ? "---\nnumber: 19\ndate: 2024-01-12\n---" : "---\ntitle: 关于……的通知\ndate: 2023-06-30\n---"
        if text.allSatisfy(\.isWhitespace) {
            return Loaded(document: nil, diagnostics: [.error(at: SourceLocation(file: path, line: 1), "the file is empty",
                                                              hint: "start it with front matter, e.g.\n\(example)")])
        }
        let split = FrontMatterSplit(text)
        guard let yaml = split.yaml else {
            return Loaded(document: nil, diagnostics: [.error(
                at: SourceLocation(file: path, line: 1), "the file has no front matter",
                hint: "start the file with a `---` line, the fields, and another `---` line, e.g.\n\(example)")])
        }
        if split.unclosed {
            return Loaded(document: nil, diagnostics: [.error(
                at: SourceLocation(file: path, line: 1), "the front matter is not closed: no second `---` line",
                hint: "end the fields with a line holding only `---`, before the text")])
        }
        var fields = YAMLFields(yaml: yaml, file: path, firstLine: split.yamlFirstLine)
        guard fields.wasReadable else { return Loaded(document: nil, diagnostics: fields.diagnostics) }
        let document = build(from: &fields, split: split)
        return Loaded(document: document, diagnostics: fields.diagnostics)
    }

    private func build(from fields: inout YAMLFields, split: FrontMatterSplit) -> Document? {
        let fileStart = SourceLocation(file: path, line: 1)
        var kind = defaults.kind
        if let text = fields.string("kind") {
            if let parsed = DocumentKind(name: text) {
                kind = parsed
            } else {
                fields.add(.error(at: fields.keyLocation("kind") ?? fileStart, "unknown kind `\(text)`",
                                  hint: "kind is one of \(DocumentKind.accepted)"))
                return nil
            }
        }
        fields.warnAboutUnknownKeys(known: KnownKeys.frontMatter(of: kind), what: "the front matter")

        let date = fields.date("date")
        if !fields.has("date") {
            fields.add(.error(at: fileStart, "the front matter has no `date`",
                              hint: "add `date: YYYY-MM-DD`, e.g. `date: 2024-01-12` (printed as 2024年1月12日)"))
        }
        let draft = fields.bool("draft") ?? false
        var marking = defaults.marking
        if fields.has("marking") {
            marking = fields.string("marking")
            SeriesDefaults.checkMarking(marking, at: fields.keyLocation("marking"), in: &fields)
        }
        let trailer = defaults.trailer.overridden(by: SeriesDefaults.trailer(from: &fields))

        var body = MarkdownBody(file: path, firstLine: split.bodyFirstLine, kind: kind)
        let parsed = body.parse(split.body)
        for diagnostic in parsed.diagnostics { fields.add(diagnostic) }
        let assets = checkedAssets(parsed.assets, &fields)

        let documentFields: Document.Fields
        if kind.isBriefing {
            guard let briefing = briefingFields(&fields) else { return nil }
            documentFields = .briefing(briefing)
        } else {
            guard let official = officialFields(&fields, sections: parsed.sections, kind: kind) else { return nil }
            documentFields = .official(official)
        }
        guard let date, !fields.diagnostics.hasErrors else { return nil }
        return Document(
            source: SourceLocation(file: path), seriesSlug: seriesSlug, slug: Path.stem(path), kind: kind,
            fields: documentFields, date: date, draft: draft, marking: marking, noteHTML: parsed.noteHTML,
            leadHTML: parsed.leadHTML, sections: parsed.sections, trailer: trailer.overridden(by: parsed.trailer),
            assets: assets, keyLocations: fields.pairs.map { KeyLocation(key: $0.key, location: $0.keyLocation) })
    }

    private func briefingFields(_ fields: inout YAMLFields) -> BriefingFields? {
        let number = fields.int("number", minimum: 1, example: "19")
        if !fields.has("number") {
            fields.add(.error(at: SourceLocation(file: path, line: 1), "the front matter has no `number`",
                              hint: "add `number: 19` for 第19期"))
        }
        let total = fields.int("total", minimum: 1, example: "57")
        var special: SpecialIssue?
        if let text = fields.string("special") {
            special = SpecialIssue(rawValue: text)
            if special == nil {
                fields.add(.error(at: fields.keyLocation("special") ?? SourceLocation(file: path), "unknown special issue `\(text)`",
                                  hint: "special is one of 专刊, 增刊, 特刊"))
            }
        }
        guard let number else { return nil }
        return BriefingFields(number: number, total: total, special: special, name: fields.string("name") ?? defaults.name,
                              office: fields.string("office") ?? defaults.office, column: fields.string("column"))
    }

    private func officialFields(_ fields: inout YAMLFields, sections: [Section], kind: DocumentKind) -> OfficialFields? {
        let title = fields.string("title")
        if title == nil && !fields.has("title") {
            fields.add(.error(at: SourceLocation(file: path, line: 1), "the front matter has no `title`",
                              hint: "add `title: 关于……的通知`, the document's title"))
        }
        let attachments = fields.stringList("attachments") ?? []
        for section in sections {
            guard let number = section.attachmentNumber else { continue }
            let needed = max(number, 1)
            if attachments.count < needed {
                fields.add(.error(at: section.location ?? SourceLocation(file: path),
                                  "`# \(section.title)` has no matching entry in `attachments` (it lists \(attachments.count))",
                                  hint: "name every attachment in the front matter, in order: `attachments: [名称一, 名称二]`"))
            }
        }
        let printedOn = fields.date("printed_on")
        let publishedOn = fields.date("published_on")
        // `issuer: [A, B]`: joint issuers (联合行文); a 文件 written after the last name is the
        // suffix print sets beside them all.
        let issuers = (fields.stringList("issuer") ?? []).filter { !$0.isEmpty }
        var joint = issuers.count >= 2 ? issuers : []
        if let last = joint.last, last.hasSuffix("文件"), last.count > 2 { joint[joint.count - 1] = String(last.dropLast(2)) }
        // `signed_by: [A, B]`: one 署名 per issuer (联合行文).
        let signatures = (fields.stringList("signed_by") ?? []).filter { !$0.isEmpty }
        let jointSignatures = signatures.count >= 2 ? signatures : []
        let signedBy = jointSignatures.isEmpty ? signatures.first ?? defaults.signedBy : jointSignatures.joined(separator: "、")
        let seals = SealFields(fileSystem: fileSystem, root: root)
            .read(&fields, signatures: jointSignatures.isEmpty ? (signedBy == nil ? 0 : 1) : jointSignatures.count, format: kind.format,
                  defaults: defaults)
        guard let title else { return nil }
        return OfficialFields(
            issuer: joint.isEmpty ? issuers.first ?? defaults.issuer : joint.joined(separator: "、"), docNumber: fields.string("doc_number"), title: title,
            addressees: fields.string("addressees").map { $0.trimmingCharacters(in: ["：", ":"]) }, attachments: attachments,
            signedBy: signedBy, cc: fields.string("cc") ?? defaults.cc,
            printedBy: fields.string("printed_by") ?? defaults.printedBy, printedOn: printedOn, jointIssuers: joint,
            copyNumber: copyNumber(&fields), urgency: urgency(&fields), signers: (fields.stringList("signers") ?? []).filter { !$0.isEmpty },
            jointSignatures: jointSignatures,
            annotation: fields.string("annotation").map { $0.trimmingCharacters(in: ["（", "）", "(", ")"]) },
            signatoryTitle: fields.string("signatory_title"), attendees: fields.string("attendees"),
            onLeave: fields.string("on_leave"), observers: fields.string("observers"),
            seal: seals.seal, signatureStamp: seals.signatureStamp, sealSize: seals.sealSize,
            indexNumber: fields.string("index_number"), topic: fields.string("topic"), publishedOn: publishedOn,
            validity: fields.string("validity"))
    }

    /// 份号: one to six digits, printed as six (GB/T 9704 7.2.1).
    private func copyNumber(_ fields: inout YAMLFields) -> String? {
        guard let text = fields.string("copy_number") else { return nil }
        guard (1...6).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }), Int(text) ?? 0 > 0 else {
            fields.fail(valueOf: "copy_number", "`copy_number: \(text)` is not a 份号",
                        hint: "write the copy's number, one to six digits, e.g. `copy_number: 1` (printed 000001)")
            return nil
        }
        return Int(text).map(CopyNumber.printed)
    }

    /// 紧急程度: 特急 or 加急 (GB/T 9704 7.2.3).
    private func urgency(_ fields: inout YAMLFields) -> String? {
        guard let text = fields.string("urgency") else { return nil }
        guard ["特急", "加急"].contains(text) else {
            fields.fail(valueOf: "urgency", "unknown urgency `\(text)`", hint: "urgency is 特急 or 加急")
            return nil
        }
        return text
    }

    /// Keeps the local files the body refers to, checking that each exists inside the document's folder,
    /// is a regular file (not a pipe or a device), is not a link to a file outside the content folder
    /// (its bytes are published as they are), is a kind of file that cannot run code on the site (no
    /// SVG, no HTML as an image), and is not too large.
    private func checkedAssets(_ references: [AssetReference], _ fields: inout YAMLFields) -> [String] {
        var result: [String] = []
        var published: Set<String> = []
        var problems = DiagnosticList(file: path)
        let folder = Path.parent(path)
        let contentRoot = fileSystem.resolvedPath(root)
        for reference in references {
            let fileExtension = Path.fileExtension(reference.path)
            guard reference.isImage || Self.assetExtensions.contains(fileExtension) || fileExtension == "svg" else { continue }
            guard let normalized = Path.normalizedRelative(reference.path), !normalized.isEmpty else {
                problems.append(.error(at: reference.location, "`\(reference.path)` points outside the document's folder",
                                       hint: "put the file in the same folder as the Markdown file (or below it) and use a relative path"))
                continue
            }
            if fileExtension == "svg" {
                problems.append(.error(at: reference.location, "`\(reference.path)` is an SVG file: jianbao does not publish SVG, which can carry scripts that would run on the archive's site",
                                       hint: "convert it to PNG (e.g. `rsvg-convert -o \(Path.stem(reference.path)).png \(Path.lastComponent(reference.path))`) and use that"))
                continue
            }
            if reference.isImage && !Self.imageExtensions.contains(fileExtension) {
                problems.append(.error(at: reference.location, "`\(reference.path)` is not a picture jianbao publishes: an image must be a \(Self.imageExtensions.sorted().joined(separator: ", ")) file",
                                       hint: "save the picture as JPEG or PNG; link other files with `[name](file)`, not `![…](…)`"))
                continue
            }
            if let problem = ContentNames.pathProblem(normalized) {
                problems.append(.error(at: reference.location, "`\(reference.path)`: \(problem)", hint: "rename the file"))
                continue
            }
            let file = Path.join(folder, normalized)
            let kind = fileSystem.kind(of: file)
            if kind == .file || kind == .special, let contentRoot, let resolved = fileSystem.resolvedPath(file),
               !resolved.hasPrefix(contentRoot + "/") {
                problems.append(.error(at: reference.location, "`\(reference.path)` is a symbolic link to \(resolved), outside the content folder",
                                       hint: "copy the file into \(folder); jianbao publishes only files from inside \(root)"))
                continue
            }
            switch kind {
            case .file:
                if let size = fileSystem.size(of: file), size > ContentLimits.maxAssetBytes {
                    problems.append(.error(at: reference.location, "`\(reference.path)` is \(ContentLimits.describe(bytes: size)); a file published beside a page may be at most \(ContentLimits.describe(bytes: ContentLimits.maxAssetBytes))",
                                           hint: "make it smaller (scan at a lower resolution, compress the PDF), or publish it elsewhere and link to it"))
                } else if published.insert(normalized).inserted {
                    result.append(normalized)
                }
            case .special:
                problems.append(.error(at: reference.location, "`\(reference.path)` is not a regular file (a named pipe, socket or device): jianbao reads only regular files",
                                       hint: "put the file itself at \(file)"))
            case .directory:
                problems.append(.error(at: reference.location, "`\(reference.path)` is a folder, not a file",
                                       hint: "name the file inside it, e.g. `\(normalized)/1.jpg`"))
            case .brokenLink:
                problems.append(.error(at: reference.location, "`\(reference.path)` is a broken symbolic link (it leads nowhere, or to itself)",
                                       hint: "replace the link by the file itself"))
            case nil:
                problems.append(.error(at: reference.location, "`\(reference.path)` does not exist",
                                       hint: "put the file at \(file) or correct the path"))
            }
        }
        for problem in problems.finished() { fields.add(problem) }
        return result
    }
}
