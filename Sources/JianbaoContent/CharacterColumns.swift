/// Turns the byte columns libcmark gives into the character columns people count, for many places
/// at once: the places are sorted and each line is walked once, up to the last place on it. Working
/// out each place from the start of its line cost a line's length each: minutes for a long line
/// of many stray tags.
struct CharacterColumns {
    let bytes: [UInt8]
    /// The offset of each line's first byte.
    let lineStarts: [Int]

    /// The 1-based character column of each (1-based line, 1-based byte column), in the same order.
    func convert(_ places: [(line: Int, byteColumn: Int)]) -> [Int] {
        var result = places.map(\.byteColumn)
        let order = places.indices.sorted { a, b in
            places[a].line != places[b].line ? places[a].line < places[b].line : places[a].byteColumn < places[b].byteColumn
        }
        var position = 0
        while position < order.count {
            let line = places[order[position]].line
            var end = position
            while end < order.count && places[order[end]].line == line { end += 1 }
            defer { position = end }
            guard lineStarts.indices.contains(line - 1) else { continue }
            let start = lineStarts[line - 1]
            let lineEnd = line < lineStarts.count ? lineStarts[line] : bytes.count
            let last = min(start + places[order[end - 1]].byteColumn - 1, lineEnd, bytes.count)
            guard start < last else { continue }
            let text = String(decoding: bytes[start..<last], as: UTF8.self)
            var iterator = text.makeIterator()
            var offset = 0, characters = 0
            for index in order[position..<end] {
                let target = places[index].byteColumn - 1
                while offset < target, let character = iterator.next() {
                    offset += character.utf8.count
                    characters += 1
                }
                result[index] = characters + 1
            }
        }
        return result
    }
}
