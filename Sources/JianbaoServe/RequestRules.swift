/// Which requests the preview answers at all, before it looks at the path. The server listens on
/// 127.0.0.1 only, so only programs on this machine can connect — among them the author's browser,
/// which any web page can make send requests here.
public enum RequestRules {
    /// Why a request is refused; nil when it may be answered.
    public static func refusal(of request: RequestHead, port: UInt16) -> PreviewResponse? {
        let hosts = request.values("host")
        guard hosts.count == 1, let host = hosts.first, !host.isEmpty else {
            return .page(.badRequest, "A request needs exactly one Host header.")
        }
        guard allowsHost(host, port: port) else {
            return .page(.forbidden, "This preview answers only to http://127.0.0.1:\(port)/ and http://localhost:\(port)/.")
        }
        guard allowsFetch(site: request.values("sec-fetch-site").first, mode: request.values("sec-fetch-mode").first) else {
            return .page(.forbidden, "Another web site may not load from this preview.")
        }
        return nil
    }

    /// `127.0.0.1` or `localhost` (any case), with this port or none (browsers leave out port 80).
    ///
    /// A DNS-rebinding page reaches 127.0.0.1 under its own name (`evil.example:8080`), and its
    /// scripts may read only what is served under that name: refusing every other name keeps the
    /// drafts from it.
    public static func allowsHost(_ host: String, port: UInt16) -> Bool {
        let name: Substring, portText: Substring?
        if let colon = host.lastIndex(of: ":") {
            name = host[..<colon]
            portText = host[host.index(after: colon)...]
        } else {
            name = host[...]
            portText = nil
        }
        guard name == "127.0.0.1" || name.lowercased() == "localhost" else { return false }
        guard let portText else { return true }
        return !portText.isEmpty && portText.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            && UInt16(portText) == port
    }

    /// Browsers say who asked for a request (`Sec-Fetch-Site`) and how (`Sec-Fetch-Mode`). Another
    /// site may send the author here by a link (a navigation: the author sees the page, the site
    /// does not), but not load pages, images or the reload events into its own pages: that would
    /// tell it which drafts exist. Requests without the headers (older browsers, curl) are answered.
    public static func allowsFetch(site: String?, mode: String?) -> Bool {
        guard let site else { return true }
        return site == "same-origin" || site == "none" || mode == "navigate"
    }
}
