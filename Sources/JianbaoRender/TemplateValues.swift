import JianbaoModel
import JianbaoSupport
import Mustache

// What a template receives is made from `Encodable` values: every stored property is a name the
// templates can use, under its own name, with nothing else to keep in step with it. The same pass
// that makes the values gives their digest, so a page is rendered again exactly when what it is
// made from changed (see `TemplateValues.digest`), and `TemplateNames` reads the names the template
// check accepts from the same declarations.

/// A page's values as swift-mustache reads them, and their digest.
public struct TemplateValues: @unchecked Sendable {
    /// A `TemplateObject`, an array, a text, a number or a Bool.
    let root: Any
    /// Changes whenever any value a template could show changes.
    public let digest: UInt64

    /// The values of `value`, for rendering, with their digest.
    static func make<Value: Encodable>(_ value: Value) -> TemplateValues {
        let state = TemplateEncoding(buildsValues: true)
        let encoder = TemplateValueEncoder(state: state)
        encoder.encodeValue(value)
        return TemplateValues(root: encoder.result ?? TemplateObject(), digest: state.digest.value)
    }

    /// The digest alone, without making the values.
    static func digest<Value: Encodable>(of value: Value) -> UInt64 {
        let state = TemplateEncoding(buildsValues: false)
        TemplateValueEncoder(state: state).encodeValue(value)
        return state.digest.value
    }
}

/// A document's body as HTML (sanitised), which templates print with `{{{…}}}`. It is left out of the
/// digest: the body changes only with the document's file, and a changed file is read again and its
/// page made anew whatever the digest says; so the digest of a page made from a document without its
/// body (a stub from the last build) is the digest of the page made from the whole document.
struct BodyHTML: Codable {
    let html: String

    init(_ html: String) {
        self.html = html
    }

    init(from decoder: any Decoder) throws {
        html = try decoder.singleValueContainer().decode(String.self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(html)
    }
}

/// A value made once and given as it is to every page that shows it (the site's fields, the
/// navigation): templates see the value it wraps, and its digest is part of each page's.
struct Shared<Wrapped: Codable>: Codable, @unchecked Sendable {
    /// nil for a value known by its digest alone (`init(digest:)`).
    let wrapped: Wrapped?
    let made: TemplateValues

    init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
        made = TemplateValues.make(wrapped)
    }

    /// A value whose digest is known from before, for a digest only: it cannot be rendered.
    init(digest: UInt64) {
        wrapped = nil
        made = TemplateValues(root: TemplateObject(), digest: digest)
    }

    func encode(to encoder: any Encoder) throws {
        guard let encoder = encoder as? TemplateValueEncoder else { return try wrapped.encode(to: encoder) }
        precondition(wrapped != nil || !encoder.state.buildsValues, "a value known by its digest alone cannot be rendered")
        encoder.insert(made)
    }

    init(from decoder: any Decoder) throws {
        self.init(try Wrapped(from: decoder))
    }
}

/// A type that templates see as another value: a date as its texts. `TemplateValueEncoder` knows
/// each such type by name (a conformance check on every value cost more than the encoding), so a new
/// one is added there too; `TemplateNames` finds them by the protocol.
protocol TemplateRepresentable {
    associatedtype Representation: Codable
    var templateRepresentation: Representation { get }
}

/// Two values seen by templates as one: the names of both, `extra`'s winning where both have one.
/// A document's page shows its front-matter fields (`base`) beside the values made from them.
/// `extra` is given first: its names are looked up first, and the most often.
struct Merged<Base: Codable, Extra: Codable>: Codable {
    let base: Base
    let extra: Extra

    init(_ base: Base, _ extra: Extra) {
        self.base = base
        self.extra = extra
    }

    func encode(to encoder: any Encoder) throws {
        try extra.encode(to: encoder)
        try base.encode(to: encoder)
    }

    init(from decoder: any Decoder) throws {
        base = try Base(from: decoder)
        extra = try Extra(from: decoder)
    }
}

/// The fields of a struct as a template sees them, in declaration order. Looked up by name with
/// a short linear search: a page's objects have a few dozen names at most.
final class TemplateObject: MustacheParent, @unchecked Sendable {
    // Names and values apart: a lookup compares names without copying values, and no tuple of a
    // text and an existential goes through the runtime's generic copies.
    @exclusivity(unchecked) private(set) var names: [String] = []
    @exclusivity(unchecked) private(set) var values: [Any] = []
    /// A bit for each name's length and first byte (`bit(of:)`): most names looked up here are not
    /// here (swift-mustache asks every object on the context stack in turn), and most of those are
    /// turned away by this mask without comparing a name.
    @exclusivity(unchecked) private var mask: UInt64 = 0

    init() {
        // Most have fewer fields: no new allocation each time the arrays grow.
        names.reserveCapacity(12)
        values.reserveCapacity(12)
    }

    private static func bit(of name: String) -> UInt64 {
        let utf8 = name.utf8
        return 1 << ((UInt64(truncatingIfNeeded: utf8.count) &* 7 &+ UInt64(utf8.first ?? 0)) & 63)
    }

    private func index(of name: String) -> Int? {
        guard mask & Self.bit(of: name) != 0 else { return nil }
        var index = 0
        while index < names.count {
            if names[index] == name { return index }
            index += 1
        }
        return nil
    }

    func child(named name: String) -> Any? {
        guard let index = index(of: name) else { return nil }
        return values[index]
    }

    func append(_ name: String, _ value: Any) {
        names.append(name)
        values.append(value)
        mask |= Self.bit(of: name)
    }

    /// Adds `name` unless it is there already (a merged value's second part, whose first part wins).
    func addIfAbsent(_ name: String, _ value: Any) {
        if index(of: name) == nil { append(name, value) }
    }
}

/// What all the encoders of one value share: the digest, and whether values are made at all.
final class TemplateEncoding {
    let buildsValues: Bool
    /// Checked for exclusive access by no one: one value is encoded on one thread, and the checks
    /// cost more than the hashing.
    @exclusivity(unchecked) var digest = Digest()

    init(buildsValues: Bool) {
        self.buildsValues = buildsValues
    }
}

private enum Tag: UInt8 {
    case text = 1, number, bool, objectStart, objectEnd, listStart, listEnd, double, made
}

/// Turns one value into a `TemplateObject`, an array or a plain value, feeding the digest as it goes.
final class TemplateValueEncoder: Encoder {
    let state: TemplateEncoding
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// What the value became.
    @exclusivity(unchecked) var result: Any?
    @exclusivity(unchecked) private var object: TemplateObject?
    @exclusivity(unchecked) private var openedObjects = 0
    @exclusivity(unchecked) private var list: TemplateList?

    init(state: TemplateEncoding) {
        self.state = state
    }

    /// Encodes `value`, through its template representation when it has one. Plain values are told
    /// by their static type, not by casting the value (casts cost more than the rest).
    func encodeValue<Value: Encodable>(_ value: Value) {
        if Value.self == String.self { return plain(unsafeBitCast(value, to: String.self)) }
        if Value.self == Int.self { return plain(unsafeBitCast(value, to: Int.self)) }
        if Value.self == Bool.self { return plain(unsafeBitCast(value, to: Bool.self)) }
        if Value.self == BodyHTML.self {
            if state.buildsValues { result = unsafeBitCast(value, to: BodyHTML.self).html }
            return
        }
        // A date as its texts (`TemplateRepresentable`), told by its type: asking every value whether
        // it conforms cost more than encoding it.
        if Value.self == SimpleDate.self { return encodeValue(unsafeBitCast(value, to: SimpleDate.self).templateRepresentation) }
        try? value.encode(to: self)
        if openedObjects > 0 { state.digest.add(tag: Tag.objectEnd.rawValue) }
        if list != nil { state.digest.add(tag: Tag.listEnd.rawValue) }
        if let list { result = list.values }
    }

    func plain(_ text: String) {
        state.digest.add(tag: Tag.text.rawValue)
        state.digest.add(text)
        if state.buildsValues { result = text }
    }

    func plain(_ number: Int) {
        state.digest.add(tag: Tag.number.rawValue)
        state.digest.add(number)
        if state.buildsValues { result = number }
    }

    func plain(_ flag: Bool) {
        state.digest.add(tag: Tag.bool.rawValue)
        state.digest.add(flag ? 1 : 0)
        if state.buildsValues { result = flag }
    }

    /// A value made before (`Shared`), and its digest.
    func insert(_ made: TemplateValues) {
        state.digest.add(tag: Tag.made.rawValue)
        state.digest.add(Int(bitPattern: UInt(made.digest)))
        if state.buildsValues { result = made.root }
    }

    func plain(_ number: Double) {
        state.digest.add(tag: Tag.double.rawValue)
        state.digest.add(Int(bitPattern: UInt(number.bitPattern)))
        if state.buildsValues { result = number }
    }

    /// The value of `value` alone, made by this encoder (its own state kept aside meanwhile: an
    /// encoder for each value was a good part of the time).
    func child<Value: Encodable>(_ value: Value) -> Any? {
        let saved = (result, object, openedObjects, list)
        (result, object, openedObjects, list) = (nil, nil, 0, nil)
        encodeValue(value)
        let made = result
        (result, object, openedObjects, list) = saved
        return made
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        // A second call (a merged value) adds to the same object.
        if object == nil {
            let made = TemplateObject()
            object = made
            if state.buildsValues { result = made }
        }
        if openedObjects == 0 { state.digest.add(tag: Tag.objectStart.rawValue) }
        openedObjects += 1
        return KeyedEncodingContainer(TemplateKeyedContainer<Key>(encoder: self, object: object!, merging: openedObjects > 1))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let made = list ?? TemplateList()
        if list == nil { state.digest.add(tag: Tag.listStart.rawValue) }
        list = made
        return TemplateUnkeyedContainer(encoder: self, list: made)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        TemplateSingleValueContainer(encoder: self)
    }
}

final class TemplateList {
    var values: [Any] = []
}

private struct TemplateKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: TemplateValueEncoder
    let object: TemplateObject
    /// A later part of a merged value: a name may be there already, which wins.
    let merging: Bool
    var codingPath: [any CodingKey] { [] }

    private func put(_ key: Key, _ value: Any?) {
        guard encoder.state.buildsValues, let value else { return }
        if merging { object.addIfAbsent(key.stringValue, value) } else { object.append(key.stringValue, value) }
    }

    private func name(_ key: Key) {
        encoder.state.digest.add(key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) {}

    mutating func encode(_ value: String, forKey key: Key) {
        name(key)
        encoder.state.digest.add(tag: Tag.text.rawValue)
        encoder.state.digest.add(value)
        put(key, value)
    }

    mutating func encode(_ value: Bool, forKey key: Key) {
        name(key)
        encoder.state.digest.add(tag: Tag.bool.rawValue)
        encoder.state.digest.add(value ? 1 : 0)
        put(key, value)
    }

    mutating func encode(_ value: Int, forKey key: Key) {
        name(key)
        encoder.state.digest.add(tag: Tag.number.rawValue)
        encoder.state.digest.add(value)
        put(key, value)
    }

    mutating func encode(_ value: Double, forKey key: Key) { name(key); put(key, encoder.child(value)) }
    mutating func encode(_ value: Float, forKey key: Key) { encode(Double(value), forKey: key) }
    mutating func encode(_ value: Int8, forKey key: Key) { encode(Int(value), forKey: key) }
    mutating func encode(_ value: Int16, forKey key: Key) { encode(Int(value), forKey: key) }
    mutating func encode(_ value: Int32, forKey key: Key) { encode(Int(value), forKey: key) }
    mutating func encode(_ value: Int64, forKey key: Key) { encode(Int(value), forKey: key) }
    mutating func encode(_ value: UInt, forKey key: Key) { encode(Int(truncatingIfNeeded: value), forKey: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) { encode(Int(value), forKey: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) { encode(Int(value), forKey: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) { encode(Int(value), forKey: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) { encode(Int(truncatingIfNeeded: value), forKey: key) }

    mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) {
        // A body (present or not) is no part of the digest, not even by its name.
        if Value.self != BodyHTML.self { name(key) }
        put(key, encoder.child(value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        name(key)
        let nested = TemplateValueEncoder(state: encoder.state)
        let container = nested.container(keyedBy: keyType)
        put(key, nested.result)
        return container
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        name(key)
        let nested = TemplateValueEncoder(state: encoder.state)
        let container = nested.unkeyedContainer()
        return container
    }

    mutating func superEncoder() -> any Encoder { encoder }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }
}

private struct TemplateUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: TemplateValueEncoder
    let list: TemplateList
    var codingPath: [any CodingKey] { [] }
    var count: Int { list.values.count }

    private func add(_ value: Any?) {
        if encoder.state.buildsValues, let value { list.values.append(value) }
    }

    mutating func encodeNil() {}
    mutating func encode<Value: Encodable>(_ value: Value) { add(encoder.child(value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = TemplateValueEncoder(state: encoder.state)
        let container = nested.container(keyedBy: keyType)
        add(nested.result)
        return container
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        TemplateValueEncoder(state: encoder.state).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { encoder }
}

private struct TemplateSingleValueContainer: SingleValueEncodingContainer {
    let encoder: TemplateValueEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() {}
    mutating func encode(_ value: String) { encoder.plain(value) }
    mutating func encode(_ value: Bool) { encoder.plain(value) }
    mutating func encode(_ value: Int) { encoder.plain(value) }
    mutating func encode(_ value: Double) { encoder.plain(value) }
    mutating func encode(_ value: Float) { encoder.plain(Double(value)) }
    mutating func encode(_ value: Int8) { encoder.plain(Int(value)) }
    mutating func encode(_ value: Int16) { encoder.plain(Int(value)) }
    mutating func encode(_ value: Int32) { encoder.plain(Int(value)) }
    mutating func encode(_ value: Int64) { encoder.plain(Int(value)) }
    mutating func encode(_ value: UInt) { encoder.plain(Int(truncatingIfNeeded: value)) }
    mutating func encode(_ value: UInt8) { encoder.plain(Int(value)) }
    mutating func encode(_ value: UInt16) { encoder.plain(Int(value)) }
    mutating func encode(_ value: UInt32) { encoder.plain(Int(value)) }
    mutating func encode(_ value: UInt64) { encoder.plain(Int(truncatingIfNeeded: value)) }
    mutating func encode<Value: Encodable>(_ value: Value) { encoder.encodeValue(value) }
}

// Strings and numbers answer swift-mustache's casts at the first try. A section over a value that
// is not a list or a Bool (`{{#issue.marking}}…{{/issue.marking}}`) pushes the value onto the context
// stack, and every name looked up inside it is first asked of it: for a value that is not a
// `MustacheParent` the library builds a `Mirror`. And a value printed by `{{name}}` goes through
// failed casts (template, custom renderable, lambda, optional) before `String(describing:)`. Both were
// about a tenth of the rendering time; the answers are the ones the slow paths gave: no fields, and
// the text itself.

extension String: @retroactive MustacheParent, @retroactive MustacheCustomRenderable {
    public func child(named name: String) -> Any? { nil }
    public var renderText: String { self }
    public var isNull: Bool { false }
}

extension Int: @retroactive MustacheParent, @retroactive MustacheCustomRenderable {
    public func child(named name: String) -> Any? { nil }
    public var renderText: String { String(self) }
    public var isNull: Bool { false }
}
