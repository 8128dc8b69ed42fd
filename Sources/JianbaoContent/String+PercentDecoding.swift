extension String {
    /// `%E5%9B%BE.jpg` → `图.jpg`; the text as it is when it holds no valid escapes.
    var removingPercentEncoding: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var index = utf8.startIndex
        let view = utf8
        while index < view.endIndex {
            let byte = view[index]
            if byte == UInt8(ascii: "%"), let high = view.index(index, offsetBy: 1, limitedBy: view.endIndex),
               let low = view.index(index, offsetBy: 2, limitedBy: view.endIndex), low < view.endIndex,
               let value = UInt8(String(decoding: [view[high], view[low]], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index = view.index(index, offsetBy: 3)
            } else {
                bytes.append(byte)
                index = view.index(after: index)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? self
    }
}
