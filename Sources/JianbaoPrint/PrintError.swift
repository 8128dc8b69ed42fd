import Jianbao
import JianbaoSupport

/// The programs that can turn a page into a PDF.
public enum PrintEngine: String, Sendable, CaseIterable {
    /// WeasyPrint from PyPI, driven in one Python process: named, subset CID fonts, no Type 3.
    case weasyprint
    /// Headless Chromium, one browser session over the DevTools pipe.
    case chromium

    public var displayName: String {
        switch self {
        case .weasyprint: return "WeasyPrint"
        case .chromium: return "Chromium"
        }
    }

    /// How to get the tool, for the message when it is missing.
    public var installHint: String {
        switch self {
        case .weasyprint:
            return "install it with `pip install weasyprint==\(WeasyPrintEngine.pinnedVersion)` (Python 3.9 or later; "
                + "on Debian the Pango libraries come with `apt-get install libpango-1.0-0 libpangoft2-1.0-0`), "
                + "or set JIANBAO_PYTHON to a Python that has it; or print with --engine chromium"
        case .chromium:
            return "install it with `apt-get install chromium` (or set JIANBAO_CHROMIUM to the browser's path); "
                + "or print with --engine weasyprint"
        }
    }
}

/// Why `jianbao pdf` stopped. Nothing half-written is left behind: each PDF is written beside its
/// final name and renamed when complete.
public enum PrintError: Error, Sendable {
    /// The content does not load (the same errors `jianbao build` reports).
    case invalidInput([Diagnostic])
    /// Building the pages to print failed.
    case buildFailed(BuildError)
    /// A word of the selection names nothing in the archive.
    case unknownSelection(word: String, hint: String)
    /// The words together select no published document.
    case nothingSelected(selection: String, hint: String)
    /// The engine's program (or, for WeasyPrint, the Python module) is not installed.
    case toolMissing(PrintEngine, detail: String)
    /// The engine is installed but older than we support.
    case toolTooOld(PrintEngine, found: String, needed: String)
    /// The engine started but failed on a page or stopped answering.
    case engineFailed(PrintEngine, page: String?, message: String)
    /// A file or folder could not be written.
    case cannotWrite(path: String, message: String)
    /// `--copies` cannot number this document's copies (a briefing, or a 份号 in its front matter).
    case copiesRefused(file: String, message: String, hint: String)
    /// `--copies` joins the copies with `pdfunite` (poppler-utils), which is not installed.
    case joinToolMissing(detail: String)
    /// Joining the copies failed.
    case joinFailed(pdf: String, message: String)
}

extension PrintError {
    /// How to get the joining tool, for the message when it is missing.
    public static var joinInstallHint: String { PDFJoiner.installHint }
}
