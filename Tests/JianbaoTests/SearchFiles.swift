import CZlib
import Foundation
@testable import JianbaoSearch
import JianbaoSupport

/// Reads what the search index wrote: shard entries and document files, the way search.js does.
enum SearchFiles {
    /// `bytes` decompressed from the zlib format (zlib's own `uncompress`), or nil.
    static func inflate(_ bytes: [UInt8], expected: Int) -> [UInt8]? {
        var length = uLong(expected + 64)
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { output in
            bytes.withUnsafeBufferPointer { uncompress(output.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
        }
        return status == Z_OK ? Array(output[..<Int(length)]) : nil
    }

    /// A document file's fields, its text decompressed into "text".
    static func document(_ file: [UInt8], id: Int) -> [String: String]? {
        let script = String(decoding: file, as: UTF8.self)
        let call = "jianbaoSearch.doc(\(id),"
        guard script.hasPrefix(call), script.hasSuffix(");\n"),
              let object = try? JSONSerialization.jsonObject(with: Data(script.dropFirst(call.count).dropLast(3).utf8)) as? [String: String],
              let z = object["z"], let compressed = Data(base64Encoded: z),
              let text = inflate(Array(compressed), expected: compressed.count * 40) else { return nil }
        var fields = object
        fields["z"] = nil
        fields["text"] = String(decoding: text, as: UTF8.self)
        return fields
    }

    /// `file` is `expected`; a document file by its fields, `expected` holding everything but the
    /// text, which must be the document's.
    static func same(_ file: OutputFile, _ expected: OutputFile, documents: [SearchDocument]) -> Bool {
        guard file.path == expected.path else { return false }
        guard file.path.hasPrefix("search/docs/"), let id = Int(file.path.dropFirst("search/docs/".count).dropLast(3)) else {
            return file.bytes == expected.bytes
        }
        let prefix = Array(",\"z\":\"".utf8)
        guard let fields = document(file.bytes, id: id), fields["text"] == documents[id].text,
              let cut = file.bytes.indices.first(where: { file.bytes[$0...].starts(with: prefix) }) else { return false }
        return Array(file.bytes[..<cut]) == expected.bytes
    }
}
