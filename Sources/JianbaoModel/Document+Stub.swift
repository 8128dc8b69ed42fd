extension Document {
    /// The document without its body HTML: what lists, feeds, the sitemap and the checks need, and
    /// what an incremental build keeps of a document between builds.
    public var stub: Document {
        var copy = self
        copy.noteHTML = noteHTML == nil ? nil : ""
        copy.leadHTML = ""
        copy.sections = sections.map { section in
            var section = section
            section.html = ""
            return section
        }
        return copy
    }
}
