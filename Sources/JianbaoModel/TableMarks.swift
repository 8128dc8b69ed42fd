/// Marks an office writes in a document's Markdown about a table.
public enum TableMarks {
    /// On the line before a `<table>` block: print sets that table 横排 (landscape, on pages of its
    /// own, turned on the portrait sheet), whatever its width (docs/printing.md). The loader keeps
    /// it as this exact HTML comment, which a browser does not show; print reads it.
    public static let landscape = "<!-- 横排 -->"
}
