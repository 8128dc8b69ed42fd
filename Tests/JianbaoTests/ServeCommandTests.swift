import Foundation
import JianbaoServe
import JianbaoSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `jianbao serve` as a user runs it: a process on a free loopback port, read by a plain socket client.
@Suite(.serialized) struct ServeCommandTests {
    /// A started `jianbao serve --port 0` and the port it printed.
    final class Server {
        let process = Process()
        let output = Pipe()
        var port: UInt16 = 0

        init(site: String) throws {
            process.executableURL = URL(fileURLWithPath: TestSupport.executable)
            process.arguments = ["serve", "--port", "0"]
            process.currentDirectoryURL = URL(fileURLWithPath: site)
            process.standardOutput = output
            process.standardError = output
            try process.run()
            var seen = ""
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                let data = output.fileHandleForReading.availableData
                seen += String(decoding: data, as: UTF8.self)
                if let range = seen.range(of: "http://127.0.0.1:"), let end = seen[range.upperBound...].firstIndex(of: "/"),
                   let port = UInt16(seen[range.upperBound..<end]) {
                    self.port = port
                    return
                }
                if data.isEmpty { break }
            }
            throw CancellationError()
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// A connected TCP socket to 127.0.0.1 with a receive timeout.
    static func connect(_ port: UInt16) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw CancellationError() }
        return socket
    }

    static func send(_ socket: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
    }

    /// Reads until `marker` has arrived, the connection closes or the timeout passes.
    static func read(_ socket: Int32, until marker: String? = nil) -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = Glibc.read(socket, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer.prefix(count)
            if let marker, String(decoding: received, as: UTF8.self).contains(marker) { break }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// One GET with the path sent exactly as given; the whole response.
    static func get(_ path: String, port: UInt16) throws -> String {
        let socket = try connect(port)
        defer { close(socket) }
        send(socket, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        return read(socket)
    }

    @Test func servesOnLoopbackReloadsAfterAChangeAndShowsErrors() throws {
        let site = try NewCommandTests.exampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        try DiskFileSystem().write("---\nnumber: 20\ndate: 2024-01-19\ndraft: true\n---\n\n# 预览文章\n\n正文。\n", to: site + "/Content/jianbao/2024/20.md")
        let server = try Server(site: site)

        let page = try Self.get("/jianbao/2024/19/", port: server.port)
        #expect(page.hasPrefix("HTTP/1.1 200"))
        #expect(page.contains("鲁山县法治政府创建工作督导组"))
        #expect(page.contains("new EventSource(\"/_jianbao/events\")"), "the reload script is added to served HTML")
        let onDisk = try TestSupport.readText(site + "/.jianbao-preview/jianbao/2024/19/index.html")
        #expect(!onDisk.contains("EventSource"), "but never to the files")
        #expect(!FileManager.default.fileExists(atPath: site + "/public"), "the preview does not touch public/")

        let draft = try Self.get("/jianbao/2024/20/", port: server.port)
        #expect(draft.hasPrefix("HTTP/1.1 200"))
        #expect(draft.contains("预览文章") && draft.contains("草稿，未发布"), "drafts are shown, marked 草稿")

        // A tab listening for reloads.
        let events = try Self.connect(server.port)
        defer { close(events) }
        Self.send(events, "GET /_jianbao/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let hello = Self.read(events, until: "event: hello")
        #expect(hello.contains("text/event-stream"))

        // A broken date: the tab is told to reload, and the page names file and line.
        let path = site + "/Content/jianbao/2024/19.md"
        let good = try TestSupport.readText(path)
        try DiskFileSystem().write(good.replacingOccurrences(of: "date: 2024-01-12", with: "date: 2024-01-32"), to: path)
        let reload = Self.read(events, until: "event: reload")
        #expect(reload.contains("event: reload"))
        let failed = try Self.get("/jianbao/2024/19/", port: server.port)
        #expect(failed.hasPrefix("HTTP/1.1 500"))
        #expect(failed.contains("Content/jianbao/2024/19.md:3:7"))

        // Fixed again: another reload, and the page is back; the server kept running.
        try DiskFileSystem().write(good.replacingOccurrences(of: "有针对性的整改意见", with: "有针对性的整改建议"), to: path)
        #expect(Self.read(events, until: "event: reload").contains("event: reload"))
        let fixed = try Self.get("/jianbao/2024/19/", port: server.port)
        #expect(fixed.hasPrefix("HTTP/1.1 200"))
        #expect(fixed.contains("有针对性的整改建议"))
    }

    @Test func refusesPathsOutsideThePreview() throws {
        let site = try NewCommandTests.exampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let server = try Server(site: site)
        for path in ["/../Content/site.yml", "/%2e%2e/Content/site.yml", "/jianbao/%2E%2E/%2e%2e/%2e%2e/Content/site.yml",
                     "/..%2fContent/site.yml", "/jianbao/..%5c..%5cContent/site.yml"] {
            let response = try Self.get(path, port: server.port)
            #expect(response.hasPrefix("HTTP/1.1 403") || response.hasPrefix("HTTP/1.1 404"), "\(path): \(response.prefix(40))")
            #expect(!response.contains("base_url"), "\(path) must not serve Content/site.yml")
        }
        #expect(try Self.get("/style.css", port: server.port).hasPrefix("HTTP/1.1 200"))

        // A second preview on the same port says so and stops.
        let second = try TestSupport.runJianbao(["serve", "--port", "\(server.port)"], in: site)
        #expect(second.status == 1)
        #expect(second.standardError.contains("127.0.0.1:\(server.port): error: cannot listen on this port"))
    }

    @Test func listensOnLoopbackOnlyAndSurvivesMalformedRequests() throws {
        let site = try NewCommandTests.exampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let server = try Server(site: site)

        // The kernel's table of listening TCP sockets: ours is bound to 127.0.0.1 (0100007F), not 0.0.0.0.
        let hexPort = String(format: "%04X", server.port)
        let table = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)
        var listening: [String] = []  // local addresses of sockets in state 0A (LISTEN) on our port
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count > 3, fields[3] == "0A", fields[1].hasSuffix(":\(hexPort)") else { continue }
            listening.append(fields[1])
        }
        #expect(listening == ["0100007F:\(hexPort)"])

        let longPath = String(repeating: "a", count: 100_000)
        let longHeader = "X-Long: " + String(repeating: "b", count: 1000) + "\r\n"
        var garbage: [String] = ["\u{0}\u{1}\u{2}\u{FF}binary\r\n\r\n", "GET\r\n\r\n", "GET /jianbao/ HTTP/9.9\r\n\r\n"]
        garbage.append("GET /\(longPath) HTTP/1.1\r\nHost: x\r\n\r\n")
        garbage.append("GET / HTTP/1.1\r\n\(String(repeating: longHeader, count: 200))\r\n")
        garbage.append("POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\nshort")
        garbage.append("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  // never finished
        for request in garbage {
            let socket = try Self.connect(server.port)
            Self.send(socket, request)
            shutdown(socket, Int32(SHUT_WR))
            _ = Self.read(socket)
            close(socket)
        }
        let page = try Self.get("/jianbao/2024/19/", port: server.port)
        #expect(page.hasPrefix("HTTP/1.1 200"), "the server still answers after malformed requests")
        #expect(server.process.isRunning)
    }

    @Test func safePathRules() {
        #expect(SafePath.relativeFile(forRequestPath: "/") == "index.html")
        #expect(SafePath.relativeFile(forRequestPath: "/jianbao/2024/19/") == "jianbao/2024/19/index.html")
        #expect(SafePath.relativeFile(forRequestPath: "/a/%E5%9B%BE.jpg?x=1") == "a/图.jpg")
        #expect(SafePath.relativeFile(forRequestPath: "/a/../b") == nil)
        #expect(SafePath.relativeFile(forRequestPath: "/%2E%2e/b") == nil)
        #expect(SafePath.relativeFile(forRequestPath: "/a%2f..%2fb") == nil)
        #expect(SafePath.relativeFile(forRequestPath: "/a%00b") == nil)
        #expect(SafePath.relativeFile(forRequestPath: "/a%zz") == nil)
    }
}
