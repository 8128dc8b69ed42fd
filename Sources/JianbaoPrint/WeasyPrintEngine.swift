#if canImport(Glibc)
import Glibc
#endif

/// WeasyPrint in one Python process for the whole batch (0.5 s a page instead of 1.3 s as a CLI
/// call per page). The Python side is the small script below, passed with `python3 -c`; it reads
/// `page<TAB>pdf` lines on standard input and answers one line each on standard output.
struct WeasyPrintEngine: PDFEngine {
    /// The version CI installs and the README names; older than 70 is refused (Debian's 57 takes
    /// about 16 s a page).
    static let pinnedVersion = "70.0"
    static let minimumMajor = 70

    let python: String?
    private var process: ChildProcess?
    private var reader: RecordReader?

    /// `python` is JIANBAO_PYTHON when set, else `python3` on PATH.
    init(environment: [String: String]) {
        let name = environment["JIANBAO_PYTHON"] ?? "python3"
        python = ProgramLocator.find(name, path: environment["PATH"])
    }

    static let script = #"""
import sys, os, time, logging
try:
    import weasyprint
except Exception as error:
    print("missing\t" + type(error).__name__ + ": " + str(error).replace("\n", " "), flush=True)
    sys.exit(2)
version = weasyprint.__version__
try:
    major = int(version.split(".")[0])
except ValueError:
    major = 0
if major < int(sys.argv[1]):
    print("old\t" + version, flush=True)
    sys.exit(3)
# WeasyPrint logs every CSS property it does not know (the screen styles use some); keep errors only.
logging.getLogger("weasyprint").setLevel(logging.ERROR)

"""#

    /// The loop over the batch, after `script` and `justification`.
    static let batch = justification + "\n" + #"""
def _all_boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _all_boxes(child)


def _imprint_pages(document):
    """The numbers of the pages of the 版记's footnote call (where the text ends) and of the 版记
    itself (a footnote float, which WeasyPrint may carry over to a page of its own), or None."""
    call = placed = None
    for number, page in enumerate(document.pages, start=1):
        for box in _all_boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is None or "imprint" not in (element.get("class") or "").split():
                continue
            if "::" in (getattr(box, "element_tag", "") or ""):
                call = call or number
            else:
                placed = placed or number
    return (call, placed) if placed else None


# GB/T 9704 7.4 and 7.5: the 版记 is on the back of the last sheet, an even page, and a page that
# holds only it carries no page number. When it fell on an odd page, or on a page of its own, the
# page is laid out again with a turn before it (print.css: .imprint-turn, on an even page of the
# named page foot-alone, with a blank page between when the text ended on an even page).
_TURN = '<div class="imprint-turn"></div><section class="imprint"'


def _render(html, page):
    document = weasyprint.HTML(string=html, base_url=page).render()
    found = _imprint_pages(document)
    # (nor on a turned page of a 横排 table: the footnote area of the page where the table ends)
    turned = found and document.pages[found[1] - 1].width > document.pages[found[1] - 1].height
    if found and (found[1] % 2 == 1 or found[0] != found[1] or turned) and html.count('<section class="imprint"') == 1:
        document = weasyprint.HTML(string=html.replace('<section class="imprint"', _TURN), base_url=page).render()
    # 信函格式 (GB/T 9704 10.1): no page number on page 1 (browsers: a named page, see print.css)
    if 'format-letter' in html[:20000] and document.pages:
        first = document.pages[0]._page_box
        first.children = [box for box in first.children if type(box).__name__ != "MarginBox"]
    return document


# 横排 tables (print.css: pages named landscape-table, laid out 297 x 210 mm): WeasyPrint has no
# page-orientation, so each such page is marked to show turned a quarter to the left (/Rotate 270),
# a portrait sheet with the table's head at its left edge, as Chromium prints it.
def _turn_landscape(document, pdf):
    for number in pdf.pages["Kids"][0::3]:
        page = pdf.objects[number]
        box = page["MediaBox"]
        if box[2] - box[0] > box[3] - box[1]:
            page["Rotate"] = 270


print("ready\t" + version, flush=True)
for line in sys.stdin:
    page, _, pdf = line.rstrip("\n").partition("\t")
    started = time.monotonic()
    try:
        with open(page, encoding="utf-8") as source:
            document = _render(_with_quote_breaks(source.read()), page)
        document.write_pdf(pdf + ".part", finisher=_turn_landscape)
        os.replace(pdf + ".part", pdf)
        print("done\t%s\t%d\t%d" % (pdf, len(document.pages), (time.monotonic() - started) * 1000), flush=True)
    except Exception as error:
        print("fail\t" + pdf + "\t" + type(error).__name__ + ": " + str(error).replace("\n", " "), flush=True)
"""#

    mutating func start() throws(PrintError) -> String {
        guard let python else {
            throw .toolMissing(.weasyprint, detail: "no Python found (looked for JIANBAO_PYTHON, then python3 on PATH)")
        }
        do {
            process = try ChildProcess(executable: python, arguments: ["-c", Self.script + Self.batch, String(Self.minimumMajor)],
                                       wiring: [0: .input, 1: .output, 2: .inherit])
        } catch {
            throw .toolMissing(.weasyprint, detail: "\(python) does not start: \(error.message)")
        }
        reader = RecordReader(fd: process!.ends[1]!, delimiter: UInt8(ascii: "\n"))
        let fields = try nextLine(timeout: 60, page: nil)
        switch fields.first {
        case "ready": return "WeasyPrint \(fields.count > 1 ? fields[1] : "?") (\(python))"
        case "missing":
            stop()
            throw .toolMissing(.weasyprint, detail: "\(python) cannot import weasyprint (\(fields.dropFirst().joined(separator: " ")))")
        case "old":
            stop()
            throw .toolTooOld(.weasyprint, found: fields.count > 1 ? fields[1] : "?", needed: "\(Self.minimumMajor) or later")
        default:
            stop()
            throw .engineFailed(.weasyprint, page: nil, message: "unexpected answer from Python: \(fields.joined(separator: " "))")
        }
    }

    mutating func render(_ jobs: [PrintJob], onPrinted: (PrintedPDF) -> Void) throws(PrintError) {
        guard let process else { return }
        for job in jobs {
            guard process.write(Array("\(job.page)\t\(job.pdf)\n".utf8), to: 0) else {
                throw .engineFailed(.weasyprint, page: job.label, message: "the Python process has stopped")
            }
            // A long 公文 takes about 10 s; allow for a slow machine.
            let fields = try nextLine(timeout: 600, page: job.label)
            switch fields.first {
            case "done" where fields.count >= 4:
                onPrinted(PrintedPDF(job: job, pages: Int(fields[2]), milliseconds: Int(fields[3]) ?? 0))
            case "fail":
                throw .engineFailed(.weasyprint, page: job.label, message: fields.dropFirst(2).joined(separator: " "))
            default:
                throw .engineFailed(.weasyprint, page: job.label, message: "unexpected answer: \(fields.joined(separator: " "))")
            }
        }
    }

    mutating func stop() {
        guard let process else { return }
        process.closeEnd(0)
        process.wait()
        self.process = nil
    }

    private mutating func nextLine(timeout: Int32, page: String?) throws(PrintError) -> [String] {
        do {
            let bytes = try reader!.next(timeout: timeout)
            return String(decoding: bytes, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        } catch .timedOut {
            process?.terminate()
            stop()
            throw .engineFailed(.weasyprint, page: page, message: "no answer from WeasyPrint in \(timeout) s")
        } catch {
            stop()
            throw .engineFailed(.weasyprint, page: page, message: "the Python process stopped (see the messages above)")
        }
    }
}
