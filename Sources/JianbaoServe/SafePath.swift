/// Maps a request path to a file below the served folder, refusing anything that could leave it.
public enum SafePath {
    /// `/jianbao/2024/19/` → `jianbao/2024/19/index.html`; nil for `..`, `%2e%2e`, NUL bytes, backslashes
    /// or broken escapes. The result is relative and has no `.` or `..` component.
    public static func relativeFile(forRequestPath path: String) -> String? {
        let withoutQuery = String(path.prefix { $0 != "?" && $0 != "#" })
        var components: [String] = []
        for raw in withoutQuery.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = percentDecoded(String(raw)) else { return nil }
            if decoded == "." || decoded == ".." || decoded.contains("/") || decoded.contains("\\") || decoded.contains("\0") {
                return nil
            }
            components.append(decoded)
        }
        if withoutQuery.hasSuffix("/") || components.isEmpty { components.append("index.html") }
        return components.joined(separator: "/")
    }

    /// Where to send a request for a folder without its final `/`: the same path with one `/` between
    /// segments and one at the end, then the query. It always starts with a single `/` and a
    /// segment, never `//host` (another server); the target is printable ASCII and a segment that
    /// would decode to a backslash or a dot segment was refused by `relativeFile` before.
    /// `//jianbao?x=1` → `/jianbao/?x=1`.
    public static func folderLocation(forTarget target: String) -> String {
        let path = target.prefix { $0 != "?" && $0 != "#" }
        let query = target[path.endIndex...].prefix { $0 != "#" }
        return "/" + path.split(separator: "/").joined(separator: "/") + "/" + (query.hasPrefix("?") ? query : "")
    }

    /// `%E5%9B%BE` → 图; nil when an escape is broken or the bytes are not UTF-8.
    static func percentDecoded(_ text: String) -> String? {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
