#!/usr/bin/env python3
"""Prints every issue and 公文 of Content/ with `jianbao pdf` in both engines (WeasyPrint, headless
Chromium) and checks each PDF against GB/T 9704 from the PDF itself, with poppler's pdfinfo,
pdftotext -bbox-layout and pdffonts:

  A4; every text line inside the 版心 (left 28 mm, top 37 mm, 156 x 225 mm) within 1 mm;
  28 ± 1 characters on a full body line; 22 ± 1 lines on a full page; '— N —' on every page, right on
  odd pages and left on even ones, 7 mm below the 版心 (none on a page that holds only the 报尾/版记);
  the masthead on page 1; the 报尾/版记 lines on the last page, below all body text and at its foot;
  fonts embedded, CJK among them, and no Type 3 fonts from WeasyPrint (print-shop ready); nothing of
  the web page (navigation, pager, footer, addresses).

The PDFs and PNGs of each one's first and last pages go to ci-artifacts/print/<engine>/.
Usage: check_print.py JIANBAO_EXECUTABLE [--engine weasyprint|chromium]... ; the last line is
'print: N passed, N failed'. Standard library only.
"""
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

MM = 72 / 25.4
LEFT, TOP, WIDTH, HEIGHT = 28 * MM, 37 * MM, 156 * MM, 225 * MM
RIGHT, BOTTOM = LEFT + WIDTH, TOP + HEIGHT
ROW = HEIGHT / 22
TOLERANCE = 1 * MM
# pdftotext's line box for a glyph of size s: s * HEIGHT_FACTOR tall, its centre CENTRE_SHIFT * s
# above the glyph's. Chromium embeds Noto CJK as Type 3 fonts whose boxes are much taller.
# (Measured on the seeds: 16 pt body and 14 pt page numbers give the same factors.)
BOX = {"weasyprint": (1.437, 0.0), "chromium": (2.6, 0.19)}
FIXTURE = "Tests/Fixtures/print-site/Content"
ALONE = "banji-ling-ye.md"
# Text of the site's header, breadcrumb, pager and footer that must not reach paper.
WEB_ONLY = ["跳到正文", "本站由", "站点地图", "上一期", "下一期", "上一份", "下一份", "全部各期", "全部文件", "订阅"]
LABELS = ["报", "抄报", "送", "抄送", "发", "分送", "编校", "编辑", "责任编辑", "审核", "签发", "校对", "印发"]


class Line:
    def __init__(self, element, engine):
        self.text = "".join(w.text or "" for w in element.iter() if w.tag.endswith("word"))
        self.compact = re.sub(r"\s+", "", "".join(w.text or "" for w in element.iter() if w.tag.endswith("word")))
        x0, y0, x1, y1 = (float(element.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
        factor, shift = BOX[engine]
        self.size = (y1 - y0) / factor
        self.centre = (y0 + y1) / 2 + shift * self.size
        self.x0, self.x1 = x0, x1
        self.top, self.bottom = self.centre - self.size / 2, self.centre + self.size / 2


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, what, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"  FAIL {what}" + (f": {detail}" if detail else ""))
        return ok


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def front_matter(path):
    text = open(path, encoding="utf-8-sig").read().replace("\r\n", "\n")
    fields = {}
    if text.startswith("---\n"):
        for line in text[4:].split("\n---", 1)[0].split("\n"):
            key, _, value = line.partition(":")
            if value:
                fields[key.strip()] = value.split(" #")[0].strip()
    return fields, text


def yaml_block(path):
    """series.yml: top-level keys and the `trailer:` mapping (the shape jianbao documents)."""
    fields, trailer, inside = {}, {}, False
    for line in open(path, encoding="utf-8-sig"):
        line = line.rstrip("\n")
        if inside and line.startswith("  ") and ":" in line:
            key, _, value = line.strip().partition(":")
            trailer[key.strip()] = value.strip()
            continue
        inside = line.startswith("trailer:")
        key, _, value = line.partition(":")
        if value.strip():
            fields[key.strip()] = value.strip()
    return fields, trailer


def documents(content):
    """Every published issue and 公文: (source, pdf relative path, expectations)."""
    site, _ = yaml_block(os.path.join(content, "site.yml"))
    publish_internal = site.get("publish_internal") == "true"
    found = []
    for series in sorted(os.listdir(content)):
        folder = os.path.join(content, series)
        if series[0] in "._" or not os.path.isfile(os.path.join(folder, "series.yml")):
            continue
        info, trailer = yaml_block(os.path.join(folder, "series.yml"))
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d[0] not in "._")
            for name in sorted(files):
                if not name.endswith(".md") or name[0] in "._":
                    continue
                path = os.path.join(root, name)
                fields, text = front_matter(path)
                marking = fields.get("marking", info.get("marking", ""))
                if fields.get("draft") == "true" or (("内部" in marking or "注意保存" in marking) and not publish_internal):
                    continue
                kind = fields.get("kind", info.get("kind", "briefing"))
                year = fields["date"][:4]
                if kind == "briefing":
                    masthead_extra = []
                    leaf = ("supplement-" if fields.get("special") == "增刊" else "") + fields["number"]
                    masthead = [info["name"].split()[-1], ("增刊第" if fields.get("special") == "增刊" else "第") + fields["number"] + "期"]
                    labels = set(trailer) | {m.group(1) for m in re.finditer(r"^(%s)[：:]" % "|".join(LABELS), text, re.M)}
                else:
                    leaf = name[:-3]
                    masthead = [fields.get("issuer", info.get("issuer", "")), fields["title"][:12]]
                    attachments = [a for a in fields.get("attachments", "").strip("[]").split(",") if a.strip()]
                    masthead_extra = ["附件"] if len(attachments) == 1 else [f"附件{n}" for n in range(1, len(attachments) + 1)]
                    labels = {"抄送"} if fields.get("cc", info.get("cc")) else set()
                    if fields.get("printed_by", info.get("printed_by")) or fields.get("printed_on"):
                        labels.add("印发")
                found.append((path, f"{series}/{year}/{leaf}.pdf", [m for m in masthead if m], labels, masthead_extra))
    return found


def pages_of(pdf, engine):
    root = ET.fromstring(run("pdftotext", "-bbox-layout", pdf, "-"))
    return [[Line(line, engine) for line in page.iter() if line.tag.endswith("}line")]
            for page in root.iter() if page.tag.endswith("}page")]


def is_page_number(line):
    return re.fullmatch(r"—\d+—", line.compact) is not None


def is_trailer_line(line, labels):
    return any(line.compact.startswith(label + "：") for label in labels) or "共印" in line.compact or line.compact.endswith("印发")


def check_pdf(c, engine, pdf, masthead, labels, counts, attachments=()):
    name = f"{engine} {os.path.relpath(pdf)}"
    info = run("pdfinfo", pdf)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
    c.check(f"{name}: A4", size and abs(float(size[1]) - 210 * MM) < 1 and abs(float(size[2]) - 297 * MM) < 1, size and size[0])
    pages = pages_of(pdf, engine)
    counts[(engine, pdf)] = len(pages)

    # The 报尾/版记: on the last page, below all body text, its last line at the foot of the 版心.
    last = pages[-1]
    foot = [l for l in last if is_trailer_line(l, labels)] if labels else []
    if labels:
        found = {label for label in labels if any(l.compact.startswith(label + "：") or (label == "印发" and l.compact.endswith("印发")) for l in foot)}
        c.check(f"{name}: 报尾/版记 lines {sorted(labels)} on the last page", found == labels, f"found {sorted(found)}")
        if foot:
            first_foot = min(l.top for l in foot)
            body = [l for l in last if not is_page_number(l) and l.top < first_foot - 1]
            inside = [l for l in last if not is_page_number(l) and l.top >= first_foot - 1]
            c.check(f"{name}: 报尾/版记 below all body text", all(l.bottom < first_foot for l in body) and all(is_trailer_line(l, labels) or l.x0 > LEFT + 2 * MM for l in inside),
                    "; ".join(l.compact[:12] for l in inside if not is_trailer_line(l, labels)))
            c.check(f"{name}: 报尾/版记 at the foot of the page", BOTTOM - ROW <= max(l.centre for l in foot) <= BOTTOM,
                    f"last line centre {max(l.centre for l in foot) / MM:.1f} mm, 版心 ends at {BOTTOM / MM:.0f} mm")

    full_lines, full_pages = [], []
    for number, lines in enumerate(pages, start=1):
        where = f"{name} p{number}"
        numbers = [l for l in lines if is_page_number(l)]
        text = [l for l in lines if not is_page_number(l)]
        alone = bool(labels) and number == len(pages) and text and all(is_trailer_line(l, labels) or l.top >= min(t.top for t in foot) for l in text)
        if alone:
            counts[(engine, "alone", pdf)] = True
            c.check(f"{where}: no page number on a page with only the 报尾/版记", not numbers)
        elif c.check(f"{where}: page number — {number} —", len(numbers) == 1 and numbers[0].compact == f"—{number}—",
                     ", ".join(l.compact for l in numbers) or "none"):
            n = numbers[0]
            if number % 2:
                side = abs(n.x1 - (RIGHT - 14)) <= TOLERANCE + 1
            else:
                side = abs(n.x0 - (LEFT + 14)) <= TOLERANCE + 1
            c.check(f"{where}: page number {'right' if number % 2 else 'left'}, one character in", side, f"{n.x0 / MM:.1f}–{n.x1 / MM:.1f} mm")
            c.check(f"{where}: page number 7 mm below the 版心", abs(n.centre - (BOTTOM + 7 * MM)) <= TOLERANCE,
                    f"{(n.centre - BOTTOM) / MM:.1f} mm")
        outside = [l for l in text if l.x0 < LEFT - TOLERANCE or l.x1 > RIGHT + TOLERANCE or l.top < TOP - TOLERANCE or l.bottom > BOTTOM + TOLERANCE]
        c.check(f"{where}: text inside the 版心", not outside,
                "; ".join(f"{l.compact[:10]} at x {l.x0 / MM:.1f}–{l.x1 / MM:.1f} y {l.top / MM:.1f}–{l.bottom / MM:.1f} mm" for l in outside[:3]))
        if number == 1:
            joined = "".join(l.compact for l in text)
            for words in masthead:
                c.check(f"{where}: masthead shows {words}", re.sub(r"\s+", "", words) in joined)
        # Full body lines: 16 pt, flush with both edges of the 版心, Chinese only.
        for l in text:
            if 15 <= l.size <= 17.5 and abs(l.x0 - LEFT) < 2 and l.x1 > RIGHT - 8 and re.fullmatch(r"[^\x00-\x7f]+", l.compact):
                full_lines.append((where, l))
        # A full page: body lines from the top row of the 版心 to the bottom one, no table and no
        # photo between; its lines are counted.
        rows = sorted(l.centre for l in text if l.size >= 13)
        if (number > 1 and rows and len(rows) == len(text) and rows[0] < TOP + ROW and rows[-1] > BOTTOM - ROW
                and all(b - a < 1.5 * ROW for a, b in zip(rows, rows[1:]))):
            full_pages.append((where, len(rows)))
    bad = [(w, l.compact) for w, l in full_lines if not 27 <= len(l.compact) <= 29]
    c.check(f"{name}: 28 ± 1 characters on each of {len(full_lines)} full body lines", full_lines and not bad,
            "; ".join(f"{w}: {len(t)} {t}" for w, t in bad[:3]) or "no full line found")
    bad = [(w, n) for w, n in full_pages if not 21 <= n <= 23]
    if full_pages:
        c.check(f"{name}: 22 ± 1 lines on each of {len(full_pages)} full pages", not bad,
                "; ".join(f"{w}: {n} lines" for w, n in bad))
    counts[(engine, "full pages")] = counts.get((engine, "full pages"), 0) + len(full_pages)

    # Each 附件 from a new page, its label (附件1) on the first row at the left of the 版心.
    for label in attachments:
        c.check(f"{name}: {label} at the top left of a page", any(
            p and min(p, key=lambda l: l.centre).compact == label and abs(min(p, key=lambda l: l.centre).x0 - LEFT) < 2
            and min(l.centre for l in p) < TOP + ROW for p in pages))
    # No title (22 pt) left as the last line of a page, away from its text.
    stranded = [n for n, p in enumerate(pages, start=1) if n > 1 and len(p) > 2
                and max((l for l in p if not is_page_number(l)), key=lambda l: l.centre).size > 19]
    c.check(f"{name}: no title stranded at the foot of a page", not stranded, f"pages {stranded}")
    everything = "".join(l.compact for p in pages for l in p)
    web = [w for w in WEB_ONLY if w in everything] + re.findall(r"https?://\S+", everything)
    c.check(f"{name}: nothing of the web page printed (navigation, pager, footer, addresses)", not web, ", ".join(web))
    lengths = sorted({len(l.compact) for _, l in full_lines})
    print(f"  {name}: {len(pages)} pages; {len(full_lines)} full body lines of {lengths} characters; "
          f"{len(full_pages)} full pages of {sorted({n for _, n in full_pages})} lines"
          + (f"; 报尾/版记 last line {(max(l.centre for l in foot) - BOTTOM) / MM:+.1f} mm from the foot of the 版心" if labels and foot else ""))
    fonts = run("pdffonts", pdf).splitlines()[2:]
    columns = [f.split() for f in fonts]
    c.check(f"{name}: every font embedded", fonts and all("yes" in f[-5:-2] for f in columns), "; ".join(fonts))
    if engine == "weasyprint":
        c.check(f"{name}: CJK fonts embedded as named subsets, no Type 3",
                any("CJK" in f[0] for f in columns) and not any("Type 3" in f for f in fonts), "; ".join(fonts))
    else:
        # Chromium embeds CFF-outline CJK faces as Type 3 without names; the text must still extract.
        c.check(f"{name}: fonts embedded and the Chinese text extractable", any(re.search(r"[\u4e00-\u9fff]", l.compact) for p in pages for l in p))


def print_and_check(c, jianbao, engine, content, out, counts, ci):
    """Prints a content folder with `jianbao pdf` and checks every PDF; False when the engine is missing here."""
    result = subprocess.run([jianbao, "pdf", "--content", content, "--engine", engine, "--out", out, "--force"],
                            capture_output=True, text=True)
    print(result.stdout, end="")
    if result.returncode != 0 and "is not available" in result.stderr and not ci:
        print(f"print check: {engine} skipped here (under CI=true this fails): {result.stderr.strip()}")
        return False
    if not c.check(f"jianbao pdf --content {content} --engine {engine} exits 0", result.returncode == 0, result.stderr.strip()):
        return True
    for source, relative, masthead, labels, attachments in documents(content):
        pdf = os.path.join(out, relative)
        if not c.check(f"{engine}: {source} printed to {pdf}", os.path.isfile(pdf)):
            continue
        check_pdf(c, engine, pdf, masthead, labels, counts, attachments)
        if source.endswith(ALONE):
            c.check(f"{engine}: {source} has its 版记 alone on the last page (as the fixture is written)",
                    counts.get((engine, "alone", pdf)) is True)
        stem = os.path.join(out, relative[:-4].replace("/", "-"))
        last = str(counts[(engine, pdf)])
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", "1", "-l", "1", pdf, stem + "-first"], check=True)
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", last, "-l", last, pdf, stem + "-last"], check=True)
    return True


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    jianbao = os.path.abspath(args[0])
    engines = [a for a in args[1:] if a in BOX] or list(BOX)
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    ci = os.environ.get("CI") == "true"
    missing = [tool for tool in ("pdfinfo", "pdftotext", "pdffonts", "pdftoppm") if not shutil.which(tool)]
    if missing:
        print(f"print check: missing {', '.join(missing)}; install: apt-get install -y poppler-utils", file=sys.stderr)
        sys.exit(1 if ci else 0)
    c = Checker()
    counts = {}
    for engine in engines:
        out = os.path.join("ci-artifacts", "print", engine)
        if not print_and_check(c, jianbao, engine, "Content", out, counts, ci):
            continue
        # A fixture of 公文 with a 版记: one fits under the text, one is written so that its 版记 has
        # the last page to itself in both engines, where no page number may show.
        print_and_check(c, jianbao, engine, FIXTURE, os.path.join(out, "fixture"), counts, ci)
        # Pages full of body text exist in the example archive (the 报告 and 情况说明): finding none
        # would mean the check no longer sees them.
        c.check(f"{engine}: full pages found to count lines on", counts.get((engine, "full pages"), 0) >= 3,
                f"{counts.get((engine, 'full pages'), 0)} found")
    print("pages per PDF:")
    for key, pages in sorted(counts.items(), key=str):
        if len(key) == 2 and key[1] != "full pages":
            print(f"  {key[0]:10} {pages:3}  {os.path.relpath(key[1])}")
    print("pictures of the first and last pages: ci-artifacts/print/<engine>/**/*-first.png, *-last.png")
    print(f"print: {c.passed} passed, {c.failed} failed")
    sys.exit(1 if c.failed else 0)


if __name__ == "__main__":
    main()
