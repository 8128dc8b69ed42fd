#!/usr/bin/env python3
"""Prints every issue and 公文 of Content/ with `jianbao pdf` in both engines (WeasyPrint, headless
Chromium) and checks each PDF against GB/T 9704 from the PDF itself, with poppler's pdfinfo,
pdftotext -bbox-layout and pdffonts:

  A4; every text line inside the 版心 (left 28 mm, top 37 mm, 156 x 225 mm) within 1 mm;
  at most 28 characters on a full body line, 27 or 28 on most; 22 ± 1 lines on a full page; '— N —' on every page, right on
  odd pages and left on even ones, 7 mm below the 版心 (none on a page that holds only the 报尾/版记);
  the masthead on page 1; the 报尾/版记 lines on the last page, below all body text and at its foot;
  fonts embedded, CJK among them, and no Type 3 fonts from WeasyPrint (print-shop ready); nothing of
  the web page (navigation, pager, footer, addresses).

And what a clerk sees at first sight (GB/T 9704 and ../shared/domain/print-layout.md, Fonts and Lines):
  the 发文机关标志 / masthead name on one text line (joint issuers one name a line); every line of a
  paragraph but its last flush with the 版心's right edge within 0.5 pt; no line starting with closing
  punctuation or ending with opening punctuation (避头尾); the fonts the PDF names of the right class
  per element (仿宋 body, 小标宋 titles and 标志, 黑体 一、 headings, 楷体 （一） headings, a 宋体 for
  page numbers); every title broken into the lines written by hand in TITLE_LINES (whole words, 梯形
  or 菱形); and across the two engines: the same page count for every PDF and at least 98 % of the
  body lines broken at the same place.

What each PDF must show comes from `jianbao list --format json` (the fields as jianbao reads them,
the series' defaults applied) and the Markdown body's headings; GB/T 9704's places for 份号, 紧急程度,
签发人, joint 署名, 附注, the 纪要 lists, the 令 and 信函 heads and the 版记 on an even page are
checked within 1 mm (check_elements).
And each PDF of Content/ (not the fixture's) against the reviewed snapshot of its text layout
(`pdftotext -layout`, a file a page, in Tests/Golden/print/<engine>/; see text_layout.py): a
difference fails with a unified diff of the first page that differs. JIANBAO_UPDATE_GOLDEN=1
(`bash Tests/Golden/refresh.sh --print`; refused under CI=true) writes the snapshots instead.

The PDFs and PNGs of each one's first and last pages go to ci-artifacts/print/<engine>/.
Usage: check_print.py JIANBAO_EXECUTABLE [weasyprint|chromium]... [--fixture-only] (the print fixture alone, while working); the last line is
'print: N passed, N failed'. Standard library only (and poppler-utils; the faces of install-fonts.sh).
"""
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

import check_seal
from text_layout import TextLayout
import check_landscape
import check_fit
import check_copies

MM = 72 / 25.4
LEFT, TOP, WIDTH, HEIGHT = 28 * MM, 37 * MM, 156 * MM, 225 * MM
RIGHT, BOTTOM = LEFT + WIDTH, TOP + HEIGHT
ROW = HEIGHT / 22
TOLERANCE = 1 * MM
# pdftotext's line box for a glyph of size s: s * HEIGHT_FACTOR tall, its centre CENTRE_SHIFT * s
# above the glyph's. With the TrueType faces of install-fonts.sh both engines embed the same fonts,
# whose boxes are one em tall (measured: 16 pt body, 22 pt titles, 14 pt page numbers). (Noto CJK,
# the old fallback, gave 1.437 in WeasyPrint and, as Chromium's Type 3 fonts, 2.6 with a shift.)
BOX = {"weasyprint": (1.0, 0.0), "chromium": (1.0, 0.0)}
FIXTURE = "Tests/Fixtures/print-site/Content"
DOCS = "docs/formats/examples/Content"
ALONE = "banji-ling-ye.md"
ODD = "han.md"
# Text of the site's header, breadcrumb, pager and footer that must not reach paper.
WEB_ONLY = ["跳到正文", "本站由", "站点地图", "上一期", "下一期", "上一份", "下一份", "全部各期", "全部文件", "订阅"]
# 避头尾: no line starts with a closing mark, none ends with an opening one.
CLOSING = set("。，、；：？！）》」』”’〕】〗．.,;:!?)]")
OPENING = set("（《「『“‘〔【〖([")
# Font classes by the names a PDF gives its fonts (subset tag stripped, lower case, without - and space):
# the standard's proprietary faces first, then the free ones of the same class (print-layout.md).
FONT_CLASSES = {
    "仿宋": ("仿宋", "fangsong", "fandolfang"),
    "小标宋": ("小标宋", "xiaobiaosong", "fzxbs", "zhongsong", "fandolsongbold", "serifcjkscbold", "serifcjkscblack",
              "sourcehanserifscbold", "sourcehanserifscheavy"),
    "黑体": ("黑体", "simhei", "fandolhei", "zenhei", "sanscjk"),
    "楷体": ("楷体", "kaiti", "fandolkai", "gbzenkai", "wenkai"),
    "宋体": ("宋体", "simsun", "fandolsong", "serifcjk", "bousung", "sungti"),
}
# The lines every title must print as, written by hand from reading the titles: breaks only between
# words, lines no longer than 20 characters of 二号 in the 156 mm 版心, shaped as a 梯形 (no line
# longer than the one above) or a 菱形 (short-long-short). Keyed by the title's full text.
TITLE_LINES = {
    "关于商请提供汛期气象预报信息的函": ["关于商请提供汛期气象预报信息的函"],
    "关于借用应急发电设备的函": ["关于借用应急发电设备的函"],
    "中共濮阳市委全面依法治市委员会办公室印发关于做好党政主要负责人履行推进法治建设第一责任人职责及法治政府建设督察工作实施方案的通知": [
        "中共濮阳市委全面依法治市委员会", "办公室印发关于做好党政主要负责人履行", "推进法治建设第一责任人职责及法治", "政府建设督察工作实施方案的通知"],
    "关于做好党政主要负责人履行推进法治建设第一责任人职责及法治政府建设督察工作的实施方案": [
        "关于做好党政主要负责人履行推进", "法治建设第一责任人职责及法治", "政府建设督察工作的实施方案"],
    "濮阳市党政主要负责人履行推进法治建设第一责任人职责规定任务分解及督察情况打分表": [
        "濮阳市党政主要负责人履行推进法治建设第一", "责任人职责规定任务分解及督察情况打分表"],
    "法治政府建设督察工作说明": ["法治政府建设督察工作说明"],
    "关于2020年度法治政府建设情况的报告": ["关于2020年度法治政府建设情况的报告"],
    "关于《河南省法治政府建设示范指标体系（市县级政府 2023 版）》三级指标第 93 项工作的情况说明": [
        "关于《河南省法治政府建设示范指标", "体系（市县级政府 2023 版）》三级", "指标第 93 项工作的情况说明"],
    "鲁山县开展创建“省级法治政府建设示范县”工作情况督导": ["鲁山县开展创建“省级法治政府建设示范县”", "工作情况督导"],
    "鲁山县法治政府创建工作督导组调研督导法治政府创建工作": ["鲁山县法治政府创建工作督导组调研督导", "法治政府创建工作"],
    "鲁山县上下联动、多措并举、多点发力 营造法治政府建设示范创建浓厚氛围": ["鲁山县上下联动、多措并举、多点发力", "营造法治政府建设示范创建浓厚氛围"],
    "关于做好防汛准备工作的通知": ["关于做好防汛准备工作的通知"],
    "关于做好春季防火工作的通知": ["关于做好春季防火工作的通知"],
    "关于做好防汛准备工作的补充通知": ["关于做好防汛准备工作的补充通知"],
    "关于深入开展法治宣传教育活动的通知": ["关于深入开展法治宣传教育活动的通知"],
    "中共样例县委全面依法治县委员会办公室关于印发样例县二〇二四年度法治政府建设工作要点和重点任务分工方案及考核评价办法的通知": [
        "中共样例县委全面依法治县委员会", "办公室关于印发样例县二〇二四年度", "法治政府建设工作要点和重点任务", "分工方案及考核评价办法的通知"],
    "关于进一步加强基层法治建设的意见": ["关于进一步加强基层法治建设的意见"],
    "关于做好二〇二四年度征兵工作的通知": ["关于做好二〇二四年度征兵工作的通知"],
    "关于做好强降雨天气防范应对工作的紧急通知": ["关于做好强降雨天气防范应对工作的紧急通知"],
    "关于申请防汛专项资金的请示": ["关于申请防汛专项资金的请示"],
    "关于申请河道治理项目资金的请示": ["关于申请河道治理项目资金的请示"],
    "关于商请协助开展防汛演练的函": ["关于商请协助开展防汛演练的函"],
    "样例县防汛应急管理办法": ["样例县防汛应急管理办法"],
    "县人民政府第十二次常务会议纪要": ["县人民政府第十二次常务会议纪要"],
    "关于申请防汛物资储备专项资金的请示": ["关于申请防汛物资储备专项资金的请示"],
    "关于开展防汛安全隐患排查整治工作的通知": ["关于开展防汛安全隐患排查整治工作的通知"],
    "防汛安全隐患排查整治情况统计表": ["防汛安全隐患排查整治情况统计表"],
    "防汛物资储备点一览表": ["防汛物资储备点一览表"],
    "关于做好汛前安全检查工作的通知": ["关于做好汛前安全检查工作的通知"],
    "关于做好汛期值班值守工作的通知": ["关于做好汛期值班值守工作的通知"],
    "关于做好防汛物资储备工作的通知": ["关于做好防汛物资储备工作的通知"],
}
TITLE_LINES.update(check_seal.TITLE_LINES)
LABELS = ["报", "抄报", "送", "抄送", "发", "分送", "编校", "编辑", "责任编辑", "审核", "签发", "校对", "印发"]


def nfkc(text):
    """Chromium's Type 3 fonts map some characters to their Kangxi radicals (山 as U+2F2D)."""
    return "".join(unicodedata.normalize("NFKC", ch) if "\u2e80" <= ch <= "\u2fdf" else ch for ch in text)


class Line:
    def __init__(self, element, engine):
        self.text = "".join(w.text or "" for w in element.iter() if w.tag.endswith("word"))
        self.compact = re.sub(r"\s+", "", "".join(w.text or "" for w in element.iter() if w.tag.endswith("word")))
        self.plain = re.sub(r"\s+", "", nfkc(self.text))
        x0, y0, x1, y1 = (float(element.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
        factor, shift = BOX[engine]
        self.size = (y1 - y0) / factor
        self.centre = (y0 + y1) / 2 + shift * self.size
        self.x0, self.x1 = x0, x1
        self.top, self.bottom = self.centre - self.size / 2, self.centre + self.size / 2
        # its words, each (text, left, right): pdftotext parts words at a gap
        self.words = [(re.sub(r"\s+", "", w.text or ""), float(w.get("xMin")), float(w.get("xMax")))
                      for w in element.iter() if w.tag.endswith("word")]


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


def documents(jianbao, content):
    """Every published issue and 公文: (source, pdf relative path, expectations), from the fields
    jianbao itself reads (`jianbao list --format json`: the series' defaults applied) and the
    Markdown body's headings."""
    listing = json.loads(run(jianbao, "list", "--content", content, "--format", "json"))["documents"]
    found = []
    for doc in listing:
        if not doc["published"]:
            continue
        text = open(doc["source"], encoding="utf-8-sig").read().replace("\r\n", "\n")
        kind = doc["kind"]
        labels_in_trailer = {line["label"] for line in doc["trailer"]}
        headings = {"黑体": re.findall(r"^## (.+)$", text, re.M), "楷体": re.findall(r"^### (.+)$", text, re.M)}
        if kind == "briefing":
            b = doc["briefing"]
            fields = {"date": doc["date"]}
            masthead_extra = []
            masthead = b["name"].split() + [("增刊第" if b.get("special") == "增刊" else "第") + str(b["number"]) + "期"]
            labels = labels_in_trailer
            titles = []
        else:
            o = doc["official"]
            # the names check_elements asks for, as the front matter writes them
            fields = {"date": doc["date"], "issuer": o.get("issuer"), "doc_number": o.get("docNumber"),
                      "copy_number": o.get("copyNumber"), "marking": doc.get("marking"), "urgency": o.get("urgency"),
                      "signers": o.get("signers", []), "signatory_title": o.get("signatoryTitle"),
                      "signed_by": o.get("jointSignatures") or ([o["signedBy"]] if o.get("signedBy") else []),
                      "annotation": o.get("annotation"), "attendees": o.get("attendees"), "on_leave": o.get("onLeave"),
                      "observers": o.get("observers"), "seal": o.get("seal"), "signature_stamp": o.get("signatureStamp")}
            fields = {k: v for k, v in fields.items() if v}
            # joint issuers: one name a line, 文件 beside them
            masthead = o["jointIssuers"] + ["文件"] if o["jointIssuers"] else [o.get("issuer") or ""]
            attachments = o.get("attachments", [])
            masthead_extra = ["附件"] if len(attachments) == 1 else [f"附件{n}" for n in range(1, len(attachments) + 1)]
            labels = {"抄送"} if o.get("cc") or "抄送" in labels_in_trailer else set()
            # 信函格式: a 版记 without 印发 line (GB/T 9704 10.1)
            if (o.get("printedBy") or o.get("printedOn")) and kind != "letter":
                labels.add("印发")
            # （共印N份）: in the 版记 of a 公文 that has one
            if labels and doc.get("copies"):
                labels.add("共印")
            # 紧急程度 and the 纪要 labels in 黑体, 签发人 names in 楷体 (print-layout.md, Fonts)
            headings["黑体"] += [fields[k] for k in ("urgency",) if k in fields]
            headings["黑体"] += [label for key, label in (("attendees", "出席："), ("on_leave", "请假："), ("observers", "列席：")) if key in fields]
            headings["楷体"] += fields.get("signers", [])
            # 命令（令）格式 prints no title: the 令号, then the text (GB/T 9704 10.2)
            titles = [o["title"]] if kind != "order" else []
            titles += attachments
        titles += [h for h in re.findall(r"^# (.+)$", text, re.M) if not re.fullmatch(r"附件\d*", h.strip())]
        found.append(Source(doc["source"], doc["address"] + ".pdf", [m for m in masthead if m], labels, masthead_extra,
                            titles, headings, kind, fields))
    return found


class Source:
    """What a document's PDF must show, read from its Markdown."""
    def __init__(self, path, pdf, masthead, labels, attachments, titles, headings, kind, fields):
        self.path, self.pdf, self.masthead, self.labels, self.attachments = path, pdf, masthead, labels, attachments
        self.titles, self.headings, self.kind, self.fields = titles, headings, kind, fields


def pages_of(pdf, engine):
    root = ET.fromstring(run("pdftotext", "-bbox-layout", pdf, "-"))
    return [[Line(line, engine) for line in page.iter() if line.tag.endswith("}line")]
            for page in root.iter() if page.tag.endswith("}page")]


def is_page_number(line):
    return re.fullmatch(r"—\d+—", line.compact) is not None


def is_trailer_line(line, labels):
    return any(line.compact.startswith(label + "：") for label in labels if label != "共印") or "共印" in line.compact or line.compact.endswith("印发")


class Row:
    """The lines of one page that share a baseline (pdftotext splits a line at a wide gap), left to right."""
    def __init__(self, parts):
        self.parts = sorted(parts, key=lambda l: l.x0)
        self.x0, self.x1 = self.parts[0].x0, max(l.x1 for l in parts)
        self.centre, self.size = self.parts[0].centre, max(l.size for l in parts)
        self.plain = "".join(l.plain for l in self.parts)


def rows_of(lines):
    rows = []
    for line in sorted(lines, key=lambda l: (l.centre, l.x0)):
        if rows and abs(rows[-1][0].centre - line.centre) < 3 and abs(rows[-1][0].size - line.size) < 3:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [Row(r) for r in rows]


def is_body(row):
    return 15 <= row.size <= 17.5 and LEFT - 2 <= row.x0 and row.x1 <= RIGHT + 2


def check_lines(c, name, pages, source, counts, engine):
    """Flush lines, 避头尾, the masthead on one line, the titles' lines (print-layout.md, Lines)."""
    body = [(number, row) for number, lines in enumerate(pages, start=1)
            for row in rows_of([l for l in lines if not is_page_number(l)])]
    ragged, flush, starts, ends = [], 0, [], []
    for i, (number, row) in enumerate(body):
        if row.plain[:1] in CLOSING:
            starts.append(f"p{number} {row.plain[:12]}")
        if row.plain[-1:] in OPENING:
            ends.append(f"p{number} …{row.plain[-12:]}")
        if i + 1 == len(body):
            continue
        following_page, following = body[i + 1]
        same_page = following_page == number and following.centre - row.centre < 1.5 * ROW
        next_page = (following_page == number + 1 and row.centre > BOTTOM - 1.5 * ROW
                     and following.centre < TOP + 1.5 * ROW)
        # a line of a paragraph but its last: the next line carries on at the left edge of the 版心
        if (is_body(row) and is_body(following) and (same_page or next_page)
                and abs(following.x0 - LEFT) < 2 and min(abs(row.x0 - LEFT), abs(row.x0 - LEFT - 2 * WIDTH / 28)) < 3
                and not re.fullmatch(r"附件\d*", following.plain)):
            if abs(row.x1 - RIGHT) <= 0.5:
                flush += 1
            else:
                ragged.append(f"p{number} …{row.plain[-8:]} ends {(RIGHT - row.x1):.2f} pt short")
    counts[("flush", engine)] = counts.get(("flush", engine), 0) + flush
    counts[("ragged", engine)] = counts.get(("ragged", engine), 0) + len(ragged)
    c.check(f"{name}: every line of a paragraph but its last flush with the 版心's right edge (0.5 pt): "
            f"{flush} of {flush + len(ragged)}", not ragged, f"{len(ragged)} short: " + "; ".join(ragged[:4]))
    c.check(f"{name}: no line starts with closing punctuation", not starts, "; ".join(starts[:4]))
    c.check(f"{name}: no line ends with opening punctuation", not ends, "; ".join(ends[:4]))
    # body lines, for the agreement of the two engines: text size, starting at the left edge of the
    # 版心 or two characters in (not table cells, captions or centred lines)
    counts[("rows", engine, source.pdf)] = [row.plain for _, row in body if is_body(row) and
                                            min(abs(row.x0 - LEFT), abs(row.x0 - LEFT - 2 * WIDTH / 28)) < 3]

    # The 发文机关标志 (each joint issuer) and the masthead name: each whole on one line of page 1.
    first = [row for number, row in body if number == 1]
    for words in source.masthead:
        if words != "文件" and not re.fullmatch(r"(增刊)?第\d+期", words):
            rows = [row.plain for row in first if row.size > 17.5]
            c.check(f"{name} p1: {words} on one line", any(words in r for r in rows),
                    "; ".join(r for r in rows if r and (r[0] in words or r[-1] in words))[:80])

    # Titles: the lines written by hand in TITLE_LINES.
    big = [row.plain for _, row in body if 19 <= row.size <= 27]
    for title in source.titles:
        expected = [re.sub(r"\s+", "", l) for l in TITLE_LINES.get(title, [])]
        if not c.check(f"{name}: lines of the title {title[:16]}… written in TITLE_LINES", expected):
            continue
        found = any(big[i:i + len(expected)] == expected for i in range(len(big)))
        near = [r for r in big if r and (r in "".join(expected) or "".join(expected).startswith(r[:4]))]
        c.check(f"{name}: title in the lines {' / '.join(expected)}", found, "printed: " + " / ".join(near[:6]))


def font_class(family, bold=False):
    key = re.sub(r"[-_ ]", "", family.split("+", 1)[-1]).lower() + ("bold" if bold and "bold" not in family.lower() else "")
    for cls in ("小标宋", "仿宋", "楷体", "黑体", "宋体"):
        if any(token in key for token in FONT_CLASSES[cls]):
            return cls
    return "?"


def check_fonts(c, name, pdf, source, engine):
    """The class of the font the PDF names for each element (pdftohtml -xml gives every run's font)."""
    root = ET.fromstring(run("pdftohtml", "-xml", "-i", "-stdout", "-q", pdf))
    titles = "".join(re.sub(r"\s+", "", l) for t in source.titles for l in TITLE_LINES.get(t, [t]))
    headings = {cls: [re.sub(r"\s+", "", h)[:5] for h in hs] for cls, hs in source.headings.items()}
    wrong, body, unnamed = [], {}, 0
    specs = {f.get("id"): f for f in root.iter("fontspec")}  # declared once, on the page that first uses them
    for page in root.iter("page"):
        for element in page.iter("text"):
            text = re.sub(r"\s+", "", nfkc("".join(element.itertext())))
            spec = specs[element.get("font")]
            family, size, colour = spec.get("family"), float(spec.get("size")) / 1.5, spec.get("color", "#000000")
            if not text:
                continue
            if "+" not in family:
                unnamed += 1
                continue
            red = int(colour[1:3], 16) > 150 and int(colour[3:5], 16) < 100
            if red and size > 19:
                want = "小标宋"
            elif size > 19 and text in titles:
                want = "小标宋"
            elif re.fullmatch(r"\d+", text) and 12 < size < 16:
                want = "宋体"
            elif any(text.startswith(h) for h in headings["黑体"]):
                want = "黑体"
            elif any(text.startswith(h) for h in headings["楷体"]):
                want = "楷体"
            else:
                if 15 <= size <= 17.5 and not red:
                    body[font_class(family)] = body.get(font_class(family), 0) + len(text)
                continue
            got = font_class(family, element.find("b") is not None)
            if got != want:
                wrong.append(f"{text[:10]} in {family.split('+', 1)[-1]} ({got}, wants {want})")
    c.check(f"{name}: 标志, titles, headings and page numbers in fonts of their class", not wrong, "; ".join(wrong[:4]))
    total = sum(body.values())
    c.check(f"{name}: body text in a 仿宋 (at least 90 % of its characters)", total == 0 or body.get("仿宋", 0) >= 0.9 * total,
            ", ".join(f"{k} {v}" for k, v in sorted(body.items())))
    if engine == "weasyprint":
        c.check(f"{name}: every font named", unnamed == 0, f"{unnamed} runs in unnamed fonts")
    return unnamed


def compare_engines(c, counts):
    """The two engines print one layout: the same page count and the same body lines."""
    matched = total = 0
    for key in sorted(k for k in counts if k[0] == "rows" and k[1] == "weasyprint"):
        other = counts.get(("rows", "chromium", key[2]))
        if other is None:
            continue
        mine = counts[key]
        same = sum(b.size for b in difflib.SequenceMatcher(None, mine, other, autojunk=False).get_matching_blocks())
        matched, total = matched + same, total + max(len(mine), len(other))
        pages = (counts.get(("pages", "weasyprint", key[2])), counts.get(("pages", "chromium", key[2])))
        c.check(f"{key[2]}: the same page count in both engines", pages[0] == pages[1], f"weasyprint {pages[0]}, chromium {pages[1]}")
        print(f"  {key[2]}: {same} of {max(len(mine), len(other))} body lines the same in both engines; pages {pages[0]} / {pages[1]}")
    if total:
        print(f"  both engines: {matched} of {total} body lines ({100 * matched / total:.1f} %) break at the same place")
        c.check(f"both engines: at least 98 % of body lines break at the same place: {matched} of {total} ({100 * matched / total:.1f} %)",
                matched >= 0.98 * total)


CHAR = WIDTH / 28  # one character of the grid


def chinese_date(iso):
    year, month, day = iso.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"


def near(value, target, tolerance=TOLERANCE):
    return value is not None and abs(value - target) <= tolerance


def check_elements(c, name, pages, source):
    """The 版头 and 落款 elements a 公文's front matter asks for, where GB/T 9704 puts them
    (print-layout.md, "More elements of a 公文"), each within 1 mm."""
    f = source.fields
    rows = [rows_of([l for l in p if not is_page_number(l)]) for p in pages]
    first = rows[0]
    # 份号, 密级, 紧急程度: one a row from the top of the 版心, at its left edge (7.2.1-7.2.3); a 函's
    # under its first rule (check_copies)
    flags = [v for v in (f.get("copy_number"), f.get("marking"), f.get("urgency")) if v and source.kind != "letter"]
    for index, want in enumerate(flags):
        row = next((r for r in first if r.plain == want), None)
        c.check(f"{name} p1: {want} at the top left of the 版心, row {index + 1}",
                row is not None and near(row.x0, LEFT) and near(row.centre, TOP + (index + 0.5) * ROW),
                "not found" if row is None else f"x {row.x0 / MM:.1f} mm, centre {(row.centre - TOP) / MM:.1f} mm below the 版心 top")
    # 签发人 (7.2.6): 签发人：and the names one character in from the right, two names a line, wrapped
    # names under the first; the 发文字号 one character in from the left on the line of the last name
    signers = f.get("signers", [])
    if signers:
        label = next((r for r in first if "签发人：" in r.plain), None)
        if c.check(f"{name} p1: a 签发人 line", label is not None):
            index = first.index(label)
            lines = first[index:index + (len(signers) + 1) // 2]
            texts = ["".join(signers[i:i + 2]) for i in range(0, len(signers), 2)]
            c.check(f"{name} p1: 签发人 names two a line: {' / '.join(texts)}",
                    len(lines) == len(texts) and all(r.plain.endswith(t) for r, t in zip(lines, texts)),
                    " / ".join(r.plain for r in lines))
            c.check(f"{name} p1: 签发人 one character in from the right", near(label.x1, RIGHT - CHAR),
                    f"ends {(RIGHT - label.x1) / MM:.1f} mm from the 版心's right edge")
            word = next((w for l in label.parts for w in l.words if "签发人：" in w[0]), None)
            start = word[1] + 4 * (16 - 0.234) if word else None
            for r in lines[1:]:
                names = [w for l in r.parts for w in l.words if w[0] in signers]
                c.check(f"{name} p1: wrapped 签发人 names under the first name", names and near(names[0][1], start),
                        f"{names[0][1] / MM if names else 0:.1f} mm, first name at {(start or 0) / MM:.1f} mm")
            number = f.get("doc_number")
            part = next((l for l in lines[-1].parts if number and number in l.plain), None) if lines else None
            c.check(f"{name} p1: 发文字号 one character in from the left, on the line of the last name",
                    part is not None and near(part.x0, LEFT + CHAR),
                    "not on that line" if part is None else f"starts {(part.x0 - LEFT) / MM:.1f} mm into the 版心")
    # the 落款: the date row, the 署名 above it, 附注 below it
    date = chinese_date(f["date"]) if "date" in f else None
    where = next(((n, i) for n, page in enumerate(rows) for i, r in enumerate(page) if r.plain == date), None)
    signatures = f.get("signed_by", [])
    if where is not None:
        # the 署名 and date never stand alone on a page: text of the document is above them
        top = where[1] - len(signatures)
        c.check(f"{name}: 署名 and 成文日期 share their page with the text above them", top > 0,
                f"p{where[0] + 1}: nothing above the 署名")
    # with seals, joint 署名 stand side by side over the seals (check_seal)
    if len(signatures) >= 2 and not check_seal.expected(source):
        ok = where is not None and where[1] >= len(signatures)
        above = rows[where[0]][where[1] - len(signatures):where[1]] if ok else []
        c.check(f"{name}: one 署名 a line above the date, in order: {' / '.join(signatures)}",
                ok and [r.plain for r in above] == signatures, " / ".join(r.plain for r in above))
        c.check(f"{name}: each 署名 two characters in from the right", above and all(near(r.x1, RIGHT - 2 * CHAR) for r in above),
                ", ".join(f"{(RIGHT - r.x1) / MM:.1f} mm" for r in above))
    if f.get("annotation"):
        text = "（" + f["annotation"].strip("（）()") + "）"
        after = rows[where[0]][where[1] + 1] if where and where[1] + 1 < len(rows[where[0]]) else None
        c.check(f"{name}: 附注 {text} on the line after the date, two characters in",
                after is not None and after.plain == text and near(after.centre - rows[where[0]][where[1]].centre, ROW)
                and near(after.x0, LEFT + 2 * CHAR),
                "no such line" if after is None else f"{after.plain[:12]}: x {(after.x0 - LEFT) / MM:.1f} mm in, "
                f"{(after.centre - rows[where[0]][where[1]].centre) / MM:.1f} mm below the date")
    # 纪要 (10.3): 出席, 请假, 列席 at the left edge, 黑体 labels (check_fonts)
    for key, label in (("attendees", "出席："), ("on_leave", "请假："), ("observers", "列席：")):
        if key in f:
            row = next((r for page in rows for r in page if r.plain.startswith(label)), None)
            c.check(f"{name}: {label} line at the left of the 版心", row is not None and near(row.x0, LEFT),
                    "not found" if row is None else f"x {(row.x0 - LEFT) / MM:.1f} mm")
    # 命令（令）格式 (10.2): the 标志 20 mm below the 版心 top; 信函格式 (10.1): 30 mm below the page
    # top, the 发文字号 at the right under the rule
    issuer = f.get("issuer")
    head = next((r for r in first if r.size > 17.5 and issuer and r.plain == issuer), None)
    if source.kind == "order":
        c.check(f"{name} p1: 令 标志 20 mm below the 版心 top", head is not None and near(head.centre - head.size / 2, TOP + 20 * MM),
                "not found" if head is None else f"{(head.centre - head.size / 2 - TOP) / MM:.1f} mm")
        signatory = f.get("signatory_title", "") + "".join(f.get("signed_by", []))
        # with a signature stamp: the title beside the stamp instead (check_seal)
        c.check(f"{name}: signatory {signatory} above the date", check_seal.expected(source) == "stamp" or where is not None
                and where[1] > 0 and rows[where[0]][where[1] - 1].plain == signatory)
    if source.kind == "letter":
        c.check(f"{name} p1: 函 标志 30 mm below the page top", head is not None and near(head.centre - head.size / 2, 30 * MM),
                "not found" if head is None else f"{(head.centre - head.size / 2) / MM:.1f} mm")
        number = next((l for r in first for l in r.parts if f.get("doc_number") and l.plain == f["doc_number"]), None)
        c.check(f"{name} p1: 函 发文字号 at the right", number is not None and near(number.x1, RIGHT),
                "not found" if number is None else f"ends {(RIGHT - number.x1) / MM:.1f} mm from the right")
        check_copies.check_letter_head(c, name, source.printed, pages[0], f)


def check_pdf(c, engine, pdf, source, counts):
    # 横排 pages (check_landscape.py checks them, and the titles and 附件 labels they print): here
    # only their page number, and that their text stays inside the 版心
    pages = pages_of(pdf, engine)
    turned = check_landscape.turned_pages(pdf)
    source = check_landscape.without_turned(source, pages, turned)
    masthead, labels, attachments = source.masthead + source.titles[:1], source.labels, source.attachments
    name = f"{engine} {os.path.relpath(pdf)}"
    info = run("pdfinfo", pdf)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
    c.check(f"{name}: A4", size and abs(float(size[1]) - 210 * MM) < 1 and abs(float(size[2]) - 297 * MM) < 1, size and size[0])
    counts[(engine, pdf)] = len(pages)
    counts[("pages", engine, source.pdf)] = len(pages)
    check_lines(c, name, [[] if n in turned else p for n, p in enumerate(pages, start=1)], source, counts, engine)
    check_fonts(c, name, pdf, source, engine)
    letter = source.kind == "letter"
    if source.kind != "briefing":
        source.printed = pdf
        check_elements(c, name, pages, source)
        check_seal.check(c, name, pdf, [rows_of([l for l in p if not is_page_number(l)]) for p in pages], source)
        # 版记 (7.4): on the back of the last sheet, an even page
        if labels:
            c.check(f"{name}: the 版记 on an even page", len(pages) % 2 == 0, f"{len(pages)} pages")

    # The 报尾/版记: on the last page, below all body text, its last line at the foot of the 版心.
    last = pages[-1]
    foot = [l for l in last if is_trailer_line(l, labels)] if labels else []
    if labels:
        found = {label for label in labels if any(l.compact.startswith(label + "：") or (label == "印发" and l.compact.endswith("印发"))
                                                  or (label == "共印" and re.fullmatch(r"（共印\d+份）", l.compact)) for l in foot)}
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
        elif not text:
            counts[(engine, "blank", pdf)] = counts.get((engine, "blank", pdf), []) + [number]
            c.check(f"{where}: no page number on a blank page", not numbers)
        elif letter and number == 1:
            c.check(f"{where}: no page number on page 1 of a 函 (信函格式)", not numbers, ", ".join(l.compact for l in numbers))
        elif c.check(f"{where}: page number — {number} —", len(numbers) == 1 and numbers[0].compact == f"—{number}—",
                     ", ".join(l.compact for l in numbers) or "none"):
            n = numbers[0]
            if number % 2:
                side = abs(n.x1 - (RIGHT - 14)) <= TOLERANCE + 1
            else:
                side = abs(n.x0 - (LEFT + 14)) <= TOLERANCE + 1
            c.check(f"{where}: page number {'right' if number % 2 else 'left'}, one character in", side, f"{n.x0 / MM:.1f}–{n.x1 / MM:.1f} mm")
            # the dash line (the middle of the em box of the page number's face) 7 mm ± 0.3 mm below
            c.check(f"{where}: page number 7 mm below the 版心", abs(n.centre - (BOTTOM + 7 * MM)) <= 0.3 * MM,
                    f"{(n.centre - BOTTOM) / MM:.1f} mm")
        outside = [l for l in text if l.x0 < LEFT - TOLERANCE or l.x1 > RIGHT + TOLERANCE or l.top < TOP - TOLERANCE or l.bottom > BOTTOM + TOLERANCE]
        if letter and number == 1:
            # the 信函格式 letterhead is set 30 mm from the page's top, above the 版心 (10.1)
            outside = [l for l in outside if l.plain != nfkc(source.fields.get("issuer", ""))]
        c.check(f"{where}: text inside the 版心", not outside,
                "; ".join(f"{l.compact[:10]} at x {l.x0 / MM:.1f}–{l.x1 / MM:.1f} y {l.top / MM:.1f}–{l.bottom / MM:.1f} mm" for l in outside[:3]))
        if number == 1:
            joined = "".join(l.compact for l in text)
            for words in masthead:
                c.check(f"{where}: masthead shows {words[:16]}", re.sub(r"\s+", "", words)[:12] in nfkc(joined))
        # Full body lines: 16 pt, flush with both edges of the 版心, Chinese only.
        for l in text:
            if 15 <= l.size <= 17.5 and abs(l.x0 - LEFT) < 2 and l.x1 > RIGHT - 8 and re.fullmatch(r"[^\x00-\x7f]+", l.compact):
                full_lines.append((where, l))
        # A full page: body lines from the top row of the 版心 to the bottom one, no table and no
        # photo between; its lines are counted.
        rows = sorted(l.centre for l in text if l.size >= 13)
        if (number > 1 and number not in turned and rows and len(rows) == len(text) and rows[0] < TOP + ROW and rows[-1] > BOTTOM - ROW
                and all(b - a < 1.5 * ROW for a, b in zip(rows, rows[1:]))):
            full_pages.append((where, len(rows)))
    # The grid: never more than 28 characters on a line, and most full lines hold 27 or 28 (a
    # justified line holds fewer when 避头尾 or a whole run of digits moved characters on).
    bad = [(w, l.compact) for w, l in full_lines if len(l.compact) > 28]
    c.check(f"{name}: at most 28 characters on each of {len(full_lines)} full body lines", full_lines and not bad,
            "; ".join(f"{w}: {len(t)} {t}" for w, t in bad[:3]) or "no full line found")
    grid = [l for _, l in full_lines if len(l.compact) >= 27]
    c.check(f"{name}: 27 or 28 characters on most full body lines: {len(grid)} of {len(full_lines)}",
            len(grid) >= 0.8 * len(full_lines))
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
    stranded = [n for n, p in enumerate(pages, start=1) if n > 1 and n not in turned and len(p) > 2
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
    # Both engines embed the TrueType faces as named CID subsets (Chromium would make unnamed Type 3
    # fonts of CFF-outline faces such as Noto CJK), and the Chinese text still extracts.
    c.check(f"{name}: fonts embedded as named subsets, no Type 3",
            all(re.match(r"[A-Z]{6}\+", f[0]) for f in columns) and not any("Type 3" in f for f in fonts), "; ".join(fonts))
    c.check(f"{name}: the Chinese text extractable", any(re.search(r"[\u4e00-\u9fff]", l.compact) for p in pages for l in p))


def print_and_check(c, jianbao, engine, content, out, counts, ci, layout=None):
    """Prints a content folder with `jianbao pdf` and checks every PDF, and with `layout` its text
    layout against the reviewed snapshot; False when the engine is missing here."""
    result = subprocess.run([jianbao, "pdf", "--content", content, "--engine", engine, "--out", out, "--force"],
                            capture_output=True, text=True)
    print(result.stdout, end="")
    if result.returncode != 0 and "is not available" in result.stderr and not ci:
        print(f"print check: {engine} skipped here (under CI=true this fails): {result.stderr.strip()}")
        return False
    if not c.check(f"jianbao pdf --content {content} --engine {engine} exits 0", result.returncode == 0, result.stderr.strip()):
        return True
    for doc in documents(jianbao, content):
        source, relative = doc.path, doc.pdf
        pdf = os.path.join(out, relative)
        if not c.check(f"{engine}: {source} printed to {pdf}", os.path.isfile(pdf)):
            continue
        check_pdf(c, engine, pdf, doc, counts)
        check_fit.check(c, engine, pdf, doc, jianbao, content, pages_of, rows_of, is_page_number)
        if layout:
            layout.check(c, relative, pdf)
        if source.endswith(ALONE):
            # its text ends on p2, with no room left for the 版记: a blank p3, the 版记 alone on p4
            c.check(f"{engine}: {source} has its 版记 alone on p4 after a blank p3 (as the fixture is written)",
                    counts.get((engine, "alone", pdf)) is True and counts.get((engine, pdf)) == 4
                    and counts.get((engine, "blank", pdf)) == [3],
                    f"{counts.get((engine, pdf))} pages, blank {counts.get((engine, 'blank', pdf))}")
        if source.endswith(ODD):
            # its text and 版记 fit on p1, an odd page: the 版记 turns to p2, alone
            c.check(f"{engine}: {source} has its 版记 alone on p2 (as the fixture is written)",
                    counts.get((engine, "alone", pdf)) is True and counts.get((engine, pdf)) == 2)
        stem = os.path.join(out, relative[:-4].replace("/", "-"))
        last = str(counts[(engine, pdf)])
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", "1", "-l", "1", pdf, stem + "-first"], check=True)
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", last, "-l", last, pdf, stem + "-last"], check=True)
    if layout:
        layout.check_nothing_stale(c)
    return True


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    jianbao = os.path.abspath(args[0])
    engines = [a for a in args[1:] if a in BOX] or list(BOX)
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    ci = os.environ.get("CI") == "true"
    update = os.environ.get("JIANBAO_UPDATE_GOLDEN") == "1"
    if update and ci:
        sys.exit("print check: JIANBAO_UPDATE_GOLDEN=1 is refused under CI=true: CI compares with the reviewed snapshots, it never writes them")
    missing = [tool for tool in ("pdfinfo", "pdftotext", "pdftohtml", "pdffonts", "pdftoppm") if not shutil.which(tool)]
    if missing:
        print(f"print check: missing {', '.join(missing)}; install: apt-get install -y poppler-utils", file=sys.stderr)
        sys.exit(1 if ci else 0)
    c = Checker()
    counts = {}
    for engine in engines:
        out = os.path.join("ci-artifacts", "print", engine)
        # The example archive's PDFs also against their text layout's snapshot (Tests/Golden/print/).
        if "--fixture-only" not in args and not print_and_check(c, jianbao, engine, "Content", out, counts, ci,
                                                                layout=TextLayout(engine, update)):
            continue
        # A fixture of 公文 with a 版记: one fits under the text, one is written so that its 版记 has
        # the last page to itself in both engines, where no page number may show.
        print_and_check(c, jianbao, engine, FIXTURE, os.path.join(out, "fixture"), counts, ci)
        check_landscape.check(c, engine, out, "--fixture-only" not in args)  # 横排 tables: the fixture's and the example 通知's
        check_copies.check_copies(c, jianbao, engine, FIXTURE, out, pages_of, is_page_number, ci)
        # The example file of each docs/formats page (general, 信函, 令, 纪要).
        print_and_check(c, jianbao, engine, DOCS, os.path.join(out, "docs"), counts, ci)
        # Pages full of body text exist in the example archive (the 报告 and 情况说明): finding none
        # would mean the check no longer sees them.
        if "--fixture-only" not in args:
            c.check(f"{engine}: full pages found to count lines on", counts.get((engine, "full pages"), 0) >= 3,
                    f"{counts.get((engine, 'full pages'), 0)} found")
    compare_engines(c, counts)
    for engine in engines:
        if ("flush", engine) in counts:
            print(f"  {engine}: {counts[('flush', engine)]} lines flush, {counts[('ragged', engine)]} short")
    print("pages per PDF:")
    for key, pages in sorted(counts.items(), key=str):
        if len(key) == 2 and key[1] != "full pages" and key[0] in BOX:
            print(f"  {key[0]:10} {pages:3}  {os.path.relpath(key[1])}")
    print("pictures of the first and last pages: ci-artifacts/print/<engine>/**/*-first.png, *-last.png")
    print(f"print: {c.passed} passed, {c.failed} failed")
    sys.exit(1 if c.failed else 0)


if __name__ == "__main__":
    main()
