import Foundation
import FlyingSocks
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The preview's HTTP/1.1 server on 127.0.0.1: FlyingSocks' sockets and event loop, with a request
/// reader of our own that bounds what a client may send and how long it may take (`RequestLimits`)
/// before anything is parsed.
///
/// FlyingFox's server (which the preview used before) reads a line in time quadratic in its length,
/// with no limit and no read timeout, and its reader cannot be replaced or put behind a limit: a
/// 100 KB line took 4.4 s and two 600 KB lines stopped it. Here each connection carries one
/// request, whose head is read with a limit and a deadline; the answer closes the connection.
struct LoopbackServer: Sendable {
    let limits: RequestLimits
    /// Answers a request that `RequestRules` let through.
    let respond: @Sendable (RequestHead) async -> PreviewResponse

    /// Binds 127.0.0.1:`port` (0: any free port) and listens; throws `ServeError.cannotListen`.
    static func listen(port: UInt16) throws(ServeError) -> (socket: Socket, port: UInt16) {
        do {
            let socket = try Socket(domain: AF_INET)
            try socket.setValue(true, for: .localAddressReuse)
            try socket.bind(to: .inet(ip4: "127.0.0.1", port: port))
            try socket.listen()
            guard case .ip4(_, let bound) = try socket.sockname() else { throw SocketError.unsupportedAddress }
            return (socket, bound)
        } catch SocketError.failed(_, _, let message) {
            throw .cannotListen(port: port, reason: message)
        } catch {
            throw .cannotListen(port: port, reason: "\(error)")
        }
    }

    /// Accepts connections until cancelled; each is served in a task of its own.
    func run(listening socket: Socket, port: UInt16) async throws {
        let pool = SocketPool.make()
        try await pool.prepare()
        let listener = try AsyncSocket(socket: socket, pool: pool)
        let open = OpenConnections(limit: limits.connections)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pool.run() }
            group.addTask {
                try await withThrowingDiscardingTaskGroup { connections in
                    for try await client in listener.sockets {
                        guard open.admit() else {
                            try? client.close()
                            continue
                        }
                        connections.addTask {
                            await serve(client, port: port)
                            open.leave()
                        }
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// One request: its head within the limits and the deadline, the answer, then the close.
    func serve(_ client: AsyncSocket, port: UInt16) async {
        defer { try? client.close() }
        let response: PreviewResponse
        switch await readHead(client) {
        case .complete(let request):
            if let refusal = RequestRules.refusal(of: request, port: port) {
                response = refusal
            } else {
                response = await respond(request)
            }
            if case .events(let stream) = response.body {
                await sendEvents(stream, head: response.head(bodyLength: nil), to: client)
                return
            }
            await send(response, omittingBody: request.method == "HEAD", to: client)
        case .refused(let status):
            await send(.page(status, Self.explanation(status)), omittingBody: false, to: client)
        case .needMore:
            // The client closed the connection before its head was complete.
            return
        }
    }

    /// The head, `.refused` when it breaks a limit, is malformed or takes too long, `.needMore` when
    /// the client went away first.
    func readHead(_ client: AsyncSocket) async -> HeadReader.Progress {
        let limits = self.limits
        let outcome = await Self.withDeadline(seconds: limits.headSeconds) { () async -> HeadReader.Progress in
            var reader = HeadReader(limits: limits)
            while true {
                guard let chunk = try? await client.read(atMost: 4096) else { return .needMore }
                let progress = reader.add(chunk)
                if progress != .needMore { return progress }
            }
        }
        return outcome ?? .refused(.requestTimeout)
    }

    /// Writes the response, then closes gently (see `linger`); a client that reads too slowly is dropped.
    func send(_ response: PreviewResponse, omittingBody: Bool, to client: AsyncSocket) async {
        guard case .bytes(let body) = response.body else { return }
        _ = await Self.withDeadline(seconds: limits.writeSeconds) { () async -> Bool in
            do {
                try await client.write(Data(response.head(bodyLength: body.count) + (omittingBody ? [] : body)))
            } catch {
                return false
            }
            await Self.linger(client)
            return true
        }
    }

    /// The reload events, as they come, until the tab goes (a write fails) or the server stops.
    func sendEvents(_ stream: AsyncStream<[UInt8]>, head: [UInt8], to client: AsyncSocket) async {
        do {
            try await client.write(Data(head))
            for await event in stream { try await client.write(Data(event)) }
        } catch {
            return
        }
    }

    /// Closing a socket with unread bytes makes the kernel reset the connection, and the client may
    /// then lose the answer before reading it (a 414 sent after 8 KB of a 100 KB line). So: stop
    /// sending, read and drop what is still coming for a moment, then close.
    static func linger(_ client: AsyncSocket) async {
        shutdown(client.socket.file.rawValue, Int32(SHUT_WR))
        _ = await withDeadline(seconds: 1) { () async -> Bool in
            var dropped = 0
            while dropped < 1 << 20, let chunk = try? await client.read(atMost: 4096) { dropped += chunk.count }
            return true
        }
    }

    /// `body`'s result, or nil when it did not finish within `seconds` (it is then cancelled).
    static func withDeadline<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async -> T) async -> T? {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { await body() }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    static func explanation(_ status: HTTPStatus) -> String {
        switch status.code {
        case 408: return "The request did not arrive in time."
        case 414: return "The address is too long for this preview."
        case 431: return "The request's headers are too large for this preview."
        case 505: return "This preview speaks HTTP/1.1."
        default: return "The request is not well-formed HTTP/1.1."
        }
    }
}

/// How many connections are being served, and the most there may be.
final class OpenConnections: Sendable {
    private let count = Mutex(0)
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts one more connection; false (and nothing counted) when there are `limit` already.
    func admit() -> Bool {
        count.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func leave() {
        count.withLock { $0 -= 1 }
    }
}
