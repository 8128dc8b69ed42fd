"""Checks of branch `copies` (#14), called from check_print.py:

  check_letter_head: the 信函格式's page 1 (GB/T 9704 10.1; print-layout.md, "Special formats"), from
    the PDF's pixels (pdftoppm) and text boxes (pdftotext): the red double rule under the 标志 (thick
    over thin, 4 mm under it) and the one 20 mm above the page's bottom edge (thin over thick), both
    170 mm long and centred; 份号, 密级, 紧急程度 one a line at the left under the first rule and the
    发文字号 at the right, the first of them 7/8 of a 三号 character (4.94 mm) under the rule; the title
    two lines below the last of them. Each within 1 mm.
  check_copies: `jianbao pdf --copies 1-3` of two fixtures (a one-page 函 and a 公文 whose 版记 has
    page 4 to itself) in one PDF each: the page count is the sum of the copies' pages and the blank
    pages that start every copy on an odd page; the 份号 000001, 000002, 000003 at the top left of each
    copy's first page where the single print puts a 份号; page numbers restart at — 1 — in every
    copy, and every rule of the single print holds in each copy (no page number on a 函's page 1, on
    the blank page or on the page of the 版记 alone).

Standard library only: pdftoppm writes PPM, read here.
"""
import json
import os
import re
import subprocess

MM = 72 / 25.4
CHAR = 16 * 7 / 8 * 25.4 / 72          # 7/8 of a 三号 (16 pt) character, in mm: 4.94
LEFT, TOP, ROW = 28.0, 37.0, 225 / 22  # mm
RIGHT = LEFT + 156
DPI = 508                               # 20 pixels a millimetre
PX = DPI / 25.4
# the one-page 函 (its copies take a blank page each) and the 公文 whose 版记 has p4 to itself
COPIES = ("copies/2024/han-copies-yi-ye", "fawen/2024/banji-ling-ye")


def pixels(pdf, page, x, y, w, h):
    """The RGB pixels of a box of the page (mm), as rows of (r, g, b)."""
    data = subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-x", str(round(x * PX)),
                           "-y", str(round(y * PX)), "-W", str(round(w * PX)), "-H", str(round(h * PX)), pdf],
                          check=True, capture_output=True).stdout
    fields = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    width, height = int(fields[1]), int(fields[2])
    body = data[fields.end():]
    return [[tuple(body[(r * width + i) * 3:(r * width + i) * 3 + 3]) for i in range(width)] for r in range(height)]


def red(p):
    return p[0] > 150 and p[0] - p[1] > 90 and p[0] - p[2] > 90


def runs(flags):
    """(start, end) index pairs of the runs of True."""
    found, start = [], None
    for i, f in enumerate(flags + [False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            found.append((start, i))
            start = None
    return found


def red_lines(pdf, page, x, top, height):
    """The red horizontal lines crossing the page at x (mm) between top and top + height: a list
    of (top, bottom) in mm from the page's top edge."""
    column = pixels(pdf, page, x, top, 0.5, height)
    return [(top + a / PX, top + b / PX) for a, b in runs([sum(red(p) for p in row) > len(row) // 2 for row in column])]


def red_extent(pdf, page, y):
    """The left and right ends (mm) of the red run through the page's row at y (mm), or None."""
    row = pixels(pdf, page, 0, y, 210, 1 / PX + 0.001)[0]
    found = runs([red(p) for p in row])
    if not found:
        return None
    return found[0][0] / PX, found[-1][1] / PX


def check_double_rule(c, name, pdf, what, top, height, order, page=1):
    """One red double rule in the band of the page: two lines, `order` "thick over thin" or "thin
    over thick", 170 mm long and centred. Returns the lines (mm) or None."""
    lines = red_lines(pdf, page, 105, top, height)
    if not c.check(f"{name} p1: {what}: a red double rule (two red lines)", len(lines) == 2,
                   f"{len(lines)} red lines at x 105 mm between {top:.0f} and {top + height:.0f} mm: "
                   + ", ".join(f"{a:.2f}–{b:.2f}" for a, b in lines)):
        return None
    (a0, a1), (b0, b1) = lines
    upper, lower = a1 - a0, b1 - b0
    thick_first = order == "thick over thin"
    c.check(f"{name} p1: {what}: {order}", (upper > lower * 1.5) if thick_first else (lower > upper * 1.5),
            f"upper {upper:.2f} mm, lower {lower:.2f} mm")
    for (y0, y1), which in ((lines[0], "upper"), (lines[1], "lower")):
        ends = red_extent(pdf, page, (y0 + y1) / 2)
        c.check(f"{name} p1: {what}: its {which} line 170 mm long", ends is not None and abs(ends[1] - ends[0] - 170) <= 1,
                "none" if ends is None else f"{ends[1] - ends[0]:.1f} mm ({ends[0]:.1f}–{ends[1]:.1f})")
        # centred: the page's centre is 105 mm, the 版心's 106 mm (28 mm left, 26 mm right margin)
        c.check(f"{name} p1: {what}: its {which} line centred", ends is not None and 104 <= (ends[0] + ends[1]) / 2 <= 107,
                "none" if ends is None else f"middle at {(ends[0] + ends[1]) / 2:.1f} mm")
    return lines


def check_letter_head(c, name, pdf, first, fields, page=1):
    """`first`: the text lines of the 函's page 1 (check_print.Line: a row's parts, pdftotext parts a
    row at a wide gap), in points; `page`: its number in the PDF (a copy's first page)."""
    issuer = fields.get("issuer")
    head = next((r for r in first if r.size > 17.5 and issuer and r.plain == issuer), None)
    head_bottom = (head.centre + head.size / 2) / MM if head else 44.8
    upper = check_double_rule(c, name, pdf, "the rule under the 标志", head_bottom, 12, "thick over thin", page)
    if upper:
        c.check(f"{name} p1: the rule 4 mm under the 标志", abs(upper[0][0] - head_bottom - 4) <= 1,
                f"{upper[0][0] - head_bottom:.1f} mm")
    lower = check_double_rule(c, name, pdf, "the rule near the foot", 260, 30, "thin over thick", page)
    if lower:
        c.check(f"{name} p1: the lower rule 20 mm above the page's bottom edge", abs(297 - lower[1][1] - 20) <= 1,
                f"{297 - lower[1][1]:.1f} mm")
    rule = upper[1][1] if upper else None
    # 份号, 密级, 紧急程度 one a line at the left under the rule, the first 7/8 character under it
    flags = [v for v in (fields.get("copy_number"), fields.get("marking"), fields.get("urgency")) if v]
    found = []
    for index, want in enumerate(flags):
        row = next((r for r in first if r.plain == want), None)
        found.append(row)
        where = "not found" if row is None else f"x {row.x0 / MM - LEFT:+.1f} mm from the 版心's left, top {row.top / MM:.1f} mm"
        c.check(f"{name} p1: {want} at the left edge of the 版心", row is not None and abs(row.x0 / MM - LEFT) <= 1, where)
        if index == 0:
            c.check(f"{name} p1: {want} 7/8 of a 三号 character under the rule", row is not None and rule is not None
                    and abs(row.top / MM - rule - CHAR) <= 1,
                    where + (f", {row.top / MM - rule:.2f} mm under the rule" if row and rule else ""))
        elif row is not None and found[index - 1] is not None:
            c.check(f"{name} p1: {want} on the line after {flags[index - 1]}",
                    abs((row.centre - found[index - 1].centre) / MM - ROW) <= 1, f"{(row.centre - found[index - 1].centre) / MM:.1f} mm lower")
    number = next((r for r in first if fields.get("doc_number") and r.plain == fields["doc_number"]), None)
    where = "not found" if number is None else f"ends {RIGHT - number.x1 / MM:.1f} mm from the 版心's right, top {number.top / MM:.1f} mm"
    c.check(f"{name} p1: 发文字号 at the right edge of the 版心", number is not None and abs(number.x1 / MM - RIGHT) <= 1, where)
    c.check(f"{name} p1: 发文字号 7/8 of a 三号 character under the rule", number is not None and rule is not None
            and abs(number.top / MM - rule - CHAR) <= 1, where + (f", {number.top / MM - rule:.2f} mm under the rule" if number and rule else ""))
    # the title two lines below the last of these: two blank rows between
    last = max([r for r in found if r is not None] + ([number] if number else []), key=lambda r: r.centre, default=None)
    title = next((r for r in first if r.size > 19 and last is not None and r.top > last.bottom), None)
    if last is not None:
        c.check(f"{name} p1: the title two lines below the last element above it", title is not None
                and abs((title.centre - last.centre) / MM - 3 * ROW) <= 1,
                "no title" if title is None else f"{(title.centre - last.centre) / MM / ROW:.2f} rows lower")


def check_copies(c, jianbao, engine, content, out, pages_of, is_page_number, ci):
    """Prints the COPIES fixtures with --copies 1-3 and checks each PDF."""
    folder = os.path.join(out, "copies")
    result = subprocess.run([jianbao, "pdf", "--content", content, "--engine", engine, "--out", folder, "--force",
                             "--copies", "1-3", *(os.path.basename(s) for s in COPIES)], capture_output=True, text=True)
    print(result.stdout, end="")
    if result.returncode != 0 and "is not available" in result.stderr and not ci:
        print(f"copies check: {engine} skipped here (under CI=true this fails): {result.stderr.strip()}")
        return
    if not c.check(f"{engine}: jianbao pdf --copies 1-3 {' '.join(os.path.basename(s) for s in COPIES)} exits 0", result.returncode == 0, result.stderr.strip()[-600:]):
        return
    c.check(f"{engine}: --copies reports progress copy N/3 on standard error",
            all(f"copy {n}/3" in result.stderr for n in (1, 2, 3)), result.stderr.strip()[-300:])
    listing = json.loads(subprocess.run([jianbao, "list", "--content", content, "--format", "json"],
                                        check=True, capture_output=True, text=True).stdout)["documents"]
    for stem in COPIES:
        fields = next(d for d in listing if d["source"].endswith(stem + ".md"))
        letter = fields["format"] == "letter"
        single = os.path.join(out, "fixture", stem + ".pdf")
        pdf = os.path.join(folder, stem + ".copies-1-3.pdf")
        name = f"{engine} {pdf}"
        if not c.check(f"{name}: written", os.path.isfile(pdf)) or not c.check(f"{single}: the single print exists", os.path.isfile(single)):
            continue
        one = pages_of(single, engine)
        pages = pages_of(pdf, engine)
        size = len(one) + len(one) % 2
        c.check(f"{name}: 3 copies of {len(one)} pages, each from an odd page: {3 * size} pages", len(pages) == 3 * size, f"{len(pages)} pages")
        place = next((l for l in one[0] if re.fullmatch(r"\d{6}", l.plain)), None)
        for copy in range(3):
            start = copy * size
            if start >= len(pages):
                break
            want = f"{copy + 1:06d}"
            found = next((l for l in pages[start] if l.plain == want), None)
            others = [l.plain for p in pages[start:start + size] for l in p if re.fullmatch(r"\d{6}", l.plain) and l.plain != want]
            c.check(f"{name}: copy {copy + 1} starts on page {start + 1} (odd) with 份号 {want} at the top left of the 版心",
                    found is not None and abs(found.x0 / MM - LEFT) <= 1 and found.top / MM < TOP + 3 * ROW,
                    "not found" if found is None else f"x {found.x0 / MM:.1f} mm, top {found.top / MM:.1f} mm")
            c.check(f"{name}: copy {copy + 1}: no other 份号 on its pages", not others, ", ".join(others))
            if letter:
                # a 函's: at the left under the first rule, 7/8 of a character under it, the urgency below
                official = fields["official"]
                check_letter_head(c, f"{name} copy {copy + 1}", pdf, pages[start], {
                    "issuer": official.get("issuer"), "doc_number": official.get("docNumber"), "copy_number": want,
                    "marking": fields.get("marking"), "urgency": official.get("urgency")}, page=start + 1)
            elif place is None and found is not None:
                # where the single print puts a 份号: the first row of the 版心 (check_elements)
                c.check(f"{name}: copy {copy + 1}: 份号 on the first row of the 版心", abs(found.centre / MM - TOP - ROW / 2) <= 1,
                        f"centre {found.centre / MM - TOP:.1f} mm below the 版心 top")
            for n in range(size):
                got = [l.plain for l in pages[start + n] if is_page_number(l)] if start + n < len(pages) else ["missing page"]
                want_numbers = [l.plain for l in one[n] if is_page_number(l)] if n < len(one) else []
                c.check(f"{name}: copy {copy + 1} p{n + 1} (page {start + n + 1}): page number as in the single print "
                        f"{want_numbers or 'none'}", got == want_numbers, ", ".join(got) or "none")
            # the same words on each page, the 份号 aside (pdftotext may order a row's parts either way)
            body = [sorted(w[0] for l in p for w in l.words if w[0] != want) for p in pages[start:start + len(one)]]
            wanted = [sorted(w[0] for l in p for w in l.words) for p in one]
            c.check(f"{name}: copy {copy + 1}: the text of the single print on the same pages",
                    body == wanted, f"first difference on its p{next((i + 1 for i, (a, b) in enumerate(zip(body, wanted)) if a != b), '?')}")
        stem_png = os.path.join(folder, stem.replace("/", "-") + ".copies")
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(size + 1), "-l", str(size + 1), pdf, stem_png + "-copy2-first"], check=True)
