import Jianbao
import JianbaoSupport

/// Where `jianbao serve` reads, writes its preview build, and listens.
public struct ServeOptions: Sendable {
    public var content: String
    public var templates: String
    /// The preview build, with drafts; never `public/`, so that a preview is never published by mistake.
    public var output: String
    /// 0 picks a free port.
    public var port: UInt16
    /// How often Content/ and Templates/ are looked at, in milliseconds.
    public var pollMilliseconds: Int
    /// Replace the preview folder even when jianbao did not make it (`--force`).
    public var replaceUnmarkedOutput: Bool
    /// What a request may send and how long it may take.
    public var limits: RequestLimits

    public init(content: String = "Content", templates: String = "Templates", output: String = ".jianbao-preview",
                port: UInt16 = 8080, pollMilliseconds: Int = 300, replaceUnmarkedOutput: Bool = false,
                limits: RequestLimits = RequestLimits()) {
        self.content = content
        self.templates = templates
        self.output = output
        self.port = port
        self.pollMilliseconds = pollMilliseconds
        self.replaceUnmarkedOutput = replaceUnmarkedOutput
        self.limits = limits
    }
}

/// Why the preview server could not run.
public enum ServeError: Error, Sendable {
    /// The port could not be opened on 127.0.0.1 (in use, or not allowed).
    case cannotListen(port: UInt16, reason: String)
    /// The preview folder may not be replaced: it holds or is the content, or jianbao did not make it.
    case refusedOutput(BuildError)
}

/// `jianbao serve`: builds (drafts included), serves the build on 127.0.0.1, rebuilds when a file in
/// Content/ or Templates/ changes and tells the open tabs to reload. A failed build is shown in the
/// browser as a page naming file and line; the server keeps running.
public actor PreviewServer {
    public let options: ServeOptions
    let events = ReloadEvents()
    /// Bumped by every build, failed or not.
    private(set) var version = 0
    /// The last build's errors (and warnings); empty when it succeeded.
    private(set) var failure: [Diagnostic] = []

    public init(options: ServeOptions) {
        self.options = options
    }

    /// Builds, listens, and watches until cancelled. `say` receives lines for the terminal.
    public func run(say: @escaping @Sendable (String) -> Void) async throws {
        do throws(BuildError) {
            try builder.checkOutput()
        } catch {
            throw ServeError.refusedOutput(error)
        }
        say(await rebuild())
        let (socket, port) = try LoopbackServer.listen(port: options.port)
        let server = LoopbackServer(limits: options.limits) { request in await self.response(for: request) }
        say("serving http://127.0.0.1:\(port)/ (drafts shown; press Ctrl-C to stop)")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run(listening: socket, port: port) }
            group.addTask { try await self.watch(say: say) }
            try await group.next()
            group.cancelAll()
        }
    }

    var builder: Builder {
        Builder(options: BuildOptions(content: options.content, output: options.output, templates: options.templates,
                                      includeDrafts: true, replaceUnmarkedOutput: options.replaceUnmarkedOutput))
    }

    /// Polls the folders; on a change, rebuilds and tells the tabs.
    private func watch(say: @escaping @Sendable (String) -> Void) async throws {
        let watcher = ChangeWatcher(folders: [options.content, options.templates])
        var last = watcher.snapshot()
        var sincePing = 0
        while !Task.isCancelled {
            try await Task.sleep(nanoseconds: UInt64(options.pollMilliseconds) * 1_000_000)
            sincePing += options.pollMilliseconds
            if sincePing >= 10_000 {
                sincePing = 0
                await events.ping()
            }
            let now = watcher.snapshot()
            guard now != last else { continue }
            last = now
            say(await rebuild())
            await events.reload(version: version)
        }
    }

    /// One build of the preview; the line to print.
    func rebuild() async -> String {
        version += 1
        do {
            let report = try await builder.build()
            failure = []
            if report.upToDate { return "up to date: nothing changed since the last build (\(report.milliseconds) ms)" }
            return "built \(report.pages) pages in \(report.milliseconds) ms" + (report.warnings.isEmpty ? "" : ", \(report.warnings.count) warnings")
        } catch {
            switch error {
            case .invalidInput(let diagnostics):
                failure = diagnostics
            case .publishFailed(let problem, let warnings):
                failure = warnings + [.error(at: SourceLocation(file: problem.path), problem.message, hint: problem.hint)]
            case .unsafeOutput(let path, let reason):
                failure = [.error(at: SourceLocation(file: path), "refusing to use this output folder: \(reason)")]
            case .foreignOutput(let refusal):
                failure = [.error(at: SourceLocation(file: refusal.path), refusal.message, hint: refusal.hint)]
            }
            let errors = failure.errors
            return "build failed: " + (errors.first?.formatted.split(separator: "\n").first.map(String.init) ?? "error")
                + (errors.count > 1 ? " (and \(errors.count - 1) more, shown in the browser)" : "")
        }
    }

    // MARK: Answering requests

    /// The answer to a request `RequestRules` let through.
    func response(for request: RequestHead) async -> PreviewResponse {
        // The raw path as the client sent it: `SafePath` does its own decoding and refuses `..`.
        let requested = String(request.path)
        guard request.method == "GET" || request.method == "HEAD" else {
            return Self.page(.methodNotAllowed, text: "The preview only answers GET.")
        }
        if requested == "/_jianbao/events" {
            let stream = await events.subscribe(version: version)
            return PreviewResponse(status: .ok, headers: [("Content-Type", "text/event-stream; charset=utf-8"), ("Cache-Control", "no-cache")],
                                   body: .events(stream))
        }
        if !failure.isEmpty { return Self.errorPage(failure) }
        guard let relative = SafePath.relativeFile(forRequestPath: requested) else {
            return Self.page(.forbidden, text: "This address is outside the preview.")
        }
        var path = Path.join(options.output, relative)
        let disk = DiskFileSystem()
        if disk.kind(of: path) == .directory {
            guard requested.hasSuffix("/") else {
                return PreviewResponse(status: .movedPermanently, headers: [("Location", SafePath.folderLocation(forTarget: request.target))])
            }
            path = Path.join(path, "index.html")
        }
        guard disk.kind(of: path) == .file, let bytes = try? disk.read(path) else {
            return Self.page(.notFound, text: "No page at \(requested.htmlEscaped) in this build.")
        }
        let type = Self.contentType(of: path)
        let body = type.hasPrefix("text/html") ? Self.withReloadScript(bytes) : bytes
        return PreviewResponse(status: .ok, headers: [("Content-Type", type), ("Cache-Control", "no-store")], body: .bytes(body))
    }

    /// The script that reloads the tab after a rebuild; added to served HTML only, never to the files.
    static let reloadScript = "<script>new EventSource(\"/_jianbao/events\").addEventListener(\"reload\",function(){location.reload()});</script>"

    static func withReloadScript(_ bytes: [UInt8]) -> [UInt8] {
        let html = String(decoding: bytes, as: UTF8.self)
        guard let end = html.firstRange(of: "</body>") else { return Array((html + reloadScript).utf8) }
        return Array((html[..<end.lowerBound] + reloadScript + html[end.lowerBound...]).utf8)
    }

    static func contentType(of path: String) -> String {
        switch Path.fileExtension(path) {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "xml": return "application/xml; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "jpg", "jpeg": return "image/jpeg"
        case "png": return "image/png"
        case "gif": return "image/gif"
        case "svg": return "image/svg+xml"
        case "webp": return "image/webp"
        case "pdf": return "application/pdf"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }

    /// The browser's view of a failed build: each problem with its file and line. It reloads too.
    static func errorPage(_ diagnostics: [Diagnostic]) -> PreviewResponse {
        let items = diagnostics.map { diagnostic in
            "<li class=\"\(diagnostic.severity.rawValue)\"><code>\(diagnostic.location.description.htmlEscaped)</code> "
                + "<b>\(diagnostic.severity.rawValue)</b>: \(diagnostic.message.htmlEscaped)"
                + (diagnostic.hint.map { "<br><small>hint: \($0.htmlEscaped)</small>" } ?? "") + "</li>"
        }.joined(separator: "\n")
        let errors = diagnostics.errors.count
        let html = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>构建失败 build failed</title>
            <style>body{font-family:sans-serif;margin:2em;max-width:60em}li{margin:.8em 0}.error b{color:#b00}code{background:#f4f4f4}</style>
            </head><body>
            <h1>构建失败 — build failed: \(errors) error\(errors == 1 ? "" : "s")</h1>
            <p>Fix the file and save it: this page reloads by itself.</p>
            <ul>
            \(items)
            </ul>
            \(reloadScript)
            </body></html>
            """
        return PreviewResponse(status: .internalServerError, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
                               body: .bytes(Array(html.utf8)))
    }

    /// A short page that reloads after the next build.
    static func page(_ status: HTTPStatus, text: String) -> PreviewResponse {
        .page(status, text, after: reloadScript)
    }
}
