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


def _classes(element):
    return (element.get("class") or "").split()


# GB/T 9704 7.3.5 allows adjusting the line spacing when the space left cannot hold the 署名 and
# 成文日期 (and a seal): instead of sending them, with the last lines of the text, to a page of
# their own, jianbao lays the page where the text ends out again with a tighter line pitch, down to
# _FIT_MIN_PITCH (docs/printing.md); print.js does the same in a browser. The blocks that get the
# tighter pitch: those of the text that start on the page before the 落款's (print.css sets their
# lines and margins from --row), the 落款 (whatever its height: 署名, seal, date) and the 附注: the
# class fit-tight, the pitch in --fit-row on the sheet.
_FIT_MIN_PITCH = 26.0
_FIT_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd"}
_FIT_BLOCKS = {"attachment-note", "minutes-lists"}
_FIT_OUTSIDE = {"doc-head", "doc-flags", "draft-flag", "imprint", "trailer", "part", "attachment"}
_FIT_FIXED = {"table", "figure", "img"}


def _placed(root, document):
    """Each element's first page, and every line box with its page number and element."""
    first, lines = {}, []
    for number, page in enumerate(document.pages, start=1):
        for box in _all_boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is None or "::" in (getattr(box, "element_tag", "") or ""):
                continue
            first.setdefault(element, number)
            if type(box).__name__ == "LineBox":
                lines.append((number, box, element))
    return first, lines


def _fit(html, document):
    root = html.etree_element
    parents = {child: parent for parent in root.iter() for child in parent}
    order = {element: index for index, element in enumerate(root.iter())}

    def within(element, names):
        while element is not None:
            if names & set(_classes(element)):
                return True
            element = parents.get(element)
        return False

    signoff = next((e for e in root.iter() if "signoff" in _classes(e)), None)
    if signoff is None:
        return document
    first, lines = _placed(root, document)
    page = first.get(signoff)
    if not page or page == 1:
        return document
    tail = [signoff] + [e for e in root.iter() if "annotation" in _classes(e) and not within(e, _FIT_OUTSIDE)]
    before = [e for e in first if order[e] < order[signoff] and first[e] >= page - 1 and not within(e, _FIT_OUTSIDE)]
    if any(e.tag in _FIT_FIXED for e in before):
        return document
    chosen = [e for e in before if e.tag in _FIT_TAGS or _FIT_BLOCKS & set(_classes(e))]
    flow = [(n, box, e) for n, box, e in lines if not within(e, _FIT_OUTSIDE)]
    mine = set(chosen) | set(tail)
    here = [box for n, box, e in flow if n == page - 1 and (e in mine or parents.get(e) in mine)]
    if not here:
        return document
    area = document.pages[page - 2]._page_box
    row = 10.22 * 96 / 25.4  # print.css: --row, in CSS px
    top = min(box.position_y for box in here)
    last = max(box.position_y + box.height for n, box, e in flow if n == page - 1)
    on_page = [(box, e) for n, box, e in flow if n == page and order.get(e, 0) <= max(order[t] for t in tail)]
    if not on_page:
        return document
    page_top = document.pages[page - 1]._page_box.content_box_y()
    rows = round((last - top) / row) + round((max(b.position_y + b.height for b, e in on_page) - page_top) / row)
    if on_page[0][1] in tail or parents.get(on_page[0][1]) in tail:
        rows += 1  # the blank row above the 署名, dropped at the top of a page
    bottom = area.content_box_y() + area.height
    pitch = int((bottom - top - 0.5) * 0.75 / rows * 100) / 100
    if pitch < _FIT_MIN_PITCH or pitch >= row * 0.75 - 0.01:
        return document
    sheet = parents[signoff]
    saved = {e: (e.get("class"), e.get("style")) for e in chosen + tail + [sheet]}
    for element in chosen + tail:
        element.set("class", " ".join(_classes(element) + ["fit-tight"]))
    sheet.set("style", "; ".join(filter(None, [saved[sheet][1], f"--fit-row: {pitch}pt"])))
    tight = html.render()
    if _placed(root, tight)[0].get(signoff) == page - 1:
        return tight
    for element, (names, style) in saved.items():
        for key, value in (("class", names), ("style", style)):
            if value is None:
                element.attrib.pop(key, None)
            else:
                element.set(key, value)
    return document


# GB/T 9704 7.4 and 7.5: the 版记 is on the back of the last sheet, an even page, and a page that
# holds only it carries no page number. When it fell on an odd page, or on a page of its own, the
# page is laid out again with a turn before it (print.css: .imprint-turn, on an even page of the
# named page foot-alone, with a blank page between when the text ended on an even page).
def _render(source, page):
    html = weasyprint.HTML(string=source, base_url=page)
    document = _fit(html, html.render())
    found = _imprint_pages(document)
    # (nor on a turned page of a 横排 table: the footnote area of the page where the table ends)
    turned = found and document.pages[found[1] - 1].width > document.pages[found[1] - 1].height
    imprints = [e for e in html.etree_element.iter() if e.tag == "section" and "imprint" in _classes(e)]
    if found and (found[1] % 2 == 1 or found[0] != found[1] or turned) and len(imprints) == 1:
        parent = next(p for p in html.etree_element.iter() if imprints[0] in list(p))
        parent.insert(list(parent).index(imprints[0]), parent.makeelement("div", {"class": "imprint-turn"}))
        document = html.render()
    # 信函格式 (GB/T 9704 10.1): no page number on page 1 (browsers: a named page, see print.css)
    if 'format-letter' in source[:20000] and document.pages:
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
