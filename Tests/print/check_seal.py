"""Seals (印章) and a 令's signature stamp (签名章) in a printed 公文, checked from the PDF against
GB/T 9704-2012 7.3.5 (print-layout.md, "With a seal"), each place within 1 mm:

  the seal images are on the page of the 成文日期 (pdfimages -list), each the size it was made
  (its pixels over its resolution: 42 mm for the fixture's seals), red (pixels of the page rendered
  with pdftoppm), inside the 版心; the date ends four characters (4 x 16 pt) in from the right of
  the 版心; each 署名 is centred over the date (joint: its own seal), each seal centred on its 署名
  and covering it (and the last one the date), the 署名 and date a little below the seal's centre;
  the first seals' top within one line of the text above; joint seals in a row at one height, not
  touching. A 令's stamp: its right edge four characters in, the signatory's title two characters
  to its left and centred on it, two blank lines above it, the date one blank line under it and
  four characters in.

Which PDFs must show what comes from jianbao's reading of the front matter (`seal`,
`signature_stamp` in `jianbao list --format json`) and, for the print fixture, from SEALED below,
written by hand from the fixture files: so the check fails on code that drops the keys.
Called from check_print.py for every 公文 it prints.
"""
import os
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET

MM = 72 / 25.4
LEFT, TOP, WIDTH, HEIGHT = 28 * MM, 37 * MM, 156 * MM, 225 * MM
RIGHT, BOTTOM = LEFT + WIDTH, TOP + HEIGHT
ROW = HEIGHT / 22
TOLERANCE = 1 * MM
# Characters of 三号 (16 pt) as the standard counts "four characters in".
CHAR = 16
# The print fixture's sealed 公文 (Tests/Fixtures/print-site/Content/fawen/2024): seals, or "stamp".
SEALED = {"seal-1.md": 1, "seal-2.md": 2, "seal-ling.md": "stamp"}
# The lines of the sealed fixtures' titles (check_print.TITLE_LINES takes them): one line each.
TITLE_LINES = {
    "关于做好汛期安全生产工作的通知": ["关于做好汛期安全生产工作的通知"],
    "关于开展基层法治建设专项督查的通知": ["关于开展基层法治建设专项督查的通知"],
}
# The fixture's seal PNGs are 248 px at 150 ppi: 42 mm.
FIXTURE_SEAL_MM = 42.0


class Box:
    def __init__(self, left, top, width, height):
        self.x0, self.y0, self.x1, self.y1 = left, top, left + width, top + height
        self.cx, self.cy = (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    def __repr__(self):
        return f"{self.x0 / MM:.1f}-{self.x1 / MM:.1f} x {self.y0 / MM:.1f}-{self.y1 / MM:.1f} mm"


def near(value, target, tolerance=TOLERANCE):
    return value is not None and abs(value - target) <= tolerance


def expected(source):
    """1, 2 … seals, "stamp", or None, from the fields jianbao read, else SEALED."""
    f = source.fields
    if f.get("signature_stamp"):
        return "stamp"
    if f.get("seal"):
        return len(f["seal"])
    return SEALED.get(os.path.basename(source.path)) if "print-site" in source.path else None


def image_boxes(pdf, page):
    """The images pdftohtml places on a page (1-based), in points, left to right, top to bottom."""
    with tempfile.TemporaryDirectory() as folder:
        xml = subprocess.run(["pdftohtml", "-xml", "-zoom", "1", "-f", str(page), "-l", str(page), "-stdout", "-q",
                              pdf, os.path.join(folder, "x")], check=True, capture_output=True, text=True).stdout
    root = ET.fromstring(xml)
    boxes = [Box(*(float(i.get(k)) for k in ("left", "top", "width", "height"))) for i in root.iter("image")]
    return sorted(boxes, key=lambda b: (round(b.y0 / 10), b.x0))


def image_sizes(pdf, page):
    """Each image's size in mm from pdfimages -list: its pixels over its resolution (as placed)."""
    out = subprocess.run(["pdfimages", "-list", "-f", str(page), "-l", str(page), pdf], check=True,
                         capture_output=True, text=True).stdout.splitlines()[2:]
    sizes = []
    for line in out:
        cols = line.split()
        if len(cols) > 13 and cols[2] == "image":
            sizes.append((int(cols[3]) / float(cols[12]) * 25.4, int(cols[4]) / float(cols[13]) * 25.4))
    return sizes


def red_share(pdf, page, box):
    """The share of red pixels in a box of the page rendered at 50 dpi (the seal is printed red)."""
    from_png = subprocess.run(["pdftoppm", "-r", "50", "-f", str(page), "-l", str(page), "-singlefile",
                               "-x", str(int(box.x0 / 72 * 50)), "-y", str(int(box.y0 / 72 * 50)),
                               "-W", str(max(1, int((box.x1 - box.x0) / 72 * 50))), "-H", str(max(1, int((box.y1 - box.y0) / 72 * 50))),
                               pdf], check=True, capture_output=True).stdout
    # a binary PPM: P6\n<w> <h>\n255\n then RGB
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", from_png)
    data = from_png[header.end():]
    pixels = len(data) // 3
    red = sum(1 for i in range(0, pixels * 3, 3) if data[i] > 180 and data[i + 1] < 110 and data[i + 2] < 110)
    return red / max(1, pixels)


def check(c, name, pdf, rows, source):
    """`rows`: each page's text rows (check_print.rows_of), page numbers left out."""
    want = expected(source)
    if want is None:
        return
    f = source.fields
    date = "{}年{}月{}日".format(*(int(p) for p in f["date"].split("-")))
    where = next(((n, i) for n, page in enumerate(rows) for i, r in enumerate(page) if r.plain == date), None)
    if not c.check(f"{name}: the 成文日期 {date} printed", where is not None):
        return
    number, index = where
    page_rows = rows[number]
    date_row = page_rows[index]
    boxes = image_boxes(pdf, number + 1)
    sizes = image_sizes(pdf, number + 1)
    count = 1 if want == "stamp" else want
    what = "signature stamp" if want == "stamp" else f"{count} seal{'s' if count > 1 else ''}"
    if not c.check(f"{name}: {what} on the page of the date (p{number + 1})", len(boxes) == count and len(sizes) == count,
                   f"{len(boxes)} images placed, {len(sizes)} listed by pdfimages"):
        return
    for box, (w, h) in zip(boxes, sizes):
        c.check(f"{name}: the image printed at its own size ({w:.1f} x {h:.1f} mm from its pixels and resolution)",
                near(box.x1 - box.x0, w * MM) and near(box.y1 - box.y0, h * MM), f"placed {box}")
        if "print-site" in source.path and want != "stamp":
            c.check(f"{name}: the fixture's seal {FIXTURE_SEAL_MM:.0f} mm across", near(w, FIXTURE_SEAL_MM) and near(box.x1 - box.x0, FIXTURE_SEAL_MM * MM),
                    f"{(box.x1 - box.x0) / MM:.1f} mm")
        share = red_share(pdf, number + 1, box)
        c.check(f"{name}: the {'stamp' if want == 'stamp' else 'seal'} is red ({share:.0%} of its box)", share >= 0.03)
        c.check(f"{name}: the image inside the 版心", box.x0 >= LEFT - TOLERANCE and box.x1 <= RIGHT + TOLERANCE
                and box.y0 >= TOP - TOLERANCE and box.y1 <= BOTTOM + TOLERANCE, f"{box}")
    c.check(f"{name}: the date ends four characters in from the right of the 版心",
            near(date_row.x1, RIGHT - 4 * CHAR), f"{(RIGHT - date_row.x1) / MM:.1f} mm from the right edge, want {4 * CHAR / MM:.1f}")
    if want == "stamp":
        check_stamp(c, name, page_rows, index, boxes[0], f)
    else:
        check_seals(c, name, page_rows, index, boxes, f)


def check_seals(c, name, page_rows, index, boxes, f):
    date_row = page_rows[index]
    names = f.get("signed_by", [])
    if not c.check(f"{name}: a 署名 line above the date", index > 0):
        return
    name_row = page_rows[index - 1]
    parts = [p for p in name_row.parts]
    # pdftotext may part one 署名 in several pieces, or join two: find each 署名's span by its text
    spans = []
    text = "".join(p.plain for p in parts)
    for signature in names:
        words = [(w, x0, x1) for p in parts for (w, x0, x1) in p.words]
        joined = "".join(w for w, _, _ in words)
        at = joined.find(signature)
        if at < 0:
            spans.append(None)
            continue
        # the words covering characters at .. at+len
        pos, x0, x1 = 0, None, None
        for w, a, b in words:
            if pos + len(w) > at and pos < at + len(signature):
                per = (b - a) / max(1, len(w))
                start = a + per * max(0, at - pos)
                end = a + per * min(len(w), at + len(signature) - pos)
                x0 = start if x0 is None else min(x0, start)
                x1 = end if x1 is None else max(x1, end)
            pos += len(w)
        spans.append((x0, x1))
    if not c.check(f"{name}: the 署名 {' / '.join(names)} on the line above the date", all(spans) and len(spans) == len(boxes),
                   f"that line reads {text}"):
        return
    # seals in order, left to right; the last over the date
    ordered = sorted(boxes, key=lambda b: b.x0)
    for signature, (x0, x1), box in zip(names, spans, ordered):
        centre = (x0 + x1) / 2
        c.check(f"{name}: seal centred on the 署名 {signature}", near(box.cx, centre),
                f"seal centre {box.cx / MM:.1f} mm, 署名 centre {centre / MM:.1f} mm")
        # across: the narrower of the two inside the other (a 署名 of ten characters, 56 mm, is wider
        # than a 42 mm seal); down: the 署名 line inside the seal
        across = (box.x0 <= x0 + TOLERANCE and x1 <= box.x1 + TOLERANCE) if x1 - x0 <= box.x1 - box.x0 else \
            (x0 <= box.x0 + TOLERANCE and box.x1 <= x1 + TOLERANCE)
        c.check(f"{name}: the seal over the 署名 {signature}",
                across and box.y0 <= name_row.centre - name_row.size / 2 and name_row.centre + name_row.size / 2 <= box.y1,
                f"seal {box}, 署名 {x0 / MM:.1f}-{x1 / MM:.1f} mm")
    last, (x0, x1) = ordered[-1], spans[-1]
    date_centre = (date_row.x0 + date_row.x1) / 2
    c.check(f"{name}: the last 署名 centred over the date", near((x0 + x1) / 2, date_centre),
            f"署名 centre {(x0 + x1) / 2 / MM:.1f} mm, date centre {date_centre / MM:.1f} mm")
    c.check(f"{name}: the last seal centred on the date and covering it", near(last.cx, date_centre)
            and last.x0 <= date_row.x0 + TOLERANCE and date_row.x1 <= last.x1 + TOLERANCE and date_row.centre + date_row.size / 2 <= last.y1,
            f"seal {last}, date {date_row.x0 / MM:.1f}-{date_row.x1 / MM:.1f} mm")
    middle = (name_row.centre + date_row.centre) / 2
    c.check(f"{name}: 署名 and date a little below the seal's centre (less than half a row)",
            0 < middle - last.cy <= ROW / 2, f"their middle {(middle - last.cy) / MM:+.1f} mm from the seal's centre")
    # the text above: the row before the 署名 (on this page)
    first_top = min(b.y0 for b in boxes)
    if c.check(f"{name}: text above the seals on their page", index >= 2):
        above = page_rows[index - 2]
        gap = first_top - (above.centre + ROW / 2)
        c.check(f"{name}: the seals' top within one line of the text above", -TOLERANCE <= gap <= ROW,
                f"{gap / MM:.1f} mm below the line box of {above.plain[-6:]}")
    if len(boxes) > 1:
        rows = {}
        for b in boxes:
            rows.setdefault(round(b.cy / (ROW * 2)), []).append(b)
        c.check(f"{name}: seals in neat rows (one top for a row)", all(max(b.y0 for b in r) - min(b.y0 for b in r) <= TOLERANCE for r in rows.values()))
        touching = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                    if (a.cx - b.cx) ** 2 + (a.cy - b.cy) ** 2 <= ((a.x1 - a.x0 + b.x1 - b.x0) / 2) ** 2]
        c.check(f"{name}: seals do not touch", not touching, "; ".join(f"{a} and {b}" for a, b in touching))


def check_stamp(c, name, page_rows, index, stamp, f):
    date_row = page_rows[index]
    title = f.get("signatory_title")
    c.check(f"{name}: the stamp's right edge four characters in from the right of the 版心", near(stamp.x1, RIGHT - 4 * CHAR),
            f"{(RIGHT - stamp.x1) / MM:.1f} mm")
    beside = next((r for r in page_rows[:index] if title and r.plain == title), None)
    if title and c.check(f"{name}: the signatory's title {title} beside the stamp", beside is not None):
        c.check(f"{name}: {title} two characters left of the stamp", near(beside.x1, stamp.x0 - 2 * CHAR),
                f"{(stamp.x0 - beside.x1) / MM:.1f} mm between")
        c.check(f"{name}: {title} centred on the stamp's height", near(beside.centre, stamp.cy),
                f"{(beside.centre - stamp.cy) / MM:+.1f} mm")
    text = [r for r in page_rows[:index] if r is not beside and r.centre < stamp.y0]
    if c.check(f"{name}: text above the stamp", text):
        gap = stamp.y0 - (text[-1].centre + ROW / 2)
        c.check(f"{name}: two blank lines between the text and the stamp", near(gap, 2 * ROW), f"{gap / MM:.1f} mm, want {2 * ROW / MM:.1f}")
    gap = (date_row.centre - ROW / 2) - stamp.y1
    c.check(f"{name}: one blank line between the stamp and the date", near(gap, ROW), f"{gap / MM:.1f} mm, want {ROW / MM:.1f}")
