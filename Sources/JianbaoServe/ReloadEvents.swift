import FlyingFox
import FlyingSocks

/// The open preview tabs, each listening on `/_jianbao/events` for server-sent events.
actor ReloadEvents {
    private var listeners: [Int: AsyncStream<[UInt8]>.Continuation] = [:]
    private var nextID = 0

    /// A new listener's stream of event bytes; it starts with a `hello` so the client knows it is connected.
    func subscribe(version: Int) -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        let id = nextID
        nextID += 1
        listeners[id] = continuation
        continuation.onTermination = { _ in Task { await self.remove(id) } }
        continuation.yield(Array("retry: 500\nevent: hello\ndata: \(version)\n\n".utf8))
        return stream
    }

    private func remove(_ id: Int) {
        listeners[id] = nil
    }

    /// Tells every open tab to reload.
    func reload(version: Int) {
        for continuation in listeners.values {
            continuation.yield(Array("event: reload\ndata: \(version)\n\n".utf8))
        }
    }

    /// A comment line that keeps idle connections open.
    func ping() {
        for continuation in listeners.values { continuation.yield(Array(": ping\n\n".utf8)) }
    }

    var count: Int { listeners.count }
}

/// An event stream as the bytes FlyingFox sends, one event per chunk, as soon as it happens.
struct EventBytes: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let events: AsyncStream<[UInt8]>

    func makeAsyncIterator() -> Iterator { Iterator(base: events.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var base: AsyncStream<[UInt8]>.Iterator
        var pending: [UInt8] = []

        mutating func next() async -> UInt8? {
            if pending.isEmpty { pending = await base.next() ?? [] }
            return pending.isEmpty ? nil : pending.removeFirst()
        }

        mutating func nextBuffer(suggested count: Int) async -> [UInt8]? {
            if !pending.isEmpty {
                defer { pending = [] }
                return pending
            }
            return await base.next()
        }
    }
}
