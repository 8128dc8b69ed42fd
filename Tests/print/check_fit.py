"""Branch `fit` (#14): the 主送 moved into the 版记 when it would push the text off page 1, and the
last page tightened so that the 署名 and 成文日期 stay with the text (GB/T 9704 7.3.2, 7.3.5, 7.4;
../shared/domain/print-layout.md, "More elements of a 公文"). Checked from the PDF with poppler
(pdftotext -bbox-layout for text, pdftoppm -gray for the rules), each place within 1 mm:

  fit-zhusong (40 offices in 主送): page 1 holds lines of 正文; no 主送 at the top; on the last page
  the 版记 has 主送： + every name + 。, 四号, one character in, wrapped lines after the colon, directly
  above 抄送 with no rule between them and the 版记's thick rule above it.
  Every other fixture 公文 with a 主送: the 主送 on page 1 under the title, none in the 版记.
  fit-jin (text ends two rows short of the foot of p2): the 署名 and date on p2 with the last
  paragraph, one blank line below it; the page holds more rows than 22 at the full pitch would allow;
  its line pitch between 26 pt (jianbao's limit) and 28.95 pt; 署名 two characters in from the right,
  the date two characters right of the 署名's start, one pitch below it.
  fit-guo (text fills p2 to the foot: tightening would need a pitch under 26 pt): today's behaviour,
  the last paragraph's last lines go with the 署名 and date to p3, at the full pitch.

Called from check_print.py for each printed PDF. Standard library and poppler-utils only.
"""
import json
import os
import re
import subprocess
import tempfile

MM = 72 / 25.4
LEFT, TOP, WIDTH, HEIGHT = 28 * MM, 37 * MM, 156 * MM, 225 * MM
RIGHT, BOTTOM = LEFT + WIDTH, TOP + HEIGHT
ROW = HEIGHT / 22          # 28.95 pt, the standard's pitch
CHAR = WIDTH / 28          # one 三号 character of the grid
SMALL = 14                 # 四号, the 版记's size: one character in
MIN_PITCH = 26.0           # the tightest line pitch jianbao sets (docs/printing.md)
TOLERANCE = 1 * MM
# The page the 署名 and date must be on, as each fixture is written (see its rows in the docstring).
LAST_TEXT_PAGE = {"fit-jin.md": 2, "fit-guo.md": 3}
ZHUSONG = "fit-zhusong.md"

_listings = {}


def _fields(jianbao, content, source):
    if content not in _listings:
        out = subprocess.run([jianbao, "list", "--content", content, "--format", "json"], check=True,
                             capture_output=True, text=True).stdout
        _listings[content] = {d["source"]: d for d in json.loads(out)["documents"]}
    return _listings[content].get(source, {}).get("official", {})


def _first_paragraph(source):
    text = open(source, encoding="utf-8-sig").read().replace("\r\n", "\n")
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    return next(p.strip() for p in body.split("\n\n") if p.strip())


def _rules(pdf, page):
    """The y (pt from the page top) of every dark horizontal line at least 150 mm long, from the
    page rendered at 100 dpi (PGM, grey)."""
    with tempfile.TemporaryDirectory() as folder:
        stem = os.path.join(folder, "p")
        subprocess.run(["pdftoppm", "-gray", "-r", "100", "-singlefile", "-f", str(page), "-l", str(page), pdf, stem], check=True)
        data = open(stem + ".pgm", "rb").read()
    fields = data.split(maxsplit=4)
    width, height = int(fields[1]), int(fields[2])
    pixels = fields[4]
    scale = 72 / 100
    found = []
    for y in range(height):
        row = pixels[y * width:(y + 1) * width]
        longest = run = 0
        for value in row:
            run = run + 1 if value < 128 else 0
            longest = max(longest, run)
        if longest * scale >= 150 * MM:
            found.append(y * scale)
    return found


def _pitch_ok(value):
    return MIN_PITCH - 0.1 <= value <= ROW + 0.1


def check(c, engine, pdf, doc, jianbao, content, pages_of, rows_of, is_page_number):
    name = os.path.basename(doc.path)
    if doc.kind == "briefing":
        return
    where = f"{engine} {name}"
    pages = pages_of(pdf, engine)
    rows = [rows_of([l for l in p if not is_page_number(l)]) for p in pages]
    official = _fields(jianbao, content, doc.path)
    addressees = official.get("addressees")
    label_rows = [(n, i) for n, page in enumerate(rows) for i, r in enumerate(page) if r.plain.startswith("主送：")]
    if name == ZHUSONG:
        _check_moved(c, where, pdf, rows, label_rows, addressees, doc)
    elif addressees and doc.kind != "order":
        title = official.get("title", "")
        first = rows[0]
        at = next((i for i, r in enumerate(first) if r.plain.startswith(addressees[:6])), None)
        c.check(f"{where}: 主送 on page 1 below the title, none in the 版记", at is not None and not label_rows
                and any(title.endswith(r.plain) for r in first[:at] if r.size > 19),
                f"on p1 at row {at}, 主送： rows {label_rows}")
    if name in LAST_TEXT_PAGE:
        _check_signoff(c, where, rows, doc, LAST_TEXT_PAGE[name], tight=name == "fit-jin.md")


def _check_moved(c, where, pdf, rows, label_rows, addressees, doc):
    first = rows[0]
    opening = re.sub(r"\s+", "", _first_paragraph(doc.path))[:10]
    c.check(f"{where} p1: holds lines of 正文 ({opening}…)", any(r.plain.startswith(opening) for r in first),
            " / ".join(r.plain[:10] for r in first[-4:]))
    c.check(f"{where} p1: no 主送 list at the top", not any(r.plain.startswith(addressees[:7]) for r in first))
    if not c.check(f"{where}: 主送： in the 版记 on the last page", label_rows and label_rows[-1][0] == len(rows) - 1,
                   f"主送： rows {label_rows}, {len(rows)} pages"):
        return
    page, index = label_rows[-1]
    last = rows[page]
    cc = next((i for i in range(index, len(last)) if last[i].plain.startswith("抄送：")), None)
    if not c.check(f"{where}: 抄送 below 主送 in the 版记", cc is not None):
        return
    block = last[index:cc]
    text = "".join(r.plain for r in block)
    c.check(f"{where}: the 版记's 主送 reads 主送：+ every name + 。", text == "主送：" + re.sub(r"\s+", "", addressees) + "。",
            text[:40] + "…" + text[-20:])
    c.check(f"{where}: 主送 in 四号 (14 pt) like 抄送", all(abs(r.size - SMALL) < 1 for r in block + [last[cc]]),
            ", ".join(f"{r.size:.1f}" for r in block))
    c.check(f"{where}: 主送： one character in, as 抄送：", near(block[0].x0, LEFT + SMALL) and near(last[cc].x0, LEFT + SMALL),
            f"主送 {(block[0].x0 - LEFT) / MM:.1f} mm, 抄送 {(last[cc].x0 - LEFT) / MM:.1f} mm in")
    c.check(f"{where}: 主送's wrapped lines aligned after the colon", len(block) > 1
            and all(near(r.x0, LEFT + 4 * SMALL) for r in block[1:]),
            ", ".join(f"{(r.x0 - LEFT) / MM:.1f} mm" for r in block[1:]))
    pitch = [b.centre - a.centre for a, b in zip(block + [last[cc]], block[1:] + [last[cc]])]
    c.check(f"{where}: 主送 directly above 抄送, a row apart", all(near(p, ROW) for p in pitch), ", ".join(f"{p / MM:.1f} mm" for p in pitch))
    rules = _rules(pdf, page + 1)
    top, bottom = block[0].centre - block[0].size / 2, last[cc].centre - last[cc].size / 2
    between = [y for y in rules if block[-1].centre + block[-1].size / 2 < y < bottom]
    above = [y for y in rules if top - ROW < y < top]
    c.check(f"{where}: no rule between 主送 and 抄送", not between, ", ".join(f"{y / MM:.1f} mm" for y in between))
    c.check(f"{where}: the 版记's thick rule right above 主送", bool(above),
            "rules at " + ", ".join(f"{y / MM:.1f}" for y in rules) + f" mm; 主送 top {top / MM:.1f} mm")


def near(value, target, tolerance=TOLERANCE):
    return value is not None and abs(value - target) <= tolerance


def _check_signoff(c, where, rows, doc, expected, tight):
    date = next(((n, i) for n, page in enumerate(rows) for i, r in enumerate(page)
                 if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", r.plain) and r.size < 17.5 and r.x0 > LEFT + 10 * CHAR), None)
    if not c.check(f"{where}: 成文日期 found", date is not None):
        return
    page, index = date
    c.check(f"{where}: 署名 and 成文日期 on p{expected} (as the fixture is written)", page + 1 == expected, f"on p{page + 1}")
    if index < 2:
        c.check(f"{where}: text above the 署名 on its page", False, "nothing above it")
        return
    on_page = rows[page]
    signature, text = on_page[index - 1], on_page[index - 2]
    c.check(f"{where}: the last paragraph's last line above the 署名", text.size < 17.5 and near(text.x0, LEFT),
            f"{text.plain[:12]} at {(text.x0 - LEFT) / MM:.1f} mm")
    body = [r for r in on_page[:index + 1] if 15 <= r.size <= 17.5]
    gaps = [b.centre - a.centre for a, b in zip(body, body[1:])]
    pitch = gaps[-1] if gaps else 0
    c.check(f"{where}: one blank line between the text and the 署名", near(signature.centre - text.centre, 2 * pitch),
            f"{(signature.centre - text.centre) / MM:.1f} mm, pitch {pitch / MM:.2f} mm")
    c.check(f"{where}: 署名 two characters in from the right", near(signature.x1, RIGHT - 2 * CHAR),
            f"ends {(RIGHT - signature.x1) / MM:.1f} mm from the right")
    c.check(f"{where}: the date two characters right of the 署名's start", near(on_page[index].x0 - signature.x0, 2 * CHAR),
            f"{(on_page[index].x0 - signature.x0) / MM:.1f} mm")
    if tight:
        # the rows the page holds (a line or a blank line each), from its first line to the date
        rows = round((on_page[index].centre - body[0].centre) / min(gaps)) + 1 if gaps else 0
        c.check(f"{where}: more rows on the page than the 22 of the full pitch (it was tightened)", rows > 22,
                f"{rows} rows")
        c.check(f"{where}: line pitch on the tightened page within 26–28.95 pt", gaps and all(_pitch_ok(g) or _pitch_ok(g / 2) for g in gaps),
                f"{min(gaps):.2f}–{max(gaps):.2f} pt" if gaps else "no rows")
        c.check(f"{where}: tightened, not left at the full pitch", gaps and min(gaps) < ROW - 0.5, f"{min(gaps):.2f} pt")
    else:
        c.check(f"{where}: full pitch on the page (too far over to tighten)", gaps and all(near(g, ROW, 0.3) or near(g, 2 * ROW, 0.3) for g in gaps),
                f"{min(gaps):.2f}–{max(gaps):.2f} pt" if gaps else "no rows")
