#!/usr/bin/env python3
"""Opens a built archive in headless Chromium (Debian's chromium + chromium-driver, driven by Selenium)
and checks it as a reader would:

- axe-core reports no violations on the home, series, year, issue, 公文, search and 404 pages, at
  390 px and 1280 px wide;
- no page scrolls horizontally at 320 px or 390 px; no layout shift while a page loads;
- the focused skip link shows a visible outline;
- searches return the expected documents in the expected order (relevance, and 按时间), with the
  match highlighted, series, 期号 or 文号 and date shown;
- a sample of substrings of every document's source Markdown finds that document through the page's
  own search code.

Screenshots at 390 px and 1280 px of each page go to the artifacts folder (ci-artifacts/browser/).
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
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v =>
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


def check_pages(driver, base, axe, artifacts, results):
    for name, address in PAGES:
        for width in (1280, 390, 320):
            set_width(driver, width)
            driver.get(base + address)
            ready = driver.execute_async_script(WAIT_READY)
            results.check(f"{name} at {width} px loads", ready)
            overflow = driver.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            results.check(f"{name} at {width} px: no horizontal scroll", overflow <= 0, f"{overflow} px too wide")
            if width == 320:
                continue
            shift = driver.execute_async_script(LAYOUT_SHIFT)
            results.check(f"{name} at {width} px: no layout shift", 0 <= shift < 0.01, f"cumulative layout shift {shift:.3f}")
            driver.execute_script(axe)
            violations = driver.execute_async_script(RUN_AXE)
            results.check(f"{name} at {width} px: axe-core, 0 violations", not violations,
                          "; ".join(f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in violations))
            screenshot(driver, artifacts / f"{name}-{width}.png")


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
        check_pages(driver, base, axe, artifacts, results)
        check_focus(driver, base, results)
        check_searches(driver, base, results)
        check_file_search(driver, args.public, results)
        check_recall(driver, base, results, args.samples)
    finally:
        driver.quit()
        server.shutdown()
        shutil.rmtree(top, ignore_errors=True)
    print(f"browser check: screenshots in {artifacts}/")
    print(f"browser: {results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
