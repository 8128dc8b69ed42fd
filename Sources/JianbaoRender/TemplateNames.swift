/// Every name the values of a type give templates, read from its declaration: the type is decoded
/// from nothing by a decoder that says yes to every field (every optional present, every list one
/// long) and notes each name asked for. So the names the template check accepts come from the same
/// stored properties the templates are given, and a field added there is known at once.
enum TemplateNames {
    static func of<Value: Decodable>(_ type: Value.Type) -> Set<String> {
        let collector = NameCollector()
        _ = try? Value(from: NameCollectingDecoder(collector: collector))
        return collector.names
    }
}

final class NameCollector {
    var names: Set<String> = []
    /// Off while a value with a template representation is decoded as itself: templates see only
    /// the representation's names.
    var recording = true
}

/// The first case of an enum, for a field whose type is one (a raw text alone would not decode).
private func firstCase<Value: CaseIterable>(_ type: Value.Type) -> Any? {
    Value.allCases.first
}

private struct NameCollectingDecoder: Decoder {
    let collector: NameCollector
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(NameCollectingKeyedContainer<Key>(collector: collector))
    }

    func unkeyedContainer() -> any UnkeyedDecodingContainer {
        NameCollectingUnkeyedContainer(collector: collector)
    }

    func singleValueContainer() -> any SingleValueDecodingContainer {
        NameCollectingSingleValue(collector: collector)
    }

    /// A value of `type`, its names noted on the way.
    static func sample<Value: Decodable>(_ type: Value.Type, collector: NameCollector) throws -> Value {
        if let cases = type as? any CaseIterable.Type, let first = firstCase(cases) as? Value { return first }
        if let represented = type as? any TemplateRepresentable.Type {
            try noteRepresentation(of: represented, collector: collector)
            let recording = collector.recording
            collector.recording = false
            defer { collector.recording = recording }
            return try Value(from: NameCollectingDecoder(collector: collector))
        }
        return try Value(from: NameCollectingDecoder(collector: collector))
    }

    private static func noteRepresentation<Represented: TemplateRepresentable>(of type: Represented.Type, collector: NameCollector) throws {
        _ = try sample(Represented.Representation.self, collector: collector)
    }
}

private struct NameCollectingKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let collector: NameCollector
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    private func note(_ key: Key) {
        if collector.recording { collector.names.insert(key.stringValue) }
    }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) -> Bool { false }
    func decode(_ type: Bool.Type, forKey key: Key) -> Bool { note(key); return false }
    func decode(_ type: String.Type, forKey key: Key) -> String { note(key); return "" }
    func decode(_ type: Double.Type, forKey key: Key) -> Double { note(key); return 0 }
    func decode(_ type: Float.Type, forKey key: Key) -> Float { note(key); return 0 }
    func decode(_ type: Int.Type, forKey key: Key) -> Int { note(key); return 0 }
    func decode(_ type: Int8.Type, forKey key: Key) -> Int8 { note(key); return 0 }
    func decode(_ type: Int16.Type, forKey key: Key) -> Int16 { note(key); return 0 }
    func decode(_ type: Int32.Type, forKey key: Key) -> Int32 { note(key); return 0 }
    func decode(_ type: Int64.Type, forKey key: Key) -> Int64 { note(key); return 0 }
    func decode(_ type: UInt.Type, forKey key: Key) -> UInt { note(key); return 0 }
    func decode(_ type: UInt8.Type, forKey key: Key) -> UInt8 { note(key); return 0 }
    func decode(_ type: UInt16.Type, forKey key: Key) -> UInt16 { note(key); return 0 }
    func decode(_ type: UInt32.Type, forKey key: Key) -> UInt32 { note(key); return 0 }
    func decode(_ type: UInt64.Type, forKey key: Key) -> UInt64 { note(key); return 0 }

    func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value {
        note(key)
        return try NameCollectingDecoder.sample(type, collector: collector)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedDecodingContainer<NestedKey> {
        note(key)
        return KeyedDecodingContainer(NameCollectingKeyedContainer<NestedKey>(collector: collector))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedDecodingContainer {
        note(key)
        return NameCollectingUnkeyedContainer(collector: collector)
    }

    func superDecoder() -> any Decoder { NameCollectingDecoder(collector: collector) }
    func superDecoder(forKey key: Key) -> any Decoder { NameCollectingDecoder(collector: collector) }
}

/// A list of one element.
private struct NameCollectingUnkeyedContainer: UnkeyedDecodingContainer {
    let collector: NameCollector
    var codingPath: [any CodingKey] { [] }
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= 1 }

    mutating func decodeNil() -> Bool { false }

    mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        currentIndex += 1
        return try NameCollectingDecoder.sample(type, collector: collector)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedDecodingContainer<NestedKey> {
        currentIndex += 1
        return KeyedDecodingContainer(NameCollectingKeyedContainer<NestedKey>(collector: collector))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedDecodingContainer {
        currentIndex += 1
        return NameCollectingUnkeyedContainer(collector: collector)
    }

    mutating func superDecoder() -> any Decoder { NameCollectingDecoder(collector: collector) }
}

private struct NameCollectingSingleValue: SingleValueDecodingContainer {
    let collector: NameCollector
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) -> Bool { false }
    func decode(_ type: String.Type) -> String { "" }
    func decode(_ type: Double.Type) -> Double { 0 }
    func decode(_ type: Float.Type) -> Float { 0 }
    func decode(_ type: Int.Type) -> Int { 0 }
    func decode(_ type: Int8.Type) -> Int8 { 0 }
    func decode(_ type: Int16.Type) -> Int16 { 0 }
    func decode(_ type: Int32.Type) -> Int32 { 0 }
    func decode(_ type: Int64.Type) -> Int64 { 0 }
    func decode(_ type: UInt.Type) -> UInt { 0 }
    func decode(_ type: UInt8.Type) -> UInt8 { 0 }
    func decode(_ type: UInt16.Type) -> UInt16 { 0 }
    func decode(_ type: UInt32.Type) -> UInt32 { 0 }
    func decode(_ type: UInt64.Type) -> UInt64 { 0 }

    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try NameCollectingDecoder.sample(type, collector: collector)
    }
}
