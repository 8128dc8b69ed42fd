import JianbaoSupport

extension TemplateSet {
    /// Errors for the files a template links to below the site root (`{{root}}style.css`) that
    /// neither jianbao writes (`SiteRenderer.rootNames`) nor `assets/` holds: without them every page
    /// would be published without its stylesheet or script.
    static func missingAssets(in text: String, file: String, folder: String, assets: Set<String>) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let marker = Array("{{root}}".utf8)
        let bytes = Array(text.utf8)
        var line = 1, lineStart = 0, index = 0
        while index + marker.count <= bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            guard bytes[index] == marker[0], bytes[index..<(index + marker.count)].elementsEqual(marker) else {
                index += 1
                continue
            }
            var end = index + marker.count
            while end < bytes.count, isPathByte(bytes[end]) { end += 1 }
            let path = String(decoding: bytes[(index + marker.count)..<end], as: UTF8.self)
            let first = path.split(separator: "/").first.map(String.init) ?? ""
            if !path.isEmpty, !path.hasSuffix("/"), !SiteRenderer.rootNames.contains(first), !assets.contains(path) {
                let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).count + 1
                diagnostics.append(.error(
                    at: SourceLocation(file: file, line: line, column: column),
                    "the template links to `{{root}}\(path)`, but \(Path.join(folder, "assets", path)) does not exist",
                    hint: "put the file there (everything under \(Path.join(folder, "assets")) is copied to the site's root), or remove the link"))
            }
            index = end
        }
        return diagnostics
    }

    private static func isPathByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "/")
    }
}
