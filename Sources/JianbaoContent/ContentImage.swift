import JianbaoSupport

/// An image a key names by its path below the content folder (site.yml's 党政机关网站标识, a 公文's
/// seal), published at the same path below the output root. Checked as files the body links to
/// are: inside the content folder (not through a link out of it), a regular file, a picture that
/// cannot run code (no SVG), not too large.
struct ContentImage {
    let fileSystem: any FileSystem
    /// The content folder, as the user names it.
    let root: String
    /// The file extensions allowed, lowercased.
    let extensions: Set<String>
    /// What the image is, for messages: "the mark's image", "a seal".
    let what: String
    /// An example path, for hints.
    let example: String

    /// The image's path below the content folder, when it passes; else nil, with the error at `location`.
    func checked(_ path: String, at location: SourceLocation, _ fields: inout YAMLFields) -> String? {
        guard !path.hasPrefix("/"), let relative = Path.normalizedRelative(path), !relative.isEmpty else {
            fields.add(.error(at: location, "`\(path)` points outside the content folder",
                              hint: "put \(what) in \(root) and give its path from there, e.g. \(example)"))
            return nil
        }
        let fileExtension = Path.fileExtension(relative).lowercased()
        if fileExtension == "svg" {
            fields.add(.error(at: location, "`\(path)` is an SVG file: jianbao does not publish SVG, which can carry scripts that would run on the archive's site",
                              hint: "convert it to PNG (e.g. `rsvg-convert -o \(Path.stem(relative)).png \(Path.lastComponent(relative))`) and name that"))
            return nil
        }
        guard extensions.contains(fileExtension) else {
            fields.add(.error(at: location, "`\(path)` is not of a type taken for \(what) (\(extensions.sorted().map { $0.uppercased() }.joined(separator: ", ")))",
                              hint: "name \(what): a file such as \(example)"))
            return nil
        }
        let file = Path.join(root, relative)
        guard fileSystem.kind(of: file) == .file else {
            fields.add(.error(at: location, "`\(path)` does not exist (or is not a regular file)", hint: "put the image at \(file) or correct the path"))
            return nil
        }
        if let contentRoot = fileSystem.resolvedPath(root), let resolved = fileSystem.resolvedPath(file), !resolved.hasPrefix(contentRoot + "/") {
            fields.add(.error(at: location, "`\(path)` is a symbolic link to \(resolved), outside the content folder",
                              hint: "copy the image into \(root); jianbao publishes only files from inside it"))
            return nil
        }
        if let size = fileSystem.size(of: file), size > ContentLimits.maxAssetBytes {
            fields.add(.error(at: location, "`\(path)` is \(ContentLimits.describe(bytes: size)), too large for \(what)",
                              hint: "\(what) is a few KB"))
            return nil
        }
        return relative
    }
}
