import JianbaoModel
import JianbaoSupport
import Mustache

/// The templates of one folder, parsed and checked before anything is rendered.
public struct TemplateSet: Sendable {
    public let folder: String
    let library: MustacheLibrary
    /// Template names (`briefing`, `partials/head`) found in the folder.
    public let names: Set<String>
    /// Files under `assets/`, relative to it, copied as they are to the output root.
    public let assets: [String]

    /// Templates every site needs; the per-kind page templates are needed when the site has that kind.
    public static let alwaysRequired = ["home", "series", "feed", "sitemap"] + webRequired
    /// The web archive's pages: search, a year of a series, the 404 page (see WebArchive.swift), and a
    /// 主题分类 of a series (GovernmentSite.swift).
    public static let webRequired = ["search", "year", "404", "topic"]

    /// Every name a template may use: the names of the values each page receives (read from their
    /// declarations in Contexts.swift, see `TemplateNames`), and the names swift-mustache gives inside
    /// sequences and its transforms.
    static let knownNames: Set<String> = TemplateNames.ofAllPages.union(mustacheNames)

    /// swift-mustache's own: a sequence's position (`first`, `last`, `index`, `even`, `odd`), and the
    /// transforms of texts and lists (`{{uppercased(name)}}`, `{{count(items)}}`).
    static let mustacheNames: Set<String> = [
        "first", "last", "index", "even", "odd", "empty", "uppercased", "lowercased", "capitalized", "reversed", "count",
        "sorted", "enumerated", "equalzero", "plusone", "minusone",
    ]

    /// Loads and checks every `*.mustache` file below `folder`.
    /// - Throws: the diagnostics, with file and line, when a template does not parse, names a partial
    ///   that does not exist, uses a name no page provides, or a required template is missing.
    public init(folder: String, fileSystem: any FileSystem, requiredKinds: Set<DocumentKind>) throws(DiagnosticsError) {
        self.folder = folder
        var diagnostics: [Diagnostic] = []
        guard fileSystem.isDirectory(folder) else {
            throw DiagnosticsError([.error(at: SourceLocation(file: folder), "the templates folder does not exist",
                                           hint: "run jianbao where Templates/ is, or name the folder with --templates DIR")])
        }
        let files: [String]
        do {
            files = try fileSystem.allFiles(under: folder)
        } catch {
            throw DiagnosticsError([.error(at: SourceLocation(file: folder), error.message)])
        }
        _ = TemplateHTMLEscaping.registered
        var library = MustacheLibrary()
        var names: Set<String> = []
        var sources: [String: String] = [:]
        for relative in files where Path.fileExtension(relative) == "mustache" && !relative.hasPrefix("assets/") {
            let path = Path.join(folder, relative)
            let name = String(relative.dropLast(".mustache".count))
            guard let bytes = try? fileSystem.read(path), let text = String(validating: bytes, as: UTF8.self) else {
                diagnostics.append(.error(at: SourceLocation(file: path), "the template could not be read as UTF-8 text"))
                continue
            }
            do {
                // Parsed as written first, so a parse error names the template's own line and column.
                _ = try MustacheTemplate(string: text)
                library.register(try MustacheTemplate(string: TemplateHTMLEscaping.pragmaLine + text), named: name)
                names.insert(name)
                sources[name] = text
            } catch let error as MustacheTemplate.ParserError {
                // It exists: no "missing template" or "partial does not exist" errors on top of this one.
                names.insert(name)
                var location = SourceLocation(file: path, line: error.context.lineNumber, column: error.context.columnNumber)
                var message = "the template does not parse: \(Self.describe(error.error))"
                if case .expectedSectionEnd = error.error as? MustacheTemplate.Error,
                   let open = Self.unclosedSection(in: text, file: path) {
                    location = open.location
                    message = "the template does not parse: the section {{\(open.tag)}} that starts here is never closed"
                }
                diagnostics.append(.error(at: location, message,
                                          hint: "check the {{…}} tags: every {{#section}} needs its {{/section}}"))
            } catch {
                names.insert(name)
                diagnostics.append(.error(at: SourceLocation(file: path), "the template does not parse: \(error)"))
            }
        }
        let assets = files.filter { $0.hasPrefix("assets/") }.map { String($0.dropFirst("assets/".count)) }
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            diagnostics += Self.checkTags(in: text, file: Path.join(folder, name + ".mustache"), templates: names)
            diagnostics += Self.missingAssets(in: text, file: Path.join(folder, name + ".mustache"), folder: folder, assets: Set(assets))
        }
        let required = Self.alwaysRequired + Set(requiredKinds.map(\.templateName)).sorted()
        for name in required where !names.contains(name) && !sources.isEmpty {
            diagnostics.append(.error(at: SourceLocation(file: Path.join(folder, name + ".mustache")), "the template is missing",
                                      hint: "every templates folder needs \(required.map { $0 + ".mustache" }.joined(separator: ", "))"))
        }
        if sources.isEmpty {
            diagnostics.append(.error(at: SourceLocation(file: folder), "the templates folder holds no .mustache files"))
        }
        if diagnostics.hasErrors { throw DiagnosticsError(diagnostics) }
        self.library = library
        self.names = names
        self.assets = assets
    }

    func render(_ context: Any, with name: String) -> String {
        library.render(context, withTemplate: name) ?? ""
    }

    /// The innermost `{{#section}}` (or `{{^…}}`, `{{$…}}`, `{{<…}}`) left open at the end of a template.
    static func unclosedSection(in text: String, file: String) -> (tag: String, location: SourceLocation)? {
        var open: [(tag: String, location: SourceLocation)] = []
        forEachTag(in: text, file: file) { tag, location in
            guard let sigil = tag.first else { return }
            if "#^$<".contains(sigil) {
                open.append((tag, location))
            } else if sigil == "/" {
                let name = tag.dropFirst().trimmingSpaces
                if let index = open.lastIndex(where: { $0.tag.dropFirst().trimmingSpaces == name }) {
                    open.removeSubrange(index...)
                }
            }
        }
        return open.last
    }

    /// Calls `body` with every tag's text (between the braces, trimmed) and where it starts.
    static func forEachTag(in text: String, file: String, _ body: (String, SourceLocation) -> Void) {
        var line = 1
        var column = 1
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix("{{") {
                let tagStart = (line, column)
                guard let close = text.range(of: "}}", range: index..<text.endIndex) else { break }
                var tag = String(text[text.index(index, offsetBy: 2)..<close.lowerBound])
                for character in text[index..<close.upperBound] {
                    if character == "\n" { line += 1; column = 1 } else { column += 1 }
                }
                index = close.upperBound
                if tag.hasPrefix("{") {
                    tag.removeFirst()
                    if index < text.endIndex && text[index] == "}" { index = text.index(after: index); column += 1 }
                }
                body(tag.trimmingSpaces, SourceLocation(file: file, line: tagStart.0, column: tagStart.1))
                continue
            }
            if text[index] == "\n" { line += 1; column = 1 } else { column += 1 }
            index = text.index(after: index)
        }
    }

    /// Finds partials that do not exist and names that no page provides, with their lines.
    static func checkTags(in text: String, file: String, templates: Set<String>) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        forEachTag(in: text, file: file) { tag, location in
            diagnostics += checkTag(tag, at: location, templates: templates)
        }
        return diagnostics
    }

    private static func checkTag(_ tag: String, at location: SourceLocation, templates: Set<String>) -> [Diagnostic] {
        guard let sigil = tag.first else { return [] }
        switch sigil {
        case "!", "=", "%": return []
        case ">", "<":
            let name = tag.dropFirst().trimmingSpaces
            if name.hasPrefix("*") || templates.contains(name) { return [] }
            return [.error(at: location, "the partial `\(name)` does not exist",
                           hint: "make \(name).mustache in the templates folder, or correct the name")]
        case "#", "^", "/", "&", "$":
            return checkName(tag.dropFirst().trimmingSpaces, at: location)
        default:
            return checkName(tag, at: location)
        }
    }

    private static func checkName(_ expression: String, at location: SourceLocation) -> [Diagnostic] {
        // `count(items)` applies a transform: check the transform and the name inside.
        let parts = expression.split(whereSeparator: { $0 == "(" || $0 == ")" }).map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        var diagnostics: [Diagnostic] = []
        for part in parts where part != "." {
            for segment in part.split(separator: ".") where !knownNames.contains(String(segment)) {
                diagnostics.append(.error(at: location, "no page provides `\(segment)` (in `{{\(expression)}}`): it would render as empty text",
                                          hint: "check the spelling; Templates/README.md lists the names each page provides"))
            }
        }
        return diagnostics
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a {{/section}} closes a different section than the one open"
        case .unfinishedName: return "a tag is not closed with }}"
        case .expectedSectionEnd: return "a {{#section}} is never closed"
        case .invalidSetDelimiter: return "invalid delimiter change"
        default: return "\(error)"
        }
    }
}

