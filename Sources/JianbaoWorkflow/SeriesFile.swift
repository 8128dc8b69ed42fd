import JianbaoContent
import JianbaoModel
import JianbaoSupport

/// A series loaded for the workflow commands: the model, and the lines of its series.yml.
struct SeriesFile {
    var series: Series
    /// series.yml as written, for showing its defaults to the clerk.
    var yamlLines: [String]

    /// Loads `Content/<slug>`; a clear error when the content or the series is unusable.
    static func load(slug: String, content: String, fileSystem: any FileSystem) throws(DiagnosticsError) -> SeriesFile {
        let loaded = ContentLoader(fileSystem: fileSystem, root: content).load()
        guard let site = loaded.site else {
            throw DiagnosticsError(loaded.diagnostics.errors.isEmpty
                ? [.error(at: SourceLocation(file: content), "the content could not be read")]
                : loaded.diagnostics.errors)
        }
        guard let series = site.series.first(where: { $0.slug == slug }) else {
            let known = site.series.map(\.slug).joined(separator: ", ")
            let seriesFile = Path.join(content, slug, "series.yml")
            let ownErrors = loaded.diagnostics.errors.filter { $0.location.file == seriesFile }
            if !ownErrors.isEmpty { throw DiagnosticsError(ownErrors) }
            throw DiagnosticsError([.error(
                at: SourceLocation(file: Path.join(content, slug)), "there is no series `\(slug)`",
                hint: known.isEmpty ? "create \(seriesFile) first" : "the series are: \(known)")])
        }
        let text = (try? fileSystem.read(series.source.file)).flatMap(ContentRules.decode) ?? ""
        return SeriesFile(series: series, yamlLines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    /// The `trailer:` block and the `copies:` line of series.yml, as they are written there.
    var trailerDefaults: [String] {
        var result: [String] = []
        var inTrailer = false
        for line in yamlLines {
            let isIndented = line.first == " " || line.first == "\t"
            if line.hasPrefix("trailer:") {
                inTrailer = true
                result.append(line)
            } else if inTrailer && isIndented {
                result.append(line)
            } else {
                inTrailer = false
                if line.hasPrefix("copies:") { result.append(line) }
            }
        }
        return result
    }

    /// A top-level value of series.yml as written (`issuer: …` → `…`), for comments.
    func value(_ key: String) -> String? {
        guard let line = yamlLines.first(where: { $0.hasPrefix(key + ":") }) else { return nil }
        let value = line.dropFirst(key.count + 1).trimmingSpaces
        return value.isEmpty ? nil : value
    }
}
