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
