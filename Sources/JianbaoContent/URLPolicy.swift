/// URLs an author may link to: no script or data URLs, which run code or hide content.
enum URLPolicy {
    static func isSafe(_ url: String) -> Bool {
        let compact = url.unicodeScalars.filter { $0.value > 0x20 }.map(Character.init)
        let lower = String(compact).lowercased()
        guard let colon = lower.firstIndex(of: ":") else { return true }
        let scheme = lower[..<colon]
        // A colon after a slash, `?` or `#` is part of a path, not a scheme.
        if scheme.contains(where: { "/?#".contains($0) }) { return true }
        return ["http", "https", "mailto", "tel"].contains(String(scheme))
    }

    /// A relative path to a file of the site (not a web address, not a fragment).
    static func isLocalPath(_ url: String) -> Bool {
        !url.isEmpty && !url.hasPrefix("#") && !url.hasPrefix("/") && !url.contains(":") && !url.hasPrefix("?")
            && !url.hasPrefix("\\")
    }

    /// `/home/…`, `//host/…` or `\…`: a path from the root of a disk or a web server, not from the
    /// document's folder.
    static func isAbsolutePath(_ url: String) -> Bool {
        let start = url.unicodeScalars.first { $0.value > 0x20 }
        return start == "/" || start == "\\"
    }
}
