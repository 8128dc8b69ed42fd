/// Sizes beyond which content is refused with an error rather than read: a wrong file (a video, a
/// database dump, a generated file) must not make a build slow, exhaust memory or crash.
public enum ContentLimits {
    /// A Markdown, site.yml or series.yml file. Real issues are tens of KB (the largest 公文 of the
    /// example archive is 41 KB); building one page takes about twenty times its size in memory at
    /// the peak (its HTML, its page, its search text and index), so a 2 MB file stays under 80 MB.
    public static let maxTextFileBytes = 2 * 1024 * 1024
    /// Lines and inline markup characters (`*`, `_`, `` ` ``, `[`, `<`, `&`, `\`) in a Markdown
    /// body, outside `<table>` blocks: each can become a node of libcmark's tree, a few hundred bytes
    /// of memory. Real issues have a few hundred (the largest 公文 of the example archive 1,017);
    /// 2 MB of `x` lines would be a million nodes, 350 MB.
    public static let maxMarkup = 50_000
    /// The YAML of front matter, site.yml or series.yml: a few fields, never more than a few KB.
    /// Bounds the time Yams takes (linear, but slow on a file of hundred thousand keys).
    public static let maxYAMLBytes = 64 * 1024
    /// An image or file published beside a page (photos, PDF attachments).
    public static let maxAssetBytes = 100 * 1024 * 1024

    /// `52428800` → `50.0 MB`, `65536` → `64 KB`, for messages.
    static func describe(bytes: Int) -> String {
        if bytes < 1_048_576 { return "\((bytes + 1023) / 1024) KB" }
        let megabytes = Double(bytes) / 1_048_576
        let tenths = Int((megabytes * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}
