import JianbaoContent
import JianbaoModel
import JianbaoSupport

/// The binary form of a cache entry, field by field in declaration order.
///
/// Every stored property of the model is written: `DocumentCacheBytesTests` counts them, so that a
/// field added to the model without a line here (and a bump of `DocumentCache.currentVersion`) fails.
extension DocumentCache.Entry {
    public func write(to writer: inout CacheWriter) {
        writer.string(loaded.inputs)
        writer.optional(loaded.document) { $1.write(to: &$0) }
        writer.array(loaded.diagnostics) { $1.write(to: &$0) }
        writer.optionalString(searchText)
    }

    public init(from reader: inout CacheReader) throws(CacheDamage) {
        let inputs = try reader.string()
        let document = try reader.optional { reader throws(CacheDamage) in try Document(from: &reader) }
        let diagnostics = try reader.array { reader throws(CacheDamage) in try Diagnostic(from: &reader) }
        loaded = LoadedDocument(inputs: inputs, document: document, diagnostics: diagnostics)
        searchText = try reader.optionalString()
    }
}

extension Document {
    func write(to writer: inout CacheWriter) {
        source.write(to: &writer)
        writer.string(seriesSlug)
        writer.string(slug)
        writer.byte(kind.cacheCode)
        switch fields {
        case .briefing(let briefing):
            writer.byte(0)
            briefing.write(to: &writer)
        case .official(let official):
            writer.byte(1)
            official.write(to: &writer)
        }
        date.write(to: &writer)
        writer.bool(draft)
        writer.optionalString(marking)
        writer.optionalString(noteHTML)
        writer.string(leadHTML)
        writer.array(sections) { $1.write(to: &$0) }
        trailer.write(to: &writer)
        writer.array(assets) { $0.string($1) }
    }

    init(from reader: inout CacheReader) throws(CacheDamage) {
        let source = try SourceLocation(from: &reader)
        let seriesSlug = try reader.string()
        let slug = try reader.string()
        let kind = try DocumentKind(cacheCode: reader.byte())
        let fields: Fields
        switch try reader.byte() {
        case 0: fields = .briefing(try BriefingFields(from: &reader))
        case 1: fields = .official(try OfficialFields(from: &reader))
        default: throw CacheDamage()
        }
        let date = try SimpleDate(from: &reader)
        let draft = try reader.bool()
        let marking = try reader.optionalString()
        let noteHTML = try reader.optionalString()
        let leadHTML = try reader.string()
        let sections = try reader.array { reader throws(CacheDamage) in try Section(from: &reader) }
        let trailer = try Trailer(from: &reader)
        let assets = try reader.array { reader throws(CacheDamage) in try reader.string() }
        self.init(source: source, seriesSlug: seriesSlug, slug: slug, kind: kind, fields: fields, date: date, draft: draft,
                  marking: marking, noteHTML: noteHTML, leadHTML: leadHTML, sections: sections, trailer: trailer, assets: assets)
    }
}

extension DocumentKind {
    /// The kind's place in `allCases`: one byte.
    var cacheCode: UInt8 { UInt8(Self.allCases.firstIndex(of: self)!) }

    init(cacheCode: UInt8) throws(CacheDamage) {
        guard Int(cacheCode) < Self.allCases.count else { throw CacheDamage() }
        self = Self.allCases[Int(cacheCode)]
    }
}

extension SpecialIssue {
    var cacheCode: UInt8 { UInt8(Self.allCases.firstIndex(of: self)!) }

    init(cacheCode: UInt8) throws(CacheDamage) {
        guard Int(cacheCode) < Self.allCases.count else { throw CacheDamage() }
        self = Self.allCases[Int(cacheCode)]
    }
}

extension BriefingFields {
    func write(to writer: inout CacheWriter) {
        writer.int(number)
        writer.optionalInt(total)
        writer.optional(special) { $0.byte($1.cacheCode) }
        writer.string(name)
        writer.optionalString(office)
        writer.optionalString(column)
    }

    init(from reader: inout CacheReader) throws(CacheDamage) {
        let number = try reader.int()
        let total = try reader.optionalInt()
        let special = try reader.optional { reader throws(CacheDamage) in try SpecialIssue(cacheCode: reader.byte()) }
        self.init(number: number, total: total, special: special, name: try reader.string(),
                  office: try reader.optionalString(), column: try reader.optionalString())
    }
}

extension OfficialFields {
    func write(to writer: inout CacheWriter) {
        writer.optionalString(issuer)
        writer.optionalString(docNumber)
        writer.string(title)
        writer.optionalString(addressees)
        writer.array(attachments) { $0.string($1) }
        writer.optionalString(signedBy)
        writer.optionalString(cc)
        writer.optionalString(printedBy)
        writer.optional(printedOn) { $1.write(to: &$0) }
    }

    init(from reader: inout CacheReader) throws(CacheDamage) {
        let issuer = try reader.optionalString()
        let docNumber = try reader.optionalString()
        let title = try reader.string()
        let addressees = try reader.optionalString()
        let attachments = try reader.array { reader throws(CacheDamage) in try reader.string() }
        let signedBy = try reader.optionalString()
        let cc = try reader.optionalString()
        let printedBy = try reader.optionalString()
        let printedOn = try reader.optional { reader throws(CacheDamage) in try SimpleDate(from: &reader) }
        self.init(issuer: issuer, docNumber: docNumber, title: title, addressees: addressees, attachments: attachments,
                  signedBy: signedBy, cc: cc, printedBy: printedBy, printedOn: printedOn)
    }
}

extension SimpleDate {
    func write(to writer: inout CacheWriter) {
        writer.int(year)
        writer.int(month)
        writer.int(day)
    }

    init(from reader: inout CacheReader) throws(CacheDamage) {
        guard let date = SimpleDate(year: try reader.int(), month: try reader.int(), day: try reader.int()) else { throw CacheDamage() }
        self = date
    }
}

extension Section {
    func write(to writer: inout CacheWriter) {
        writer.string(title)
        writer.string(anchor)
        writer.string(html)
        writer.optionalInt(attachmentNumber)
        writer.optional(location) { $1.write(to: &$0) }
    }

    init(from reader: inout CacheReader) throws(CacheDamage) {
        self.init(title: try reader.string(), anchor: try reader.string(), html: try reader.string(),
                  attachmentNumber: try reader.optionalInt(),
                  location: try reader.optional { reader throws(CacheDamage) in try SourceLocation(from: &reader) })
    }
}

extension Trailer {
    func write(to writer: inout CacheWriter) {
        writer.array(lines) { writer, line in
            writer.string(line.label)
            writer.string(line.text)
            writer.optional(line.location) { $1.write(to: &$0) }
        }
        writer.optionalInt(copies)
    }

    /// The lines in the order they were written (already sorted when the trailer was made).
    init(from reader: inout CacheReader) throws(CacheDamage) {
        let lines = try reader.array { reader throws(CacheDamage) in
            Line(label: try reader.string(), text: try reader.string(),
                 location: try reader.optional { reader throws(CacheDamage) in try SourceLocation(from: &reader) })
        }
        self.init()
        self.lines = lines
        self.copies = try reader.optionalInt()
    }
}

extension SourceLocation {
    func write(to writer: inout CacheWriter) {
        writer.string(file)
        writer.optionalInt(line)
        writer.optionalInt(column)
    }

    init(from reader: inout CacheReader) throws(CacheDamage) {
        self.init(file: try reader.string(), line: try reader.optionalInt(), column: try reader.optionalInt())
    }
}

extension Diagnostic {
    func write(to writer: inout CacheWriter) {
        writer.bool(severity == .error)
        location.write(to: &writer)
        writer.string(message)
        writer.optionalString(hint)
    }

    init(from reader: inout CacheReader) throws(CacheDamage) {
        let severity: Severity = try reader.bool() ? .error : .warning
        self.init(severity, at: try SourceLocation(from: &reader), try reader.string(), hint: try reader.optionalString())
    }
}
