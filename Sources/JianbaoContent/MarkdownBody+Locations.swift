import CCmark
#if canImport(Glibc)
import Glibc
#endif
import JianbaoModel
import JianbaoSupport

/// Where things are in the body: libcmark gives lines and byte columns; messages give character
/// columns (`CharacterColumns`).
extension MarkdownBody {
    /// Where `node` starts, with libcmark's byte column: `parse` turns every column it hands out into
    /// characters at the end, all at once (`CharacterColumns`).
    func location(_ node: CmarkNode) -> SourceLocation {
        SourceLocation(file: file, line: node.startLine + firstLine - 1, column: node.startColumn)
    }

    /// The body parsed, with every location's byte column turned into characters.
    func finished(_ body: ParsedBody) -> ParsedBody {
        var body = body
        var places: [(line: Int, byteColumn: Int)] = []
        func place(_ location: SourceLocation?) {
            if let location, let line = location.line, let column = location.column { places.append((line - firstLine + 1, column)) }
        }
        body.diagnostics.forEach { place($0.location) }
        body.sections.forEach { place($0.location) }
        body.assets.forEach { place($0.location) }
        // The converted columns, in the order the places were listed.
        var columns = CharacterColumns(bytes: bytes, lineStarts: lineStarts).convert(places).makeIterator()
        func converted(_ location: SourceLocation) -> SourceLocation {
            guard location.line != nil, location.column != nil else { return location }
            var location = location
            location.column = columns.next()
            return location
        }
        for index in body.diagnostics.indices { body.diagnostics[index].location = converted(body.diagnostics[index].location) }
        for index in body.sections.indices { body.sections[index].location = body.sections[index].location.map(converted) }
        for index in body.assets.indices { body.assets[index].location = converted(body.assets[index].location) }
        return body
    }

    /// The offset of each line's first byte: 0, and one past every "\n".
    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            // memchr finds the next "\n" many bytes at a time: a paragraph is one long line.
            while offset < buffer.count, let found = memchr(base + offset, Int32(UInt8(ascii: "\n")), buffer.count - offset) {
                offset = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base + 1
                starts.append(offset)
            }
        }
        return starts
    }
}
