import Foundation
@testable import JianbaoServe
import JianbaoSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The preview's request reader and rules, value by value: limits at their exact edges, malformed
/// heads, host names, and where a folder without its `/` is sent.
@Suite struct ServeRequestTests {
    static let limits = RequestLimits()

    /// Feeds `text` to a new reader in pieces of `piece` bytes; the first answer that is not `.needMore`.
    static func read(_ text: String, piece: Int = 4096) -> HeadReader.Progress {
        var reader = HeadReader(limits: limits)
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let progress = reader.add(bytes[start..<min(start + piece, bytes.count)])
            if progress != .needMore { return progress }
            start += piece
        }
        return .needMore
    }

    static func status(_ text: String, piece: Int = 4096) -> Int? {
        if case .refused(let status) = read(text, piece: piece) { return status.code }
        return nil
    }

    @Test func aHeadIsParsedWhateverPiecesItComesIn() {
        let text = "GET /jianbao/2024/19/?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX-Empty:\r\nAccept:  text/html \t\r\n\r\nbody"
        let expected = RequestHead(method: "GET", target: "/jianbao/2024/19/?x=1", version: "HTTP/1.1",
                                   headers: [("host", "127.0.0.1:8080"), ("x-empty", ""), ("accept", "text/html")])
        for piece in [1, 2, 7, 4096] {
            #expect(Self.read(text, piece: piece) == .complete(expected), "pieces of \(piece)")
        }
        #expect(expected.path == "/jianbao/2024/19/")
        // Bare line feeds are taken as line ends too.
        #expect(Self.read("GET / HTTP/1.0\nHost: localhost\n\n") == .complete(RequestHead(method: "GET", target: "/", version: "HTTP/1.0",
                                                                                         headers: [("host", "localhost")])))
        #expect(Self.read("GET / HTTP/1.1\r\nHost: x\r\n") == .needMore)
    }

    @Test func limitsHoldAtTheirExactEdges() {
        // "GET /" + path + " HTTP/1.1" is the request line: 14 bytes besides the path.
        let longestPath = String(repeating: "a", count: Self.limits.requestLine - 14)
        #expect(Self.status("GET /\(longestPath) HTTP/1.1\r\nHost: x\r\n\r\n") == nil)
        #expect(Self.status("GET /\(longestPath)a HTTP/1.1\r\nHost: x\r\n\r\n") == 414)
        // Refused as soon as the line is too long, before its end arrives (one byte may be its `\r`).
        let fullLine = "GET /" + String(repeating: "a", count: Self.limits.requestLine - 5)
        #expect(Self.status(fullLine + "a") == nil)
        #expect(Self.status(fullLine + "aa") == 414)

        // "X: " + value is the header line.
        let longestValue = String(repeating: "b", count: Self.limits.headerLine - 3)
        #expect(Self.status("GET / HTTP/1.1\r\nX: \(longestValue)\r\n\r\n") == nil)
        #expect(Self.status("GET / HTTP/1.1\r\nX: \(longestValue)b\r\n\r\n") == 431)
        #expect(Self.status("GET / HTTP/1.1\r\nX: \(longestValue)bb") == 431)

        // The whole head: the request line and headers with their line ends, not the empty line.
        let requestLine = "GET / HTTP/1.1\r\n"
        let header = "X: " + String(repeating: "c", count: 1000 - 5) + "\r\n"  // 1000 bytes
        let count = (Self.limits.head - requestLine.utf8.count) / 1000
        let rest = Self.limits.head - requestLine.utf8.count - count * 1000
        let filler = rest >= 5 ? "Y: " + String(repeating: "d", count: rest - 5) + "\r\n" : ""
        let fullHead = requestLine + String(repeating: header, count: count) + filler
        #expect(fullHead.utf8.count == Self.limits.head || filler.isEmpty)
        #expect(Self.status(fullHead + "\r\n") == nil)
        #expect(Self.status(fullHead + "Z: 1\r\n\r\n") == 431)
    }

    @Test func malformedHeadsAreBadRequests() {
        let bad = ["\u{0}\u{1}binary\r\n\r\n", "GET\r\n\r\n", "GET  / HTTP/1.1\r\n\r\n", "GET http://evil.example/ HTTP/1.1\r\n\r\n",
                   "GET /a b HTTP/1.1\r\n\r\n", "GET /\u{7F} HTTP/1.1\r\n\r\n", "GET /图 HTTP/1.1\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n",
                   "GET / HTTP/1.1\r\nHost : x\r\n\r\n", "GET / HTTP/1.1\r\n: x\r\n\r\n", "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
                   "GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", "GET / HTTP/1.1\r\nX: a\u{0}\r\n\r\n",
                   "\r\nGET / HTTP/1.1\r\n\r\n", "GET / http/1.1\r\n\r\n"]
        for text in bad {
            #expect(Self.status(text) == 400, "\(text.debugDescription)")
        }
        #expect(Self.status("GET / HTTP/2.0\r\n\r\n") == 505)
        #expect(Self.status("GET / HTTP/9.9\r\n\r\n") == 505)
    }

    @Test func aMegabyteOfAnythingIsRefusedAfterTheLimitNotRead() {
        for text in ["GET /" + String(repeating: "a", count: 1 << 20), String(repeating: "\r\n", count: 1 << 19),
                     "GET / HTTP/1.1\r\n" + String(repeating: "X: y\r\n", count: 200_000)] {
            var reader = HeadReader(limits: Self.limits)
            let progress = reader.add(Array(text.utf8))
            #expect(progress != .needMore)
            #expect(reader.bytes.count <= Self.limits.head + 2, "kept \(reader.bytes.count) bytes")
        }
    }

    @Test func hostNames() {
        for host in ["127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080", "127.0.0.1", "localhost"] {
            #expect(RequestRules.allowsHost(host, port: 8080), "\(host)")
        }
        for host in ["evil.example:8080", "127.0.0.1:8081", "127.0.0.1:", "127.0.0.1:08080x", "127.0.0.1:+8080", "localhost.:8080",
                     "127.0.0.1.evil.example", "127.1:8080", "0x7f000001:8080", "[::1]:8080", "::1", "127.0.0.1:8080@evil", "", " localhost:8080"] {
            #expect(!RequestRules.allowsHost(host, port: 8080), "\(host)")
        }
        // Leading zeros are the same port number.
        #expect(RequestRules.allowsHost("127.0.0.1:08080", port: 8080))
    }

    @Test func otherSitesMayLinkHereButNotLoadFromHere() {
        #expect(RequestRules.allowsFetch(site: nil, mode: nil))
        #expect(RequestRules.allowsFetch(site: "same-origin", mode: "cors"))
        #expect(RequestRules.allowsFetch(site: "none", mode: "navigate"))
        #expect(RequestRules.allowsFetch(site: "cross-site", mode: "navigate"))
        #expect(!RequestRules.allowsFetch(site: "cross-site", mode: "no-cors"))
        #expect(!RequestRules.allowsFetch(site: "cross-site", mode: "cors"))
        #expect(!RequestRules.allowsFetch(site: "same-site", mode: "no-cors"))
    }

    @Test func aFolderWithoutItsSlashIsSentToTheSamePathOnThisServer() {
        let cases = ["/jianbao": "/jianbao/", "//jianbao": "/jianbao/", "////evil.example": "/evil.example/",
                     "/a//b?x=1&y=//z": "/a/b/?x=1&y=//z", "/a#frag": "/a/", "/a?q#frag": "/a/?q", "/a:b": "/a:b/"]
        for (target, location) in cases {
            #expect(SafePath.folderLocation(forTarget: target) == location, "\(target)")
        }
    }
}

/// `jianbao serve` with its real limits: clients that send their heads too slowly, or hold every
/// connection, do not keep the author out for long. The server is a process of its own, and the test
/// does not suspend (it sleeps with `usleep`): inside the test process both would share its few
/// threads with tests that block them, and under the whole suite wait longer than the 10 s deadline.
@Suite struct SlowClientTests {
    @Test func slowHeadsAreDroppedAndOtherClientsServed() throws {
        let site = try NewCommandTests.exampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let server = try ServeCommandTests.Server(site: site)
        let limits = RequestLimits()

        // As many clients as the server takes, each with a head it never finishes.
        let slow = try (0..<limits.connections).map { _ in try ServeCommandTests.connect(server.port) }
        defer { slow.forEach { close($0) } }
        var timeout = timeval(tv_sec: Int(limits.headSeconds) + 10, tv_usec: 0)
        for socket in slow {
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            ServeCommandTests.send(socket, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        }
        // Once the server has taken them all, one more is closed at once, unanswered (until then it
        // may still be served: try a few times).
        var turnedAway = "not tried"
        for _ in 0..<20 where !turnedAway.isEmpty {
            usleep(100_000)
            turnedAway = try ServeCommandTests.get("/jianbao/2024/19/", port: server.port)
        }
        #expect(turnedAway.isEmpty, "\(turnedAway.prefix(60))")

        // After the deadline each slow client has its 408; once they have gone, the places are free again.
        for socket in slow {
            let answer = ServeCommandTests.read(socket)
            #expect(answer.hasPrefix("HTTP/1.1 408 Request Timeout"), "\(answer.prefix(60))")
            shutdown(socket, Int32(SHUT_WR))
        }
        var page = ""
        for _ in 0..<40 where page.isEmpty {
            usleep(50_000)
            page = try ServeCommandTests.get("/jianbao/2024/19/", port: server.port)
        }
        #expect(page.hasPrefix("HTTP/1.1 200"), "\(page.prefix(60))")
    }
}
