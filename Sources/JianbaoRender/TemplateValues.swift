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

/// A type that templates see as another value: a date as its texts, for instance.
protocol TemplateRepresentable {
    associatedtype Representation: Codable
    var templateRepresentation: Representation { get }
}

/// Two values seen by templates as one: the names of both, `extra`'s winning where both have one.
/// A document's page shows its front-matter fields (`base`) beside the values made from them.
struct Merged<Base: Codable, Extra: Codable>: Codable {
    let base: Base
    let extra: Extra

    init(_ base: Base, _ extra: Extra) {
        self.base = base
        self.extra = extra
    }

    func encode(to encoder: any Encoder) throws {
        try base.encode(to: encoder)
        try extra.encode(to: encoder)
    }

    init(from decoder: any Decoder) throws {
        base = try Base(from: decoder)
        extra = try Extra(from: decoder)
    }
}

/// The fields of a struct as a template sees them, in declaration order. Looked up by name with
/// a short linear search: a page's objects have a few dozen names at most.
final class TemplateObject: MustacheParent, @unchecked Sendable {
    private(set) var names: [String] = []
    private(set) var values: [Any] = []

    init() {
        names.reserveCapacity(8)
        values.reserveCapacity(8)
    }

    func child(named name: String) -> Any? {
        guard let index = names.firstIndex(of: name) else { return nil }
        return values[index]
    }

    func append(_ name: String, _ value: Any) {
        names.append(name)
        values.append(value)
    }

    /// Sets `name`, replacing a value it already has (a merged value's second part).
    func set(_ name: String, _ value: Any) {
        if let index = names.firstIndex(of: name) { values[index] = value } else { append(name, value) }
    }
}

/// What all the encoders of one value share: the digest, and whether values are made at all.
final class TemplateEncoding {
    let buildsValues: Bool
    var digest = Digest()

    init(buildsValues: Bool) {
        self.buildsValues = buildsValues
    }
}

private enum Tag: UInt8 {
    case text = 1, number, bool, objectStart, objectEnd, listStart, listEnd, double
}

/// Turns one value into a `TemplateObject`, an array or a plain value, feeding the digest as it goes.
final class TemplateValueEncoder: Encoder {
    let state: TemplateEncoding
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// What the value became.
    var result: Any?
    private var object: TemplateObject?
    private var openedObjects = 0
    private var list: TemplateList?

    init(state: TemplateEncoding) {
        self.state = state
    }

    /// Encodes `value`, through its template representation when it has one.
    func encodeValue<Value: Encodable>(_ value: Value) {
        switch value {
        case let text as String: plain(text)
        case let number as Int: plain(number)
        case let flag as Bool: plain(flag)
        case let represented as any TemplateRepresentable: encodeValue(represented.templateRepresentation)
        default:
            try? value.encode(to: self)
            if openedObjects > 0 { state.digest.add(tag: Tag.objectEnd.rawValue) }
            if list != nil { state.digest.add(tag: Tag.listEnd.rawValue) }
            if let list { result = list.values }
        }
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

    func plain(_ number: Double) {
        state.digest.add(tag: Tag.double.rawValue)
        state.digest.add(Int(bitPattern: UInt(number.bitPattern)))
        if state.buildsValues { result = number }
    }

    /// The value of `value` alone, by a new encoder sharing the digest.
    func child<Value: Encodable>(_ value: Value) -> Any? {
        let encoder = TemplateValueEncoder(state: state)
        encoder.encodeValue(value)
        return encoder.result
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
    /// A later part of a merged value: a name may already be there.
    let merging: Bool
    var codingPath: [any CodingKey] { [] }

    private func put(_ key: Key, _ value: Any?) {
        guard encoder.state.buildsValues, let value else { return }
        if merging { object.set(key.stringValue, value) } else { object.append(key.stringValue, value) }
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
        name(key)
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
