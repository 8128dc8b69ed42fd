"""横排 (landscape) tables, checked from the PDF (GB/T 9704 7.5 and print-layout.md, "More elements").

A table with many columns (or marked `<!-- 横排 -->`) is set sideways on its own pages: the sheet
stays an A4 portrait page, the table turned so that its head is at the page's left edge (the
binding side of an odd page, the outer side of an even one: the same edge of the sheet), its
header row on every page it runs over, and the page number '— N —' where every other page has it.

Read with poppler from each PDF: pdfinfo (each page's size and /Rotate: a page may be laid out
landscape and turned for display, which is still a portrait sheet), pdftotext -bbox-layout (words
and lines in the turned, displayed frame). A word of several characters set sideways is taller
than it is wide.

Called by check_print.py once an engine has printed the fixture (and the example archive).
"""
import copy
import os
import re
import subprocess
import xml.etree.ElementTree as ET

MM = 72 / 25.4
LEFT, TOP, WIDTH, HEIGHT = 28 * MM, 37 * MM, 156 * MM, 225 * MM
RIGHT, BOTTOM = LEFT + WIDTH, TOP + HEIGHT
TOLERANCE = 1 * MM

# What each PDF must show: its table pages found by a word of the table's rows, the header cells
# that must be on every one of them (each whole on one line), cells that must each be one line,
# how many of them there are, and at most how many table pages (the 通知's score tables printed
# portrait over 19 pages).
TABLES = [
    {"pdf": "fixture/fawen/2024/landscape-biao.pdf", "row": r"第\d+号", "head": ["隐患类别", "整治措施", "完成情况"],
     "cells": r"2024年6月\d+日", "count": 60, "pages": (2, 8)},
    {"pdf": "fixture/fawen/2024/landscape-biao.pdf", "row": "编织袋", "head": ["储备点", "主要物资", "联系电话"],
     "cells": r"0000-12345\d\d", "count": 3, "pages": (1, 1)},
    # a marked table in the text: turned alone, the text after it on a portrait page again
    {"pdf": "fixture/fawen/2024/landscape-biao.pdf", "row": "自查", "head": ["阶段", "时间"],
     "cells": r"6月\d+日前", "count": 2, "pages": (1, 1), "after": "各地各单位要高度重视"},
    {"pdf": "wenjian/2020/puzhi-shiban-2020-8.pdf", "row": "检查方式", "head": ["主要职责", "检查标准", "备注"],
     "cells": r"得分\(分\)|得分", "count": None, "pages": (2, 13)},
]


# 附件 turned whole (a 附件 that holds a 横排 table): its label at the top left of the turned 版心 (on the
# sheet: its first row along the 版心's left edge, the label's first character at the 版心's foot)
LABELS = {"fixture/fawen/2024/landscape-biao.pdf": ["附件1", "附件2"], "wenjian/2020/puzhi-shiban-2020-8.pdf": ["附件1"]}
ROW = HEIGHT / 22


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def sheets(pdf):
    """Each page: (width, height as displayed, /Rotate, words, lines); words and lines as
    (text, x0, y0, x1, y1) in points in the displayed frame."""
    info = run("pdfinfo", "-f", "1", "-l", "9999", pdf)
    sizes = {int(n): (float(w), float(h)) for n, w, h in re.findall(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", info)}
    turns = {int(n): int(r) for n, r in re.findall(r"Page\s+(\d+) rot:\s+(\d+)", info)}
    root = ET.fromstring(run("pdftotext", "-bbox-layout", pdf, "-"))
    result = []
    for number, page in enumerate((p for p in root.iter() if p.tag.endswith("}page")), start=1):
        w, h = sizes[number]
        rot = turns.get(number, 0)
        if rot in (90, 270):
            w, h = h, w

        def box(e):
            return tuple(float(e.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
        words = [(re.sub(r"\s+", "", e.text or ""), *box(e)) for e in page.iter() if e.tag.endswith("}word")]
        lines = [("".join(re.sub(r"\s+", "", x.text or "") for x in e.iter() if x.tag.endswith("}word")), *box(e))
                 for e in page.iter() if e.tag.endswith("}line")]
        result.append((w, h, rot, words, lines))
    return result


def sideways(words):
    """Most words of two characters or more taller than wide: the text runs up or down the page."""
    long = [w for w in words if len(w[0]) >= 2]
    return bool(long) and sum(1 for w in long if (w[4] - w[2]) > (w[3] - w[1])) >= 0.8 * len(long)


def turned_pages(pdf):
    """The numbers of the pages set sideways."""
    return {n for n, page in enumerate(sheets(pdf), start=1) if sideways(page[3])}


def without_turned(source, pages, turned):
    """check_print's `source` without the titles and 附件 labels printed on the turned pages, which
    check_print reads as portrait text: `check` looks for them there instead."""
    if not turned:
        return source
    text = "".join(l.compact for n in turned for l in pages[n - 1])
    kept = copy.copy(source)
    kept.titles = [t for t in source.titles if re.sub(r"\s+", "", t) not in text]
    kept.attachments = [a for a in source.attachments if a not in text]
    return kept


def check(c, engine, out, archive=True):
    """The 横排 tables of the fixture and, with `archive` (not under --fixture-only), of the example
    通知, printed into `out` (ci-artifacts/print/<engine>)."""
    for relative, labels in LABELS.items():
        pdf = os.path.join(out, relative)
        if (archive or relative.startswith("fixture/")) and os.path.isfile(pdf):
            every = sheets(pdf)
            numbers = [n for n, p in enumerate(every, start=1) if sideways(p[3])]
            turned = [every[n - 1] for n in numbers]
            # a picture of the first turned page and of the last, for a person to look at
            for n in sorted({numbers[0], numbers[-1]} if numbers else set()):
                subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(n), "-l", str(n), pdf,
                                f"{pdf[:-4]}-landscape-p{n}"], check=True)
            for label in labels:
                at = [(x0, y0, x1, y1) for p in turned for t, x0, y0, x1, y1 in p[4] if t == label]
                c.check(f"{engine} {relative}: {label} at the top left of the turned 版心, ± 1 mm",
                        any(LEFT <= (x0 + x1) / 2 <= LEFT + ROW and abs(y1 - BOTTOM) <= TOLERANCE for x0, y0, x1, y1 in at),
                        "; ".join(f"x {x0 / MM:.1f}–{x1 / MM:.1f} y {y0 / MM:.1f}–{y1 / MM:.1f} mm" for x0, y0, x1, y1 in at) or "not on a turned page")
    for table in TABLES:
        pdf = os.path.join(out, table["pdf"])
        if not archive and not table["pdf"].startswith("fixture/"):
            continue
        if not c.check(f"{engine}: {table['pdf']} printed", os.path.isfile(pdf)):
            continue
        name = f"{engine} {table['pdf']} 横排 table ({table['head'][0]}…)"
        pages = sheets(pdf)
        found = [(n, p) for n, p in enumerate(pages, start=1) if any(re.search(table["row"], w[0]) for w in p[3])]
        if not c.check(f"{name}: found", found):
            continue
        numbers = [n for n, _ in found]
        low, high = table["pages"]
        c.check(f"{name}: on {low}–{high} pages", low <= len(found) <= high, f"{len(found)} pages: {numbers}")
        for n, (w, h, rot, words, lines) in found:
            where = f"{name} p{n}"
            c.check(f"{where}: an A4 portrait sheet", abs(w - 210 * MM) < 1 and abs(h - 297 * MM) < 1,
                    f"{w / MM:.0f} x {h / MM:.0f} mm as displayed (/Rotate {rot})")
            c.check(f"{where}: the table set sideways (its words run up the page)", sideways(words),
                    "; ".join([f"{t[:8]} {(x1 - x0) / MM:.0f}x{(y1 - y0) / MM:.0f} mm" for t, x0, y0, x1, y1 in words if len(t) >= 2][:3]))
            # the header row on every page, each header cell's text whole (one line)
            missing = [head for head in table["head"] if not any(t == head or t.startswith(head) for t, *_ in words)]
            c.check(f"{where}: header row {table['head']} on the page, each on one line", not missing, f"missing {missing}")
            # the head at the left edge of the sheet (7.5: binding side of an odd page, outer of an even)
            heads = [(x0 + x1) / 2 for t, x0, y0, x1, y1 in words if t == table["head"][0]]
            body = [(x0 + x1) / 2 for t, x0, y0, x1, y1 in words if re.search(table["row"], t)]
            c.check(f"{where}: the table's head at the left edge of the sheet", heads and body and min(heads) < min(body),
                    f"head at x {min(heads) / MM:.0f} mm, rows from {min(body) / MM:.0f} mm" if heads and body else "")
            # the page number where a portrait page has it, upright (a line wider than tall)
            folio = [l for l in lines if l[0] == f"—{n}—"]
            ok = c.check(f"{where}: page number — {n} —, upright", len(folio) == 1 and folio[0][3] - folio[0][1] > folio[0][4] - folio[0][2],
                         ", ".join(f"{l[0]} {(l[3] - l[1]) / MM:.0f}x{(l[4] - l[2]) / MM:.0f} mm" for l in folio) or
                         ", ".join(l[0] for l in lines if "—" in l[0])[:80] or "none")
            if ok:
                t, x0, y0, x1, y1 = folio[0]
                edge = (x1, RIGHT - 14) if n % 2 else (x0, LEFT + 14)
                c.check(f"{where}: page number {'right' if n % 2 else 'left'}, one character in, ± 1 mm",
                        abs(edge[0] - edge[1]) <= TOLERANCE, f"{x0 / MM:.1f}–{x1 / MM:.1f} mm")
                c.check(f"{where}: page number 7 mm below the 版心, ± 1 mm", abs((y0 + y1) / 2 - (BOTTOM + 7 * MM)) <= TOLERANCE,
                        f"{((y0 + y1) / 2 - BOTTOM) / MM:.1f} mm")
        if "after" in table:
            following = pages[numbers[-1]] if numbers[-1] < len(pages) else None
            c.check(f"{name}: the text after it on the next page, portrait again", following is not None and not sideways(following[3])
                    and any(table["after"] in t for t, *_ in following[4]))
        # cells that fit on a line print on one line, not a character to a line
        # (pdftotext may join the lines of cells side by side into one: each whole cell is looked for in them)
        cells = [m for _, p in found for t, *_ in p[4] for m in re.findall(table["cells"], t)]
        if table["count"]:
            c.check(f"{name}: each of its {table['count']} cells {table['cells']!r} on one line", len(cells) >= table["count"],
                    f"{len(cells)} found whole")
        else:
            c.check(f"{name}: the header {table['cells']!r} whole on one line on every table page", len(cells) >= len(found),
                    f"{len(cells)} found whole on {len(found)} pages")
