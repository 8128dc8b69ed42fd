/// The cache's binary form of any `Codable` value, built on `CacheWriter` and `CacheReader`: every
/// stored property in declaration order, without names. So the cache keeps whatever the model
/// declares: a field added to `Document` or its parts is written and read back with nothing else to
/// change (the executable's stamp in the header makes a cache written by another jianbao unused).
///
/// - Texts, numbers and Bools as `CacheWriter` writes them; an optional field as a presence byte
///   and its value; an array as its count and its elements.
/// - An enum with associated values (or none) as the name of its case and its fields; an enum with
///   raw values as the raw value.
/// - No dictionaries or sets: their order would differ between runs (encoding one throws).
enum CacheCoding {
    static func encode<Value: Encodable>(_ value: Value, into writer: inout CacheWriter) throws {
        let encoder = BinaryEncoder(writer: writer)
        try encoder.encodeValue(value)
        writer = encoder.writer
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from reader: inout CacheReader) throws(CacheDamage) -> Value {
        let decoder = BinaryDecoder(reader: reader)
        do {
            let value = try decoder.decodeValue(type)
            reader = decoder.reader
            return value
        } catch {
            throw CacheDamage()
        }
    }
}

/// What cannot be written (a dictionary or a set).
struct CacheEncodingUnsupported: Error {}

// MARK: Optionals and arrays, written with their presence byte and count

private protocol OptionalForCache {
    func encodeForCache(_ encoder: BinaryEncoder) throws
}

extension Optional: OptionalForCache where Wrapped: Encodable {
    fileprivate func encodeForCache(_ encoder: BinaryEncoder) throws {
        guard let self else { return encoder.writer.bool(false) }
        encoder.writer.bool(true)
        try encoder.encodeValue(self)
    }
}

private protocol OptionalFromCache {
    static func decodeFromCache(_ decoder: BinaryDecoder) throws -> Self
}

extension Optional: OptionalFromCache where Wrapped: Decodable {
    fileprivate static func decodeFromCache(_ decoder: BinaryDecoder) throws -> Self {
        try decoder.reader.bool() ? try decoder.decodeValue(Wrapped.self) : nil
    }
}

private protocol ArrayForCache {
    func encodeForCache(_ encoder: BinaryEncoder) throws
}

extension Array: ArrayForCache where Element: Encodable {
    fileprivate func encodeForCache(_ encoder: BinaryEncoder) throws {
        encoder.writer.unsigned(UInt64(count))
        for element in self { try encoder.encodeValue(element) }
    }
}

private protocol ArrayFromCache {
    static func decodeFromCache(_ decoder: BinaryDecoder) throws -> Self
}

extension Array: ArrayFromCache where Element: Decodable {
    fileprivate static func decodeFromCache(_ decoder: BinaryDecoder) throws -> Self {
        let count = try decoder.reader.count()
        var result: [Element] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try decoder.decodeValue(Element.self)) }
        return result
    }
}

/// Collections whose order is not the same from run to run.
private protocol UnorderedForCache {}
extension Dictionary: UnorderedForCache {}
extension Set: UnorderedForCache {}

// MARK: Encoding

private final class BinaryEncoder: Encoder {
    var writer: CacheWriter
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(writer: CacheWriter) {
        self.writer = writer
    }

    func encodeValue<Value: Encodable>(_ value: Value) throws {
        // By the static type, not by casting the value: a cast to String would take the text out
        // of `Optional("x")`, and casts are slow.
        if Value.self == String.self { return writer.string(unsafeBitCast(value, to: String.self)) }
        if Value.self == Int.self { return writer.int(unsafeBitCast(value, to: Int.self)) }
        if Value.self == Bool.self { return writer.bool(unsafeBitCast(value, to: Bool.self)) }
        if Value.self is any OptionalForCache.Type, let optional = value as? any OptionalForCache {
            return try optional.encodeForCache(self)
        }
        if Value.self is any ArrayForCache.Type, let array = value as? any ArrayForCache { return try array.encodeForCache(self) }
        if Value.self is any UnorderedForCache.Type { throw CacheEncodingUnsupported() }
        try value.encode(to: self)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(BinaryKeyedEncoding<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { UnsupportedUnkeyedEncoding() }
    func singleValueContainer() -> any SingleValueEncodingContainer { BinarySingleValueEncoding(encoder: self) }

    func write(_ value: Int64) { writer.int(Int(value)) }
    func write(_ value: UInt64) { writer.unsigned(value) }
    func write(_ value: Double) { writer.fixed64(value.bitPattern) }
}

private struct BinaryKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: BinaryEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) { encoder.writer.bool(false) }
    mutating func encode(_ value: Bool, forKey key: Key) { encoder.writer.bool(value) }
    mutating func encode(_ value: String, forKey key: Key) { encoder.writer.string(value) }
    mutating func encode(_ value: Double, forKey key: Key) { encoder.write(value) }
    mutating func encode(_ value: Float, forKey key: Key) { encoder.write(Double(value)) }
    mutating func encode(_ value: Int, forKey key: Key) { encoder.writer.int(value) }
    mutating func encode(_ value: Int8, forKey key: Key) { encoder.write(Int64(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) { encoder.write(Int64(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) { encoder.write(Int64(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) { encoder.write(value) }
    mutating func encode(_ value: UInt, forKey key: Key) { encoder.write(UInt64(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) { encoder.write(UInt64(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) { encoder.write(UInt64(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) { encoder.write(UInt64(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) { encoder.write(value) }
    mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws { try encoder.encodeValue(value) }

    // An optional field: its presence byte, then its value.
    private func present<Value>(_ value: Value?, _ write: (Value) throws -> Void) rethrows {
        encoder.writer.bool(value != nil)
        if let value { try write(value) }
    }

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) { present(value) { encoder.writer.bool($0) } }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) { present(value) { encoder.writer.string($0) } }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) { present(value) { encoder.write($0) } }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) { present(value) { encoder.write(Double($0)) } }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) { present(value) { encoder.writer.int($0) } }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) { present(value) { encoder.write(Int64($0)) } }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) { present(value) { encoder.write(Int64($0)) } }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) { present(value) { encoder.write(Int64($0)) } }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) { present(value) { encoder.write($0) } }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) { present(value) { encoder.write(UInt64($0)) } }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) { present(value) { encoder.write(UInt64($0)) } }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) { present(value) { encoder.write(UInt64($0)) } }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) { present(value) { encoder.write(UInt64($0)) } }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) { present(value) { encoder.write($0) } }
    mutating func encodeIfPresent<Value: Encodable>(_ value: Value?, forKey key: Key) throws {
        try present(value) { try encoder.encodeValue($0) }
    }

    /// An enum's case: its name, then its fields.
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        encoder.writer.string(key.stringValue)
        return KeyedEncodingContainer(BinaryKeyedEncoding<NestedKey>(encoder: encoder))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { UnsupportedUnkeyedEncoding() }
    mutating func superEncoder() -> any Encoder { encoder }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }
}

private struct BinarySingleValueEncoding: SingleValueEncodingContainer {
    let encoder: BinaryEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() { encoder.writer.bool(false) }
    mutating func encode(_ value: Bool) { encoder.writer.bool(value) }
    mutating func encode(_ value: String) { encoder.writer.string(value) }
    mutating func encode(_ value: Double) { encoder.write(value) }
    mutating func encode(_ value: Float) { encoder.write(Double(value)) }
    mutating func encode(_ value: Int) { encoder.writer.int(value) }
    mutating func encode(_ value: Int8) { encoder.write(Int64(value)) }
    mutating func encode(_ value: Int16) { encoder.write(Int64(value)) }
    mutating func encode(_ value: Int32) { encoder.write(Int64(value)) }
    mutating func encode(_ value: Int64) { encoder.write(value) }
    mutating func encode(_ value: UInt) { encoder.write(UInt64(value)) }
    mutating func encode(_ value: UInt8) { encoder.write(UInt64(value)) }
    mutating func encode(_ value: UInt16) { encoder.write(UInt64(value)) }
    mutating func encode(_ value: UInt32) { encoder.write(UInt64(value)) }
    mutating func encode(_ value: UInt64) { encoder.write(value) }
    mutating func encode<Value: Encodable>(_ value: Value) throws { try encoder.encodeValue(value) }
}

/// A sequence other than an array (a set, a dictionary): its order is not the same from run to run.
private struct UnsupportedUnkeyedEncoding: UnkeyedEncodingContainer {
    var codingPath: [any CodingKey] { [] }
    var count: Int { 0 }

    mutating func encodeNil() throws { throw CacheEncodingUnsupported() }
    mutating func encode<Value: Encodable>(_ value: Value) throws { throw CacheEncodingUnsupported() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(UnsupportedKeyedEncoding<NestedKey>())
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { self }
    mutating func superEncoder() -> any Encoder { UnsupportedEncoder() }
}

private struct UnsupportedKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    var codingPath: [any CodingKey] { [] }
    mutating func encodeNil(forKey key: Key) throws { throw CacheEncodingUnsupported() }
    mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws { throw CacheEncodingUnsupported() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(UnsupportedKeyedEncoding<NestedKey>())
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { UnsupportedUnkeyedEncoding() }
    mutating func superEncoder() -> any Encoder { UnsupportedEncoder() }
    mutating func superEncoder(forKey key: Key) -> any Encoder { UnsupportedEncoder() }
}

private struct UnsupportedEncoder: Encoder {
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(UnsupportedKeyedEncoding<Key>())
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { UnsupportedUnkeyedEncoding() }
    func singleValueContainer() -> any SingleValueEncodingContainer { UnsupportedSingleValueEncoding() }
}

private struct UnsupportedSingleValueEncoding: SingleValueEncodingContainer {
    var codingPath: [any CodingKey] { [] }
    mutating func encodeNil() throws { throw CacheEncodingUnsupported() }
    mutating func encode<Value: Encodable>(_ value: Value) throws { throw CacheEncodingUnsupported() }
    mutating func encode(_ value: Bool) throws { throw CacheEncodingUnsupported() }
    mutating func encode(_ value: String) throws { throw CacheEncodingUnsupported() }
    mutating func encode(_ value: Double) throws { throw CacheEncodingUnsupported() }
    mutating func encode(_ value: Float) throws { throw CacheEncodingUnsupported() }
    mutating func encode(_ value: Int) throws { throw CacheEncodingUnsupported() }
    mutating func encode(_ value: Int8) throws { throw CacheEncodingUnsupported() }
    mutating func encode(_ value: Int16) throws { throw CacheEncodingUnsupported() }
    mutating func encode(_ value: Int32) throws { throw CacheEncodingUnsupported() }
    mutating func encode(_ value: Int64) throws { throw CacheEncodingUnsupported() }
    mutating func encode(_ value: UInt) throws { throw CacheEncodingUnsupported() }
    mutating func encode(_ value: UInt8) throws { throw CacheEncodingUnsupported() }
    mutating func encode(_ value: UInt16) throws { throw CacheEncodingUnsupported() }
    mutating func encode(_ value: UInt32) throws { throw CacheEncodingUnsupported() }
    mutating func encode(_ value: UInt64) throws { throw CacheEncodingUnsupported() }
}

// MARK: Decoding

private final class BinaryDecoder: Decoder {
    var reader: CacheReader
    /// An enum's case name, read by `allKeys` before its fields are.
    var caseName: String?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(reader: CacheReader) {
        self.reader = reader
    }

    func decodeValue<Value: Decodable>(_ type: Value.Type) throws -> Value {
        if type == String.self { return try reader.string() as! Value }
        if type == Int.self { return try reader.int() as! Value }
        if type == Bool.self { return try reader.bool() as! Value }
        if let optional = type as? any OptionalFromCache.Type { return try optional.decodeFromCache(self) as! Value }
        if let array = type as? any ArrayFromCache.Type { return try array.decodeFromCache(self) as! Value }
        return try Value(from: self)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(BinaryKeyedDecoding<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw CacheDamage() }
    func singleValueContainer() -> any SingleValueDecodingContainer { BinarySingleValueDecoding(decoder: self) }

    func int64() throws -> Int64 { Int64(try reader.int()) }
    func double() throws -> Double { Double(bitPattern: try reader.fixed64()) }

    func exact<Wide: BinaryInteger, Narrow: FixedWidthInteger>(_ value: Wide, as type: Narrow.Type) throws -> Narrow {
        guard let narrow = Narrow(exactly: value) else { throw CacheDamage() }
        return narrow
    }
}

private struct BinaryKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: BinaryDecoder
    var codingPath: [any CodingKey] { [] }

    /// Asked only of an enum: its case, whose name comes first.
    var allKeys: [Key] {
        if decoder.caseName == nil { decoder.caseName = try? decoder.reader.string() }
        return decoder.caseName.flatMap { Key(stringValue: $0) }.map { [$0] } ?? []
    }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { !(try decoder.reader.bool()) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder.reader.bool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder.reader.string() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder.double() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decoder.double()) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder.reader.int() }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder.exact(try decoder.int64(), as: Int8.self) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder.exact(try decoder.int64(), as: Int16.self) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder.exact(try decoder.int64(), as: Int32.self) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder.int64() }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder.exact(try decoder.reader.unsigned(), as: UInt.self) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder.exact(try decoder.reader.unsigned(), as: UInt8.self) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder.exact(try decoder.reader.unsigned(), as: UInt16.self) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder.exact(try decoder.reader.unsigned(), as: UInt32.self) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder.reader.unsigned() }
    func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value { try decoder.decodeValue(type) }

    private func present<Value>(_ read: () throws -> Value) throws -> Value? {
        try decoder.reader.bool() ? try read() : nil
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present { try decoder.reader.bool() } }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present { try decoder.reader.string() } }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present { try decoder.double() } }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try present { Float(try decoder.double()) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present { try decoder.reader.int() } }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try present { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try present { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try present { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try present { try decoder.int64() } }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try present { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try present { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try present { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try present { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try present { try decoder.reader.unsigned() } }
    func decodeIfPresent<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value? {
        try present { try decoder.decodeValue(type) }
    }

    /// An enum's case: its name (read already by `allKeys`, or now), then its fields.
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let name = try decoder.caseName ?? decoder.reader.string()
        decoder.caseName = nil
        guard name == key.stringValue else { throw CacheDamage() }
        return KeyedDecodingContainer(BinaryKeyedDecoding<NestedKey>(decoder: decoder))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw CacheDamage() }
    func superDecoder() -> any Decoder { decoder }
    func superDecoder(forKey key: Key) -> any Decoder { decoder }
}

private struct BinarySingleValueDecoding: SingleValueDecodingContainer {
    let decoder: BinaryDecoder
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.reader.bool() }
    func decode(_ type: String.Type) throws -> String { try decoder.reader.string() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.double() }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.double()) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.reader.int() }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.exact(try decoder.int64(), as: Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.exact(try decoder.int64(), as: Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.exact(try decoder.int64(), as: Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.int64() }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.exact(try decoder.reader.unsigned(), as: UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.exact(try decoder.reader.unsigned(), as: UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.exact(try decoder.reader.unsigned(), as: UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.exact(try decoder.reader.unsigned(), as: UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.reader.unsigned() }
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value { try decoder.decodeValue(type) }
}
