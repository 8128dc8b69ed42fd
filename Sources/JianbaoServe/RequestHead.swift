/// How much a client may send before its request is answered with an error, and how long it may
/// take: a web page the author visits can make the browser send anything to 127.0.0.1.
public struct RequestLimits: Sendable {
    /// `GET /path HTTP/1.1`, without its line end; longer is 414.
    public var requestLine = 8 * 1024
    /// One header line; longer is 431.
    public var headerLine = 8 * 1024
    /// The request line and all headers; more is 431.
    public var head = 32 * 1024
    /// From the connection's start to the end of its head; longer is 408.
    public var headSeconds = 10.0
    /// Writing a response (not the reload events, which stay open).
    public var writeSeconds = 30.0
    /// Connections open at once; more are closed at once.
    public var connections = 64

    public init() {}
}

/// A request's line and headers, parsed; the preview ignores request bodies.
public struct RequestHead: Sendable, Equatable {
    public var method: String
    /// As sent: `/jianbao/2024/19/?x=1`.
    public var target: String
    public var version: String
    /// Names lowercased, values without surrounding spaces, in the order sent.
    public var headers: [(name: String, value: String)]

    /// The target without its query.
    public var path: Substring { target.prefix { $0 != "?" } }

    /// All values of a header.
    public func values(_ name: String) -> [String] {
        headers.filter { $0.name == name }.map(\.value)
    }

    public static func == (lhs: RequestHead, rhs: RequestHead) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.version == rhs.version
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}

/// Collects a request head from the bytes as they arrive, looking at each byte once: it stops at the
/// first byte past a limit, so the time and memory a request costs are bounded by the limits.
public struct HeadReader: Sendable {
    public enum Progress: Sendable, Equatable {
        case needMore
        case complete(RequestHead)
        case refused(HTTPStatus)
    }

    let limits: RequestLimits
    private(set) var bytes: [UInt8] = []
    private var scanned = 0
    private var lineStart = 0
    private var onRequestLine = true

    public init(limits: RequestLimits) {
        self.limits = limits
    }

    /// Adds the next bytes received. Bytes after the head (a body, a pipelined request) are ignored.
    public mutating func add(_ chunk: some Collection<UInt8>) -> Progress {
        bytes += chunk.prefix(max(0, limits.head + 2 - bytes.count))
        while scanned < bytes.count {
            let byte = bytes[scanned]
            scanned += 1
            guard byte == UInt8(ascii: "\n") else { continue }
            var end = scanned - 1
            if end > lineStart && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let length = end - lineStart
            if onRequestLine {
                if length > limits.requestLine { return .refused(.uriTooLong) }
                onRequestLine = false
            } else if length == 0 {
                return Self.parse(bytes[..<lineStart])
            } else if length > limits.headerLine {
                return .refused(.headerFieldsTooLarge)
            }
            lineStart = scanned
        }
        // A line too long already, before its end has come.
        let pending = bytes.count - lineStart
        if onRequestLine && pending > limits.requestLine + 1 { return .refused(.uriTooLong) }
        if !onRequestLine && pending > limits.headerLine + 1 { return .refused(.headerFieldsTooLarge) }
        if bytes.count > limits.head { return .refused(onRequestLine ? .uriTooLong : .headerFieldsTooLarge) }
        return .needMore
    }

    /// The request line and header lines (line ends included), without the empty line that ends them.
    static func parse(_ head: ArraySlice<UInt8>) -> Progress {
        var lines = head.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        let trimmed = lines.map { $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0 }
        guard let first = trimmed.first else { return .refused(.badRequest) }
        let parts = first.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(isTokenByte),
              parts[1].first == UInt8(ascii: "/"), parts[1].allSatisfy(isVisible) else { return .refused(.badRequest) }
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            return .refused(version.hasPrefix("HTTP/") ? .versionNotSupported : .badRequest)
        }
        var headers: [(name: String, value: String)] = []
        for line in trimmed.dropFirst() {
            // No name, a name with spaces or other separators, obsolete line folding, control characters.
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  line[..<colon].allSatisfy(isTokenByte),
                  line[line.index(after: colon)...].allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
                return .refused(.badRequest)
            }
            let value = line[line.index(after: colon)...].drop { $0 == 0x20 || $0 == 0x09 }
            let end = value.lastIndex { $0 != 0x20 && $0 != 0x09 }.map { value.index(after: $0) } ?? value.startIndex
            headers.append((String(decoding: line[..<colon], as: UTF8.self).lowercased(),
                            String(decoding: value[..<end], as: UTF8.self)))
        }
        return .complete(RequestHead(method: String(decoding: parts[0], as: UTF8.self), target: String(decoding: parts[1], as: UTF8.self),
                                     version: version, headers: headers))
    }

    /// RFC 9110's `tchar`: what a method or a header name is made of.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return tokenPunctuation.contains(byte)
        }
    }

    private static let tokenPunctuation = Set("!#$%&'*+-.^_`|~".utf8)

    /// Printable ASCII without the space: what a request target is made of (browsers percent-encode the rest).
    static func isVisible(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
}
