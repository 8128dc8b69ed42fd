import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium, one browser session for the whole batch (0.8 s a page instead of 3.5 s for a
/// browser per page). `--remote-debugging-pipe` speaks the DevTools protocol on descriptors 3 (in)
/// and 4 (out): JSON messages, each ended by a NUL byte, so no WebSocket is needed.
struct ChromiumEngine: PDFEngine {
    let browser: String?
    let environment: [String: String]
    let profileFolder: String
    private var process: ChildProcess?
    private var reader: RecordReader?
    private var nextID = 0
    private var sessionID: String?
    private var loadFired = false

    static let candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// `browser` is JIANBAO_CHROMIUM when set, else the first of `candidates` on PATH.
    init(environment: [String: String], profileFolder: String) {
        if let chosen = environment["JIANBAO_CHROMIUM"] {
            browser = ProgramLocator.find(chosen, path: environment["PATH"])
        } else {
            browser = Self.candidates.lazy.compactMap { ProgramLocator.find($0, path: environment["PATH"]) }.first
        }
        self.environment = environment
        self.profileFolder = profileFolder
    }

    mutating func start() throws(PrintError) -> String {
        guard let browser else {
            if let chosen = environment["JIANBAO_CHROMIUM"] {
                throw .toolMissing(.chromium, detail: "JIANBAO_CHROMIUM is `\(chosen)`, which is not a program that can be run")
            }
            throw .toolMissing(.chromium, detail: "no browser found (looked for JIANBAO_CHROMIUM, then \(Self.candidates.joined(separator: ", ")) on PATH)")
        }
        var arguments = ["--headless", "--disable-gpu", "--remote-debugging-pipe", "--no-first-run",
                         "--no-default-browser-check", "--disable-extensions", "--user-data-dir=\(profileFolder)"]
        // Chromium refuses to run as root with its sandbox on.
        if geteuid() == 0 { arguments.append("--no-sandbox") }
        arguments.append("about:blank")
        do {
            process = try ChildProcess(executable: browser, arguments: arguments,
                                       wiring: [0: .devNull, 1: .devNull, 2: .devNull, 3: .input, 4: .output])
        } catch {
            throw .toolMissing(.chromium, detail: "\(browser) does not start: \(error.message)")
        }
        reader = RecordReader(fd: process!.ends[4]!, delimiter: 0)
        let version = try command("Browser.getVersion", page: nil)["product"] as? String ?? "Chromium"
        let target = try command("Target.createTarget", ["url": "about:blank"], page: nil)
        guard let targetID = target["targetId"] as? String else {
            throw .engineFailed(.chromium, page: nil, message: "the browser opened no tab")
        }
        let attached = try command("Target.attachToTarget", ["targetId": targetID, "flatten": true], page: nil)
        sessionID = attached["sessionId"] as? String
        _ = try command("Page.enable", page: nil)
        return "Chromium (\(version), \(browser))"
    }

    mutating func render(_ jobs: [PrintJob], onPrinted: (PrintedPDF) -> Void) throws(PrintError) {
        for job in jobs {
            let started = DispatchTime.now().uptimeNanoseconds
            loadFired = false
            let navigation = try command("Page.navigate", ["url": URL(fileURLWithPath: job.page).absoluteString], page: job.label)
            if let problem = navigation["errorText"] as? String {
                throw .engineFailed(.chromium, page: job.label, message: "cannot open \(job.page): \(problem)")
            }
            while !loadFired { try handle(try nextMessage(page: job.label)) }
            // The page's own print rules set the paper (@page size: A4, margins); no header or footer.
            let printed = try command("Page.printToPDF", [
                "printBackground": true, "preferCSSPageSize": true, "displayHeaderFooter": false,
            ], page: job.label)
            guard let base64 = printed["data"] as? String, let data = Data(base64Encoded: base64) else {
                throw .engineFailed(.chromium, page: job.label, message: "the browser returned no PDF")
            }
            do {
                try data.write(to: URL(fileURLWithPath: job.pdf + ".part"))
                try FileManager.default.moveItem(atPath: job.pdf + ".part", toPath: job.pdf, replacing: true)
            } catch {
                throw .cannotWrite(path: job.pdf, message: "\(error.localizedDescription)")
            }
            let milliseconds = Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
            onPrinted(PrintedPDF(job: job, pages: Self.countPages(data), milliseconds: milliseconds))
        }
    }

    mutating func stop() {
        guard let process else { return }
        if let message = try? JSONSerialization.data(withJSONObject: ["id": 0, "method": "Browser.close"]) {
            _ = process.write(Array(message) + [0], to: 3)
        }
        process.closeEnd(3)
        process.wait()
        self.process = nil
    }

    /// Sends one command (to the tab's session unless it is a `Browser.`/`Target.` command) and
    /// returns its result, handling the events that arrive before it.
    private mutating func command(_ method: String, _ parameters: [String: Any] = [:], page: String?) throws(PrintError) -> [String: Any] {
        nextID += 1
        var message: [String: Any] = ["id": nextID, "method": method, "params": parameters]
        if !method.hasPrefix("Browser.") && !method.hasPrefix("Target."), let sessionID { message["sessionId"] = sessionID }
        guard let process, let bytes = try? JSONSerialization.data(withJSONObject: message),
              process.write(Array(bytes) + [0], to: 3) else {
            throw .engineFailed(.chromium, page: page, message: "the browser has stopped")
        }
        while true {
            let answer = try nextMessage(page: page)
            if answer["id"] as? Int == nextID {
                if let error = answer["error"] as? [String: Any] {
                    throw .engineFailed(.chromium, page: page, message: "\(method): \(error["message"] ?? error)")
                }
                return answer["result"] as? [String: Any] ?? [:]
            }
            try handle(answer)
        }
    }

    private mutating func handle(_ event: [String: Any]) throws(PrintError) {
        if event["method"] as? String == "Page.loadEventFired" { loadFired = true }
    }

    private mutating func nextMessage(page: String?) throws(PrintError) -> [String: Any] {
        do {
            let bytes = try reader!.next(timeout: 120)
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                throw PrintError.engineFailed(.chromium, page: page, message: "the browser sent something that is not JSON")
            }
            return object
        } catch let error as PrintError {
            throw error
        } catch RecordReader.Failure.timedOut {
            process?.terminate()
            stop()
            throw .engineFailed(.chromium, page: page, message: "no answer from the browser in 120 s")
        } catch {
            stop()
            throw .engineFailed(.chromium, page: page, message: "the browser stopped")
        }
    }

    /// The number of `/Type /Page` objects (not `/Pages`) in a PDF.
    static func countPages(_ data: Data) -> Int {
        let needle = Array("/Type /Page".utf8)
        let bytes = [UInt8](data)
        var count = 0, index = 0
        while index + needle.count < bytes.count {
            if bytes[index] == needle[0] && Array(bytes[index..<index + needle.count]) == needle && bytes[index + needle.count] != UInt8(ascii: "s") {
                count += 1
                index += needle.count
            } else {
                index += 1
            }
        }
        return count
    }
}

extension FileManager {
    /// Renames `source` to `destination`, replacing a file there in one step (rename(2)); a folder in
    /// its place is an error, never removed.
    func moveItem(atPath source: String, toPath destination: String, replacing: Bool) throws {
        guard replacing else { return try moveItem(atPath: source, toPath: destination) }
        if rename(source, destination) != 0 {
            let reason = String(cString: strerror(errno))
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination, NSLocalizedDescriptionKey: reason])
        }
    }
}
