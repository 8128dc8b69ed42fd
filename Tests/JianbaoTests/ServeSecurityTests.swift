import Foundation
import JianbaoSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What an attacker's web page can make the author's browser send to `jianbao serve` on 127.0.0.1:
/// huge request lines and headers, a rebinding host name, a `//host` path. A `jianbao serve` process,
/// a plain socket client.
@Suite struct ServeSecurityTests {
    typealias Client = ServeCommandTests

    /// Sends `request` on a new connection; the whole response and the milliseconds until it ended.
    static func exchange(_ request: String, port: UInt16) throws -> (response: String, milliseconds: Double) {
        let socket = try Client.connect(port)
        defer { close(socket) }
        let start = Date()
        Client.send(socket, request)
        let response = Client.read(socket)
        return (response, Date().timeIntervalSince(start) * 1000)
    }

    /// The fastest of three exchanges, and their status lines (all the same, or each one joined by
    /// ` | `): a busy machine may delay one exchange, but not the server's own work.
    static func fastest(_ request: String, port: UInt16) throws -> (statusLine: String, milliseconds: Double) {
        var statusLines: Set<String> = [], best = Double.infinity
        for _ in 0..<3 {
            let (response, milliseconds) = try exchange(request, port: port)
            statusLines.insert(String(response.prefix { $0 != "\r\n" }))
            best = min(best, milliseconds)
        }
        return (statusLines.sorted().joined(separator: " | "), best)
    }

    /// A connection that sends `text` from another thread (the server may never read it all) and is
    /// never finished.
    static func pending(_ text: String, port: UInt16) throws -> Int32 {
        let socket = try Client.connect(port)
        DispatchQueue.global().async { Client.send(socket, text) }
        return socket
    }

    @Test func longLinesAreRefusedAtOnceWhileOthersAreServed() throws {
        let site = try NewCommandTests.exampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let server = try Client.Server(site: site)
        // Two request lines of 600 KB that never end: the probe's hang.
        let hogs = try (0..<2).map { _ in try Self.pending("GET /" + String(repeating: "a", count: 600_000), port: server.port) }
        defer { hogs.forEach { close($0) } }
        usleep(200_000)

        let page = try Self.exchange("GET /jianbao/2024/19/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", port: server.port)
        #expect(page.response.hasPrefix("HTTP/1.1 200"), "another client is served: \(page.response.prefix(60))")
        #expect(page.response.contains("鲁山县法治政府创建工作督导组"))

        let longLine = try Self.fastest("GET /" + String(repeating: "a", count: 100_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", port: server.port)
        #expect(longLine.statusLine == "HTTP/1.1 414 URI Too Long")
        #expect(longLine.milliseconds < 100, "a 100 KB request line took \(longLine.milliseconds) ms")

        let longHeader = try Self.fastest("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + String(repeating: "b", count: 100_000) + "\r\n\r\n",
                                          port: server.port)
        #expect(longHeader.statusLine == "HTTP/1.1 431 Request Header Fields Too Large")
        #expect(longHeader.milliseconds < 100, "a 100 KB header took \(longHeader.milliseconds) ms")

        // Many headers, each short, that add up to more than the head may hold.
        let manyHeaders = String(repeating: "X-Many: " + String(repeating: "c", count: 1000) + "\r\n", count: 100)
        let tooMany = try Self.fastest("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\(manyHeaders)\r\n", port: server.port)
        #expect(tooMany.statusLine == "HTTP/1.1 431 Request Header Fields Too Large")

        print("serve: a 100 KB request line answered \(longLine.statusLine) in \(Int(longLine.milliseconds)) ms, a 100 KB header "
              + "\(longHeader.statusLine) in \(Int(longHeader.milliseconds)) ms, 100 headers of 1 KB in \(Int(tooMany.milliseconds)) ms (fastest of 3)")
        let again = try Self.exchange("GET /style.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", port: server.port)
        #expect(again.response.hasPrefix("HTTP/1.1 200"), "still served: \(again.response.prefix(60))")
        #expect(server.process.isRunning)
    }

    @Test func onlyLoopbackHostNamesAreServed() throws {
        let site = try NewCommandTests.exampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let server = try Client.Server(site: site)
        let port = server.port
        func get(_ path: String, host: String?) throws -> String {
            let hostLine = host.map { "Host: \($0)\r\n" } ?? ""
            return try Self.exchange("GET \(path) HTTP/1.1\r\n\(hostLine)Connection: close\r\n\r\n", port: port).response
        }
        // As browsers send it: with the port (without it only on port 80), the name in any case.
        for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LocalHost:\(port)", "127.0.0.1"] {
            let page = try get("/jianbao/2024/19/", host: host)
            #expect(page.hasPrefix("HTTP/1.1 200"), "Host: \(host): \(page.prefix(60))")
            #expect(page.contains("鲁山县法治政府创建工作督导组"))
        }
        // A DNS-rebinding page's own name, look-alikes, another port, user info, nothing at all.
        let foreign = ["evil.example:\(port)", "evil.example", "127.0.0.1.evil.example:\(port)", "localhost.evil.example",
                       "127.0.0.1:\(port &+ 1)", "[::1]:\(port)", "127.0.0.1:\(port)@evil.example", "localhost:\(port) x", ""]
        for host in foreign {
            for path in ["/jianbao/2024/19/", "/_jianbao/events"] {
                let response = try get(path, host: host)
                #expect(response.hasPrefix("HTTP/1.1 403") || response.hasPrefix("HTTP/1.1 400"), "Host: «\(host)» \(path): \(response.prefix(60))")
                #expect(!response.contains("督导组") && !response.contains("text/event-stream"))
            }
        }
        let missing = try get("/jianbao/2024/19/", host: nil)
        #expect(missing.hasPrefix("HTTP/1.1 400"), "\(missing.prefix(60))")
        // Another site may link here (a navigation), but not load a page or the events into its own.
        let fetchHeaders = "Host: 127.0.0.1:\(port)\r\nSec-Fetch-Site: cross-site\r\nSec-Fetch-Mode:"
        let embedded = try Self.exchange("GET /jianbao/2024/19/ HTTP/1.1\r\n\(fetchHeaders) no-cors\r\n\r\n", port: port).response
        #expect(embedded.hasPrefix("HTTP/1.1 403"), "\(embedded.prefix(60))")
        let linked = try Self.exchange("GET /jianbao/2024/19/ HTTP/1.1\r\n\(fetchHeaders) navigate\r\n\r\n", port: port).response
        #expect(linked.hasPrefix("HTTP/1.1 200"), "\(linked.prefix(60))")

        let twice = try Self.exchange("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n", port: port).response
        #expect(twice.hasPrefix("HTTP/1.1 400"), "\(twice.prefix(60))")
    }

    @Test func redirectsStayOnThisServer() throws {
        let site = try NewCommandTests.exampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let server = try Client.Server(site: site)
        let cases = ["//jianbao": "/jianbao/", "/jianbao": "/jianbao/", "///jianbao//2024?x=1": "/jianbao/2024/?x=1",
                     "/jianbao/2024": "/jianbao/2024/"]
        for (path, expected) in cases {
            let response = try Client.get(path, port: server.port)
            #expect(response.hasPrefix("HTTP/1.1 301"), "\(path): \(response.prefix(60))")
            let location = response.split(separator: "\r\n").first { $0.lowercased().hasPrefix("location:") }
                .map { String($0.dropFirst("location:".count)).trimmingCharacters(in: .whitespaces) }
            #expect(location == expected, "\(path)")
            #expect(location?.hasPrefix("//") == false && location?.contains("\\") == false)
        }
    }
}
