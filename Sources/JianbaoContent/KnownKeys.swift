import JianbaoModel
import JianbaoSupport

/// The keys a content file may hold, read from the declarations of the values it fills in: each
/// stored property of `BriefingFields`, `OfficialFields`, `SiteSettings` and `SeriesDefaults` is a
/// key, its name snake_cased (`docNumber` → `doc_number`, `baseURL` → `base_url`). So a field
/// added to a declaration is a known key at once (no warning that it is ignored); reading its value
/// is the loader's part, which `DeclaredFieldsTests` checks field by field.
///
/// The properties are read by reflection (`Mirror`) from a blank value: they are the same names
/// the synthesized `CodingKeys` hold, without needing a decoder that can make every field's type.
/// The few exceptions are written out below, each with why.
enum KnownKeys {
    /// Keys of every front matter that are `Document`'s own, not a field of the kind's values and
    /// not a series default: a series cannot give a date or make its files drafts. (`kind`,
    /// `marking`, `trailer` and `copies` are series defaults, see `seriesDefaults`.)
    static let document: Set<String> = ["date", "draft"]

    static let briefing = declared(by: BriefingFields(number: 1, name: ""))

    /// `jointIssuers` and `jointSignatures` have no key of their own: they are made from `issuer:`
    /// and `signed_by:` written as lists.
    static let official = declared(by: OfficialFields(title: "")).subtracting(["joint_issuers", "joint_signatures"])

    /// Keys series.yml and front matter share. `markingLocation` is where `marking:` is written,
    /// not a key; `copies:` is read into `trailer` (the number printed in the 版记).
    static let seriesDefaults = declared(by: SeriesDefaults(name: "", kind: .briefing, trailer: Trailer()))
        .subtracting(["marking_location"]).union(["copies"])

    /// Keys of series.yml alone: values of the series itself (`Series.numbering`,
    /// `Series.description`, `Series.disclosure`) rather than defaults for its documents.
    static let seriesOnly: Set<String> = ["numbering", "description", "disclosure"]

    static let site = declared(by: SiteSettings(title: "", baseURL: ""))

    static func frontMatter(of kind: DocumentKind) -> Set<String> {
        seriesDefaults.union(document).union(kind.isBriefing ? briefing : official)
    }

    static let seriesFile = seriesDefaults.union(seriesOnly)

    /// The stored properties of `value`'s type, as keys.
    static func declared(by value: Any) -> Set<String> {
        Set(Mirror(reflecting: value).children.compactMap { $0.label.map(snakeCased) })
    }

    /// `docNumber` → `doc_number`; a run of capitals is one word (`baseURL` → `base_url`,
    /// `urlPath` → `url_path`).
    static func snakeCased(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase && index > 0 {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) {
                    result.append("_")
                }
            }
            result += character.lowercased()
        }
        return result
    }
}
