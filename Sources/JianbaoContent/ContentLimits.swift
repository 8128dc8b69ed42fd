/// Sizes beyond which content is refused with an error rather than read: a wrong file (a video, a
/// database dump, a generated file) must not make a build slow, exhaust memory or crash.
public enum ContentLimits {
    /// A Markdown, site.yml or series.yml file. Real issues are tens of KB.
    public static let maxTextFileBytes = 8 * 1024 * 1024
    /// An image or file published beside a page (photos, PDF attachments).
    public static let maxAssetBytes = 100 * 1024 * 1024

    /// `52428800` → `50.0 MB`, for messages.
    static func describe(bytes: Int) -> String {
        let megabytes = Double(bytes) / 1_048_576
        let tenths = Int((megabytes * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}
