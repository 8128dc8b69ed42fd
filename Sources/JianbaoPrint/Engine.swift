/// One page to print: the built HTML page and the PDF to write.
public struct PrintJob: Sendable, Equatable {
    /// The built page, an absolute path.
    public var page: String
    /// The PDF to write (written to `pdf + ".part"` first, then renamed).
    public var pdf: String
    /// How the progress line names it.
    public var label: String

    public init(page: String, pdf: String, label: String) {
        self.page = page
        self.pdf = pdf
        self.label = label
    }
}

/// A finished PDF.
public struct PrintedPDF: Sendable, Equatable {
    public var job: PrintJob
    /// Page count, when the engine tells it.
    public var pages: Int?
    public var milliseconds: Int
}

/// Something that prints a batch of pages in one process or session.
protocol PDFEngine {
    /// Starts the engine's process; fails with `.toolMissing` or `.toolTooOld` when it is not usable.
    /// Returns how the engine names itself (e.g. `WeasyPrint 70.0`).
    mutating func start() throws(PrintError) -> String
    /// Prints every job in order, reporting each as it is written.
    mutating func render(_ jobs: [PrintJob], onPrinted: (PrintedPDF) -> Void) throws(PrintError)
    /// Ends the process; safe to call more than once.
    mutating func stop()
}
