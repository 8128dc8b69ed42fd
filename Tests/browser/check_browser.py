#!/usr/bin/env python3
"""Opens a built archive in headless Chromium (Debian's chromium + chromium-driver, driven by Selenium)
and checks it as a reader would:

- axe-core reports no violations on the home, series, year, topic, issue, 公文, search and 404 pages,
  at 390 px and 1280 px wide, in the ordinary mode and in 长者模式 (where the enhanced contrast rule,
  WCAG 1.4.6's 7:1, is checked too);
- no page scrolls horizontally at 320 px or 390 px, in either mode; no layout shift while a page loads;
- 长者模式: the switch turns it on and off, the choice is remembered on the next page (localStorage),
  body text is at least 24 px (18 pt) and the controls at least 44 px square; without JavaScript the
  switch is not shown and the page is whole; printing is the same in both modes;
- the 政府信息公开 block of each 公文 lists its fields (read off Content/ by hand), on screen only;
- every page's footer carries the marks of site.yml with their links (ICP → beian.miit.gov.cn, 公安备案
  → beian.mps.gov.cn with the record's number) and the 党政机关网站标识 image, loaded;
- a series' topic list leads to pages listing the documents of each 主题分类;
- the focused skip link shows a visible outline;
- searches return the expected documents in the expected order (relevance, and 按时间), with the
  match highlighted, series, 期号 or 文号 and date shown;
- a sample of substrings of every document's source Markdown finds that document through the page's
  own search code.

Screenshots at 390 px and 1280 px of each page, in each mode (`-elder` in the name for 长者模式), go to
the artifacts folder (ci-artifacts/browser/).
The site is served over http://127.0.0.1 under the path of its base_url (/jianbao/), as a web server
would, with 404.html for addresses that do not exist.

axe-core comes from the pinned PyPI wheel axe-playwright-python, which ships axe.min.js: only that
file is used (nothing is fetched at run time).
"""
import argparse
import base64
import functools
import http.server
import importlib.util
import json
import os
import pathlib
import random
import re
import shutil
import sys
import tempfile
import threading
import urllib.parse

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not download a driver or a browser

CHROMIUM = "/usr/lib/chromium/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# (name, address below the site root, what to wait for)
PAGES = [
    ("home", "index.html"),
    ("series", "jianbao/index.html"),
    ("year", "jianbao/2024/index.html"),
    ("topic", "wenjian/topics/" + urllib.parse.quote("综合政务") + "/index.html"),
    ("issue-19", "jianbao/2024/19/index.html"),
    ("issue-4", "jianbao/2023/4/index.html"),
    ("notice", "wenjian/2020/puzhi-shiban-2020-8/index.html"),
    ("report", "wenjian/2021/fazhi-zhengfu-baogao-2020/index.html"),
    ("statement", "wenjian/2023/qingkuang-shuoming-93/index.html"),
    ("search", "search/index.html?q=" + urllib.parse.quote("督导")),
    ("not-found", "no/such/page/"),
]

I19, I4 = "jianbao/2024/19/", "jianbao/2023/4/"
STATEMENT, REPORT, NOTICE = "wenjian/2023/qingkuang-shuoming-93/", "wenjian/2021/fazhi-zhengfu-baogao-2020/", "wenjian/2020/puzhi-shiban-2020-8/"

# query → the documents that have it, in relevance order: terms in the title first, then how often
# they occur, then the newest. Read off Content/ by hand (grep -o QUERY FILE | wc -l, and each title),
# not from the program; an issue's search text also holds its masthead and office lines (+2 法治政府).
SEARCHES = {
    # 督导 is in the titles of both issues: 第4期 (23 times) before 第19期 (9); then the 情况说明 (4),
    # the 报告 (3), the 通知 (2).
    "督导": [I4, I19, STATEMENT, REPORT, NOTICE],
    # every title has 法治政府: by count, 通知 59, 情况说明 32, 第19期 27+2, 第4期 17+2, 报告 18.
    "法治政府": [NOTICE, STATEMENT, I19, I4, REPORT],
    # in no title: 第19期 14, 第4期 8, 情况说明 4, 通知 3 (not in the 报告).
    "示范创建": [I19, I4, STATEMENT, NOTICE],
    # once in each issue's 报尾 (（共印N份）): the newer first.
    "共印": [I19, I4],
    # 通知 7, 报告 3.
    "复议": [NOTICE, REPORT],
    # in no title: 报告 3, 第19期 2.
    "营商环境": [REPORT, I19],
    "第19期": [I19],
    "法治政府 第4期": [I4],
    # the source has "93 项", "2023 版", "鲁法〔2023〕1 号": the space does not count
    "93项": [STATEMENT],
    "2023 版": [STATEMENT],
    "鲁法〔2023〕1号": [STATEMENT],
    # one character: 濮 only in the 通知; with another term it is not dropped
    "濮": [NOTICE],
    "督导 濮": [NOTICE],
}

# 按时间: newest first.
SEARCHES_BY_TIME = {
    "督导": [I19, STATEMENT, I4, REPORT, NOTICE],
}


# The 政府信息公开 block of each 公文, read off its front matter in Content/ by hand (发文机关 is its
# signed_by; the dates as the page prints them).
DISCLOSURES = {
    "wenjian/2020/puzhi-shiban-2020-8/index.html": [
        ("索引号", "000000000/2020-00008"), ("主题分类", "综合政务"), ("发文机关", "中共濮阳市委全面依法治市委员会办公室"),
        ("成文日期", "2020年7月24日"),
        ("标题", "中共濮阳市委全面依法治市委员会办公室印发关于做好党政主要负责人履行推进法治建设第一责任人职责及法治政府建设督察工作实施方案的通知"),
        ("发文字号", "濮治市办〔2020〕8号"), ("发布日期", "2020年7月27日"), ("有效性", "失效")],
    "wenjian/2021/fazhi-zhengfu-baogao-2020/index.html": [
        ("索引号", "000000000/2021-00001"), ("主题分类", "公安、安全、司法"), ("发文机关", "鲁山县人民政府"),
        ("成文日期", "2021年1月20日"), ("标题", "关于2020年度法治政府建设情况的报告"), ("发布日期", "2021年1月22日"), ("有效性", "有效")],
    "wenjian/2023/qingkuang-shuoming-93/index.html": [
        ("索引号", "000000000/2023-00093"), ("主题分类", "综合政务"), ("发文机关", "鲁山县法治政府建设领导小组办公室"),
        ("成文日期", "2023年6月30日"),
        ("标题", "关于《河南省法治政府建设示范指标体系（市县级政府 2023 版）》三级指标第 93 项工作的情况说明"),
        ("发布日期", "2023年7月3日"), ("有效性", "有效")],
}

# The footer marks of Content/site.yml (example values), and where their links must lead: the ICP
# number to MIIT's filing lookup, the 公安 record to its page on the 全国互联网安全管理服务平台, by its digits.
FOOTER_LINKS = [
    ("豫ICP备00000000号（示例）", "https://beian.miit.gov.cn/"),
    ("豫公网安备00000000000000号（示例）", "https://beian.mps.gov.cn/#/query/webSearch?code=00000000000000"),
]
FOOTER_TEXTS = ["主办单位：鲁山县法治政府建设领导小组办公室（示例）", "网站标识码：0000000000"]

# The topic pages of the 公文 series, with their documents newest first (read off Content/ by hand).
TOPICS = {
    "综合政务（2份）": ["wenjian/2023/qingkuang-shuoming-93/", "wenjian/2020/puzhi-shiban-2020-8/"],
    "公安、安全、司法（1份）": ["wenjian/2021/fazhi-zhengfu-baogao-2020/"],
}

ELDER_KEY = "jianbao-elder"
ELDER_MIN_TEXT_PX = 24     # 18 pt: the main text of an elder-friendly interface (MIIT 适老化 design rules)
ELDER_MIN_TARGET_PX = 44   # the smallest control, each way


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, what, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"  ok   {what}")
        else:
            self.failed += 1
            print(f"  FAIL {what}" + (f": {detail}" if detail else ""))
        return ok


def axe_source():
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("browser check: axe-playwright-python is not installed; "
                         "pip install --no-deps axe-playwright-python==0.1.8")
    path = pathlib.Path(list(spec.submodule_search_locations)[0]) / "axe.min.js"
    return path.read_text(encoding="utf-8")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder; a missing file gets 404.html with status 404, as a configured server would."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = pathlib.Path(self.directory) / self.site_prefix.strip("/") / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def serve(public, prefix):
    """Serves `public` at http://127.0.0.1:<port>/<prefix>/ from a temporary folder; returns (server, base)."""
    top = tempfile.mkdtemp(prefix="jianbao-serve-")
    os.symlink(os.path.abspath(public), os.path.join(top, prefix.strip("/")))
    handler = functools.partial(SiteHandler, directory=top)
    SiteHandler.site_prefix = prefix
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}{prefix}", top


def start_browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--hide-scrollbars", "--window-size=1280,900", "--lang=zh-CN"):
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


def set_width(driver, width):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})


WAIT_READY = """
const done = arguments[arguments.length - 1];
const search = document.getElementById('search');
const started = Date.now();
(function wait() {
  const searching = search && search.getAttribute('data-state') !== 'done' && search.getAttribute('data-state') !== 'error';
  if (document.readyState === 'complete' && !searching) { document.fonts.ready.then(() => done(true)); }
  else if (Date.now() - started > 15000) { done(false); }
  else { setTimeout(wait, 50); }
})();
"""

LAYOUT_SHIFT = """
const done = arguments[arguments.length - 1];
let total = 0;
try {
  new PerformanceObserver(list => { for (const e of list.getEntries()) { if (!e.hadRecentInput) total += e.value; } })
    .observe({type: 'layout-shift', buffered: true});
} catch (e) { done(-1); }
setTimeout(() => done(total), 300);
"""

RUN_AXE = """
const done = arguments[arguments.length - 1], enhanced = arguments[0];
const options = {resultTypes: ['violations']};
if (enhanced) { options.rules = {'color-contrast-enhanced': {enabled: true}}; }
axe.run(document, options).then(r => done(r.violations.map(v =>
  ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
  .catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));
"""


def screenshot(driver, path):
    height = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 6000)")
    width = driver.execute_script("return document.documentElement.clientWidth")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


def set_mode(driver, base, mode):
    """Remembers the 长者模式 choice as the switch does (localStorage), for the pages loaded next."""
    driver.get(base + "index.html")
    driver.execute_script("if (arguments[0]) localStorage.setItem(arguments[1], '1'); else localStorage.removeItem(arguments[1]);",
                          mode == "elder", ELDER_KEY)


ELDER_MEASURES = """
const selectors = arguments[0];
const text = document.querySelector('main p, main li, main dd');
const small = [];
for (const e of document.querySelectorAll(selectors)) {
  const r = e.getBoundingClientRect();
  if (r.width > 0 && (r.width < arguments[1] || r.height < arguments[1])) small.push(e.className || e.textContent.trim().slice(0, 12));
}
return {elder: document.documentElement.classList.contains('elder'),
        text: text ? parseFloat(getComputedStyle(text).fontSize) : 0, small: small.slice(0, 5)};
"""
ELDER_TARGETS = ".elder-toggle, .site-nav a, .site-search button, .pager a, .year-nav a, .topic-nav a, .breadcrumb a, .site-footer a"


def check_pages(driver, base, axe, artifacts, results):
    for mode in ("normal", "elder"):
        set_mode(driver, base, mode)
        suffix = "-elder" if mode == "elder" else ""
        for name, address in PAGES:
            for width in (1280, 390, 320):
                what = f"{name} at {width} px" + (" in 长者模式" if mode == "elder" else "")
                set_width(driver, width)
                driver.get(base + address)
                ready = driver.execute_async_script(WAIT_READY)
                results.check(f"{what} loads", ready)
                overflow = driver.execute_script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                results.check(f"{what}: no horizontal scroll", overflow <= 0, f"{overflow} px too wide")
                if width == 320:
                    continue
                shift = driver.execute_async_script(LAYOUT_SHIFT)
                results.check(f"{what}: no layout shift", 0 <= shift < 0.01, f"cumulative layout shift {shift:.3f}")
                if mode == "elder":
                    measures = driver.execute_script(ELDER_MEASURES, ELDER_TARGETS, ELDER_MIN_TARGET_PX)
                    results.check(f"{what}: the mode is on, text {measures['text']:.0f} px >= {ELDER_MIN_TEXT_PX}",
                                  measures["elder"] and measures["text"] >= ELDER_MIN_TEXT_PX, str(measures))
                    results.check(f"{what}: controls at least {ELDER_MIN_TARGET_PX} px each way", not measures["small"],
                                  f"smaller: {measures['small']}")
                driver.execute_script(axe)
                violations = driver.execute_async_script(RUN_AXE, mode == "elder")
                results.check(f"{what}: axe-core, 0 violations" + (" (with 7:1 contrast)" if mode == "elder" else ""), not violations,
                              "; ".join(f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in violations))
                screenshot(driver, artifacts / f"{name}-{width}{suffix}.png")
    set_mode(driver, base, "normal")


def check_elder_switch(driver, base, results):
    """The switch turns 长者模式 on and off; the choice holds on the next page and after a reload."""
    set_mode(driver, base, "normal")
    set_width(driver, 390)
    driver.get(base + "jianbao/2024/19/index.html")
    driver.execute_async_script(WAIT_READY)
    state = "return [document.documentElement.classList.contains('elder'), " \
            "document.getElementById('elder-toggle').getAttribute('aria-pressed'), " \
            "parseFloat(getComputedStyle(document.querySelector('.prose p')).fontSize), localStorage.getItem(arguments[0])]"
    toggle = driver.find_element("id", "elder-toggle")
    results.check("the 长者模式 switch is shown, with its name", toggle.is_displayed() and toggle.text == "长者模式", toggle.text)
    before = driver.execute_script(state, ELDER_KEY)
    results.check("长者模式 is off at first", before[0] is False and before[1] == "false", str(before))
    toggle.click()
    on = driver.execute_script(state, ELDER_KEY)
    results.check(f"the switch turns it on: pressed, text {before[2]:.0f} → {on[2]:.0f} px, remembered",
                  on[0] is True and on[1] == "true" and on[2] >= ELDER_MIN_TEXT_PX and on[2] > before[2] and on[3] == "1", str(on))
    driver.get(base + "wenjian/2020/puzhi-shiban-2020-8/index.html")
    driver.execute_async_script(WAIT_READY)
    shift = driver.execute_async_script(LAYOUT_SHIFT)
    next_page = driver.execute_script(state, ELDER_KEY)
    results.check("the next page opens in 长者模式, the switch pressed, without a layout shift",
                  next_page[0] is True and next_page[1] == "true" and 0 <= shift < 0.01, f"{next_page}, shift {shift:.3f}")
    driver.find_element("id", "elder-toggle").click()
    driver.refresh()
    driver.execute_async_script(WAIT_READY)
    off = driver.execute_script(state, ELDER_KEY)
    results.check("the switch turns it off, and a reload keeps it off", off[0] is False and off[1] == "false" and off[3] is None, str(off))


def check_without_javascript(driver, base, results):
    """Without JavaScript the switch is not shown (it could do nothing) and the page is whole."""
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        set_width(driver, 390)
        driver.get(base + "wenjian/2020/puzhi-shiban-2020-8/index.html")
        shown = {selector: bool(driver.find_elements("css selector", selector)) and driver.find_element("css selector", selector).is_displayed()
                 for selector in (".elder-toggle", ".site-header", ".disclosure", ".sheet", ".site-footer", ".site-marks")}
        marks = driver.find_element("tag name", "html").get_dom_attribute("class") or ""
        results.check("without JavaScript the 长者模式 switch is hidden (elder.js did not run)",
                      shown[".elder-toggle"] is False and "js" not in marks.split(), f"{shown}, <html class=\"{marks}\">")
        results.check("without JavaScript the header, 信息公开 block, document and footer marks are shown",
                      all(shown[s] for s in (".site-header", ".disclosure", ".sheet", ".site-footer", ".site-marks")), str(shown))
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


PRINT_STYLES = """
const out = {};
for (const selector of arguments[0]) {
  const e = document.querySelector(selector);
  if (!e) { out[selector] = null; continue; }
  const s = getComputedStyle(e);
  // What is not printed has no look on paper.
  if (s.display === 'none') { out[selector] = 'none'; continue; }
  out[selector] = [s.display, s.fontSize, s.lineHeight, s.fontFamily, s.color, s.marginTop, s.paddingTop, s.letterSpacing].join(' | ');
}
return out;
"""
PRINT_SELECTORS = ["body", "main", ".sheet", ".issuer", ".doc-number", ".doc-title", ".addressees", ".prose p", ".prose h3",
                   ".signoff", ".attachment-title", ".prose table", ".prose td", ".disclosure", ".site-footer", ".elder-toggle"]


def check_print_unchanged(driver, base, results):
    """Printing a 公文 gives the same styles and the same pages in both modes; the 信息公开 block, the
    footer and the switch are not printed."""
    page = base + "wenjian/2020/puzhi-shiban-2020-8/index.html"
    printed = {}
    for mode in ("normal", "elder"):
        set_mode(driver, base, mode)
        set_width(driver, 1280)
        driver.get(page)
        driver.execute_async_script(WAIT_READY)
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        styles = driver.execute_script(PRINT_STYLES, PRINT_SELECTORS)
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        printed[mode] = (styles, pages)
    set_mode(driver, base, "normal")
    normal, elder = printed["normal"], printed["elder"]
    differ = [s for s in PRINT_SELECTORS if normal[0][s] != elder[0][s]]
    results.check("print: the same styles in 长者模式 as without it", not differ,
                  "; ".join(f"{s}: {normal[0][s]} ≠ {elder[0][s]}" for s in differ))
    results.check(f"print: the same number of pages in both modes ({normal[1]})", normal[1] == elder[1] and normal[1] > 0,
                  f"{normal[1]} ≠ {elder[1]}")
    hidden = [s for s in (".disclosure", ".site-footer", ".elder-toggle") if normal[0][s] != "none" or elder[0][s] != "none"]
    results.check("print: the 信息公开 block, the footer and the switch are not printed", not hidden, f"printed: {hidden}")


DISCLOSURE_PAIRS = """
return Array.from(document.querySelectorAll('.disclosure dt')).map(dt =>
  [dt.textContent.trim(), dt.nextElementSibling ? dt.nextElementSibling.textContent.trim() : null]);
"""


def check_disclosures(driver, base, results):
    set_width(driver, 1280)
    for address, expected in DISCLOSURES.items():
        driver.get(base + address)
        driver.execute_async_script(WAIT_READY)
        pairs = [tuple(p) for p in driver.execute_script(DISCLOSURE_PAIRS)]
        block = driver.find_elements("css selector", ".disclosure")
        results.check(f"{address}: the 政府信息公开 block lists its {len(expected)} fields",
                      pairs == expected and block and block[0].is_displayed(), f"got {pairs}")
    for address in ("jianbao/2024/19/index.html", "jianbao/2023/4/index.html"):
        driver.get(base + address)
        results.check(f"{address}: a briefing has no 信息公开 block", not driver.find_elements("css selector", ".disclosure"))


FOOTER_STATE = """
const footer = document.querySelector('.site-footer');
const links = Array.from(footer.querySelectorAll('a')).map(a => [a.textContent.trim(), a.getAttribute('href')]);
const img = footer.querySelector('.government-mark img, img.government-mark');
return {text: footer.textContent.replace(/\\s+/g, ' '), links: links,
        image: img ? [img.getAttribute('alt'), img.complete && img.naturalWidth > 0] : null};
"""


def check_footers(driver, base, results):
    set_width(driver, 1280)
    for name, address in PAGES:
        driver.get(base + address)
        driver.execute_async_script(WAIT_READY)
        state = driver.execute_script(FOOTER_STATE)
        links = [tuple(l) for l in state["links"]]
        missing = [l for l in FOOTER_LINKS if l not in links]
        results.check(f"{name}: the footer links the ICP number and the 公安 record", not missing, f"missing {missing} in {links}")
        texts = [t for t in FOOTER_TEXTS if t not in state["text"]]
        results.check(f"{name}: the footer shows 主办单位 and 网站标识码", not texts, f"missing {texts}")
        results.check(f"{name}: the 党政机关网站标识 is shown, its image loaded",
                      state["image"] is not None and state["image"][0] == "党政机关网站标识" and state["image"][1], str(state["image"]))


def check_topics(driver, base, results):
    set_width(driver, 390)
    driver.get(base + "wenjian/index.html")
    driver.execute_async_script(WAIT_READY)
    links = driver.execute_script(
        "return Array.from(document.querySelectorAll('.topic-nav a')).map(a => [a.textContent.trim(), a.href])")
    results.check("the 公文 series lists its topics", [l[0] for l in links] == list(TOPICS), f"got {[l[0] for l in links]}")
    for label, href in links:
        driver.get(href)
        driver.execute_async_script(WAIT_READY)
        entries = driver.execute_script(
            "return Array.from(document.querySelectorAll('main .entry a')).map(a => a.pathname)")
        found = [urllib.parse.unquote(e).split("/jianbao/", 1)[-1].removesuffix("index.html") for e in entries]
        results.check(f"topic {label}: its documents, newest first", found == TOPICS.get(label), f"got {found}")


def check_wide_tables(driver, base, results):
    """The 通知's score tables (seven columns, wrapped as .landscape-table: set 横排 in print) on a phone: each header cell keeps
    at least two characters a line (its words readable, not one character under another), the table
    scrolls inside its own box, which the keyboard can reach (axe's scrollable-region-focusable)."""
    for width in (390, 320):
        set_width(driver, width)
        driver.get(base + NOTICE + "index.html")
        driver.execute_async_script(WAIT_READY)
        tables = driver.execute_script("""
          return [...document.querySelectorAll('.prose .landscape-table > table')].map(t => {
            const box = t.parentElement, em = parseFloat(getComputedStyle(t).fontSize);
            const narrow = [...t.querySelectorAll('th')].filter(c => c.textContent.trim().length >= 2)
              .filter(c => c.clientWidth - parseFloat(getComputedStyle(c).paddingLeft) - parseFloat(getComputedStyle(c).paddingRight) < 2 * em - 0.5)
              .map(c => c.textContent.trim());
            return {narrow, scrolls: box.scrollWidth > box.clientWidth, tabindex: box.getAttribute('tabindex'),
                    overflow: getComputedStyle(box).overflowX};
          });""")
        results.check(f"notice at {width} px: its seven-column tables found (.landscape-table)", len(tables) >= 2, f"{len(tables)} found")
        for number, table in enumerate(tables, 1):
            results.check(f"notice at {width} px, wide table {number}: every header cell at least two characters wide",
                          not table["narrow"], f"one character a line: {table['narrow']}")
            results.check(f"notice at {width} px, wide table {number}: scrolls in its own box, reachable by Tab",
                          table["scrolls"] and table["overflow"] == "auto" and table["tabindex"] == "0", str(table))


def check_focus(driver, base, results):
    from selenium.webdriver.common.keys import Keys
    set_width(driver, 390)
    driver.get(base + "index.html")
    driver.find_element("tag name", "body").send_keys(Keys.TAB)
    style = driver.execute_script("""
      const e = document.activeElement, s = getComputedStyle(e);
      return {cls: e.className, outline: s.outlineStyle, width: parseFloat(s.outlineWidth), top: e.getBoundingClientRect().top};""")
    results.check("Tab first reaches the skip link, shown with a visible outline",
                  style["cls"] == "skip-link" and style["outline"] != "none" and style["width"] >= 2 and style["top"] >= 0, str(style))


def found_addresses(driver):
    links = driver.execute_script(
        "return Array.from(document.querySelectorAll('.search-result-title a')).map(a => a.getAttribute('href'))")
    return [urllib.parse.unquote(l.split("#")[0]).replace("../", "", 1).removesuffix("index.html") for l in links]


def check_searches(driver, base, results):
    set_width(driver, 1280)
    for query, expected in SEARCHES.items():
        driver.get(base + "search/index.html?q=" + urllib.parse.quote(query))
        driver.execute_async_script(WAIT_READY)
        found = found_addresses(driver)
        results.check(f"search {query}: {len(expected)} result(s) in relevance order", found == expected, f"got {found}")
        marks = driver.execute_script("return Array.from(document.querySelectorAll('.search-passage mark')).map(m => m.textContent)")
        terms = [t.replace(" ", "") for t in query.replace("2023 版", "2023版").split()]
        results.check(f"search {query}: the matches are highlighted", bool(marks) and all(m.replace(" ", "") in terms for m in marks),
                      f"marks {marks[:5]}")
    # the first result of 复议 names its series, 文号 and date
    driver.get(base + "search/index.html?q=" + urllib.parse.quote("复议"))
    driver.execute_async_script(WAIT_READY)
    meta = driver.execute_script("return document.querySelector('.search-result-meta').textContent")
    results.check("a result shows series, 文号 and date", "法治政府建设文件" in meta and "濮治市办〔2020〕8号" in meta and "2020年7月24日" in meta, meta)
    for query, expected in SEARCHES_BY_TIME.items():
        driver.get(base + "search/index.html?q=" + urllib.parse.quote(query))
        driver.execute_async_script(WAIT_READY)
        driver.find_element("css selector", "[data-order=time]").click()
        driver.execute_async_script(WAIT_READY)
        found = found_addresses(driver)
        results.check(f"search {query}, 按时间: newest first", found == expected, f"got {found}")
    # A query typed into the form of another page's header reaches the search page.
    driver.get(base + "jianbao/2024/19/index.html")
    field = driver.find_element("id", "site-search-q")
    field.send_keys("营商环境")
    field.submit()
    driver.execute_async_script(WAIT_READY)
    count = driver.execute_script("return document.querySelectorAll('.search-result').length")
    results.check("the header's search form on an issue page leads to the results", count == 2, f"{count} results")


def check_file_search(driver, public, results):
    """README's quick start opens public/index.html from disk: the search works there too."""
    driver.get(pathlib.Path(public).resolve().as_uri() + "/index.html")
    field = driver.find_element("id", "site-search-q")
    field.send_keys("督导")
    field.submit()
    driver.execute_async_script(WAIT_READY)
    count = driver.execute_script("return document.querySelectorAll('.search-result').length")
    results.check("search from file:// (no server) finds 督导 in 5 documents", count == 5, f"{count} results")


SOURCES = {
    "jianbao/2024/19.md": I19, "jianbao/2023/4.md": I4, "wenjian/2023/qingkuang-shuoming-93.md": STATEMENT,
    "wenjian/2021/fazhi-zhengfu-baogao-2020.md": REPORT, "wenjian/2020/puzhi-shiban-2020-8.md": NOTICE,
}


def source_queries(path, rng, samples):
    """Random 2–6-character pieces of the plain text (Chinese, letters, digits, Chinese punctuation) of a
    Markdown body: HTML tags and entities removed, a space between Chinese and a letter or digit kept as
    it is in the source (the search must ignore it)."""
    import re
    text = pathlib.Path(path).read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    text = re.sub(r"<[^>]*>|&[#0-9A-Za-z]+;", "|", text)
    plain = r"[\u3400-\u9fff\u3001-\u303f\uff01-\uffef\u2010-\u2027A-Za-z0-9]"
    runs = re.findall(plain + r"(?:" + plain + r"| (?=[\u3400-\u9fffA-Za-z0-9]))*", text)
    runs = [r for r in runs if len(r.replace(" ", "")) >= 2]
    queries = []
    while len(queries) < samples:
        run = rng.choice(runs)
        length = rng.randint(2, 6)
        start = rng.randrange(0, max(1, len(run) - length + 1))
        piece = run[start:start + length].strip()
        if len(piece.replace(" ", "")) >= 2 and not re.search(r"[\u3400-\u9fff] [\u3400-\u9fff]|[A-Za-z0-9] [A-Za-z0-9]", piece):
            queries.append(piece)
    return queries


def check_recall(driver, base, results, samples):
    """Pieces (2 to 6 characters) of every document's source Markdown find that document through the page's search code."""
    root = pathlib.Path(__file__).resolve().parent.parent.parent / "Content"
    driver.get(base + "search/index.html")
    driver.execute_async_script(WAIT_READY)
    rng = random.Random(6)
    missed = []
    total = 0
    for source, address in SOURCES.items():
        queries = source_queries(root / source, rng, samples)
        found = driver.execute_async_script("""
          const done = arguments[arguments.length - 1], queries = arguments[0];
          Promise.all(queries.map(q => window.jianbaoSearch.find(q).then(ids =>
            Promise.all(ids.map(id => window.jianbaoSearch.document(id).then(d => d.url)))))).then(done);""", queries)
        for query, urls in zip(queries, found):
            total += 1
            if address + "index.html" not in urls:
                missed.append((source, query))
    results.check(f"recall in the browser: {total - len(missed)} of {total} pieces of the source Markdown find their document",
                  not missed, f"missed {missed[:10]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("public", help="the built archive (jianbao build --output DIR)")
    parser.add_argument("--artifacts", default="ci-artifacts/browser")
    parser.add_argument("--prefix", default="/jianbao/", help="the path of base_url, where the site is served")
    parser.add_argument("--samples", type=int, default=60, help="substrings tried per document")
    args = parser.parse_args()

    artifacts = pathlib.Path(args.artifacts)
    if artifacts.exists():
        shutil.rmtree(artifacts)
    artifacts.mkdir(parents=True)
    axe = axe_source()
    server, base, top = serve(args.public, args.prefix)
    results = Results()
    driver = start_browser()
    try:
        print(f"browser check: {driver.capabilities.get('browserVersion')} at {base}")
        checks = [
            (check_pages, (driver, base, axe, artifacts, results)),
            (check_elder_switch, (driver, base, results)),
            (check_without_javascript, (driver, base, results)),
            (check_print_unchanged, (driver, base, results)),
            (check_disclosures, (driver, base, results)),
            (check_footers, (driver, base, results)),
            (check_topics, (driver, base, results)),
            (check_focus, (driver, base, results)),
            (check_wide_tables, (driver, base, results)),
            (check_searches, (driver, base, results)),
            (check_file_search, (driver, args.public, results)),
            (check_recall, (driver, base, results, args.samples)),
        ]
        for check, arguments in checks:
            # A check that cannot go on (an element missing) is a failure; the others still run.
            try:
                check(*arguments)
            except Exception as error:  # noqa: BLE001
                first_line = str(error).splitlines()[0] if str(error) else ""
                results.check(f"{check.__name__} ran to its end", False, f"{type(error).__name__}: {first_line}")
    finally:
        driver.quit()
        server.shutdown()
        shutil.rmtree(top, ignore_errors=True)
    print(f"browser check: screenshots in {artifacts}/")
    print(f"browser: {results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
