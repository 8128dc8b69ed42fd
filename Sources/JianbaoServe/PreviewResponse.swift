/// The status codes the preview answers with.
public struct HTTPStatus: Sendable, Equatable {
    public let code: Int
    public let reason: String

    public static let ok = HTTPStatus(code: 200, reason: "OK")
    public static let movedPermanently = HTTPStatus(code: 301, reason: "Moved Permanently")
    public static let badRequest = HTTPStatus(code: 400, reason: "Bad Request")
    public static let forbidden = HTTPStatus(code: 403, reason: "Forbidden")
    public static let notFound = HTTPStatus(code: 404, reason: "Not Found")
    public static let methodNotAllowed = HTTPStatus(code: 405, reason: "Method Not Allowed")
    public static let requestTimeout = HTTPStatus(code: 408, reason: "Request Timeout")
    public static let uriTooLong = HTTPStatus(code: 414, reason: "URI Too Long")
    public static let headerFieldsTooLarge = HTTPStatus(code: 431, reason: "Request Header Fields Too Large")
    public static let internalServerError = HTTPStatus(code: 500, reason: "Internal Server Error")
    public static let versionNotSupported = HTTPStatus(code: 505, reason: "HTTP Version Not Supported")
}

/// What the preview answers: a status, headers, and either bytes or a stream of reload events.
public struct PreviewResponse: Sendable {
    public enum Body: Sendable {
        case bytes([UInt8])
        /// Sent as each element arrives, until the stream or the connection ends.
        case events(AsyncStream<[UInt8]>)
    }

    public var status: HTTPStatus
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(status: HTTPStatus, headers: [(name: String, value: String)] = [], body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A short page saying what happened; `after` goes at the end of its body.
    static func page(_ status: HTTPStatus, _ text: String, after: String = "") -> PreviewResponse {
        let html = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>\(status.code)</title></head>"
            + "<body><h1>\(status.code) \(status.reason)</h1><p>\(text)</p>\(after)</body></html>\n"
        return PreviewResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: .bytes(Array(html.utf8)))
    }

    /// The status line and headers. Every connection carries one request, so every response says
    /// `Connection: close`; a body of bytes has its length, a stream ends with the connection.
    func head(bodyLength: Int?) -> [UInt8] {
        var text = "HTTP/1.1 \(status.code) \(status.reason)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let bodyLength { text += "Content-Length: \(bodyLength)\r\n" }
        text += "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n"
        return Array(text.utf8)
    }
}
