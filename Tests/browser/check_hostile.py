#!/usr/bin/env python3
"""Builds sites that hold what an attacker or a careless author would write (issue #11) and opens
every page and every published file in headless Chromium (Debian's chromium + chromium-driver,
driven by Selenium), which is the judge of what runs and where things end up:

- a series folder named `javascript:alert(1)`: the build succeeds, and on no page does any link,
  image or form lead to a `javascript:` or `data:` address; following the home page's link to the
  series opens the series page;
- an SVG file with a script, used as an image and as a linked file: the build refuses it (SVG is
  not published), naming the file and line; if it were published, opening it would run the script;
- unclosed tags (`<table><tr><td>`, `<code>`, `<b>`): the build succeeds, and the text after them,
  the trailer and the page's footer are outside any table cell and not monospace or bold.

On every page and file opened: no dialog (alert, confirm, prompt) and no script element but the
templates' own (print.js, search.js, elder.js). A case that fails to build must fail with the expected error.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
from urllib.parse import quote

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from check_browser import CHROMEDRIVER, CHROMIUM, Results, screenshot, serve  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
PREFIX = "/test/"  # the path of base_url in Tests/Fixtures/base-site/Content/site.yml

SCRIPT_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(\'onload\')">'
              '<script>alert(document.domain)</script><rect width="10" height="10"/></svg>\n')

ISSUE = "---\nnumber: 2\ndate: 2024-01-12\n---\n\n# 标题\n\n"

CASES = {
    "series-folder-named-javascript": {
        "files": {
            "Content/javascript:alert(1)/series.yml": "name: 测试县 通报\nkind: briefing\n",
            "Content/javascript:alert(1)/1.md": "---\nnumber: 1\ndate: 2024-02-01\n---\n\n# 通报标题\n\n正文。\n",
        },
        "error": None,
    },
    "svg-with-a-script": {
        "files": {
            "Content/jb/logo.svg": SCRIPT_SVG,
            "Content/jb/2.md": ISSUE + "![标志](logo.svg)\n\n见[标志文件](logo.svg)。\n",
        },
        "error": "Content/jb/2.md:8:1: error: `logo.svg` is an SVG file: jianbao does not publish SVG",
    },
    "unclosed-tags": {
        "files": {
            "Content/jb/2.md": ISSUE + "<table><tr><td>单元格\n\n表后的段落。\n\n正文<code>代码没有结束\n\n"
                               "后面的段落。<b>粗体没有结束\n\n最后的段落。\n\n报：市办公室\n编校：张三\n",
        },
        "error": None,
        "page": "jb/2024/2/index.html",
    },
}

INSTALL_DIALOG_SPY = """
window.__dialogs = [];
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = (message) => { window.__dialogs.push(name + ': ' + message); };
}
"""

# What a page holds that could run code: scripts other than the templates' own, and addresses
# with a script or data scheme, as the browser resolved them.
AUDIT = """
const own = /\\/(print|search|elder)\\.js$/;
const scripts = [...document.querySelectorAll('script')].filter(s => !s.src || !own.test(new URL(s.src).pathname))
  .map(s => s.outerHTML.slice(0, 80));
const addresses = [];
for (const e of document.querySelectorAll('[href], [src], [action], [formaction], [poster]')) {
  for (const attribute of ['href', 'src', 'action', 'formaction', 'poster']) {
    if (!e.hasAttribute(attribute)) continue;
    let protocol;
    try { protocol = new URL(e.getAttribute(attribute), document.baseURI).protocol; } catch (error) { continue; }
    if (protocol === 'javascript:' || protocol === 'data:' || protocol === 'vbscript:') {
      addresses.push(e.tagName + ' ' + attribute + '=' + e.getAttribute(attribute));
    }
  }
}
const svgs = [...document.querySelectorAll('svg, object, embed, iframe')].map(e => e.tagName);
return {scripts, addresses, svgs, dialogs: window.__dialogs || []};
"""

# Where the text after the unclosed tags, the trailer and the footer ended up.
PLACES = """
const find = (text) => [...document.querySelectorAll('p')].find(p => p.textContent.includes(text));
const place = (e) => e && ({
  inTable: !!e.closest('table'), inCode: !!e.closest('code'), inBold: !!e.closest('b, strong'),
  font: getComputedStyle(e).fontFamily, weight: getComputedStyle(e).fontWeight});
return {
  afterTable: place(find('表后的段落')), afterCode: place(find('后面的段落')), last: place(find('最后的段落')),
  trailer: place(document.querySelector('.trailer')), footer: place(document.querySelector('footer')),
  code: place(document.querySelector('code')),
};
"""


def start_browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(argument)
    # A dialog stays open for the check to find, instead of failing the next command.
    options.set_capability("unhandledPromptBehavior", "ignore")
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": INSTALL_DIALOG_SPY})
    return driver


def open_dialog(driver):
    """The text of a dialog that is open (one the spy did not catch), or None."""
    from selenium.common.exceptions import NoAlertPresentException
    try:
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        return text
    except NoAlertPresentException:
        return None


def build(jianbao, name, case, work):
    site = work / name
    shutil.copytree(ROOT / "Tests/Fixtures/base-site", site)
    shutil.copytree(ROOT / "Templates", site / "Templates")
    for path, text in case["files"].items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
    run = subprocess.run([os.path.abspath(jianbao), "build"], cwd=site, capture_output=True, text=True, timeout=300)
    return site, run


def check_published(driver, base, public, name, results):
    """Opens every page and every published file but the search index: no dialog, no foreign script."""
    opened = 0
    for path in sorted(public.rglob("*")):
        relative = path.relative_to(public).as_posix()
        if path.is_dir() or path.suffix.lower() not in (".html", ".htm", ".xhtml", ".svg", ".xml"):
            continue
        driver.get(base + quote(relative))
        dialog = open_dialog(driver)
        results.check(f"{name}: {relative}: no dialog", dialog is None, f"a dialog opened: {dialog!r}")
        if dialog is not None:
            continue
        found = driver.execute_script(AUDIT) or {}
        results.check(f"{name}: {relative}: no script but the templates' own", not found.get("scripts"), str(found.get("scripts")))
        results.check(f"{name}: {relative}: no javascript: or data: address", not found.get("addresses"), str(found.get("addresses")))
        results.check(f"{name}: {relative}: no dialog called", not found.get("dialogs"), str(found.get("dialogs")))
        opened += 1
    results.check(f"{name}: pages opened", opened >= 8, f"only {opened}")


def check_series_link(driver, base, results):
    driver.get(base + "index.html")
    links = driver.find_elements("css selector", ".series-name a")
    target = [link for link in links if "通报" in link.text]
    results.check("series-folder-named-javascript: the home page links to the series", len(target) == 1)
    if target:
        target[0].click()
        dialog = open_dialog(driver)
        results.check("series-folder-named-javascript: following the link opens no dialog", dialog is None, repr(dialog))
        title = driver.title
        results.check("series-folder-named-javascript: following the link opens the series page", "通报" in title,
                      f"{driver.current_url}: {title}")


def check_places(driver, base, page, results, artifacts):
    driver.get(base + page)
    screenshot(driver, artifacts / "unclosed-tags.png")
    places = driver.execute_script(PLACES)
    for key in ("afterTable", "afterCode", "last", "trailer", "footer"):
        place = places.get(key)
        if not results.check(f"unclosed-tags: {key} is on the page", place is not None):
            continue
        results.check(f"unclosed-tags: {key} is not inside a table", not place["inTable"])
        results.check(f"unclosed-tags: {key} is not inside <code> or <b>", not place["inCode"] and not place["inBold"])
        results.check(f"unclosed-tags: {key} is not monospace", "mono" not in place["font"].lower(), place["font"])
        results.check(f"unclosed-tags: {key} is not bold", int(place["weight"]) < 600, place["weight"])
    results.check("unclosed-tags: the code itself is monospace", places.get("code") and "mono" in places["code"]["font"].lower(),
                  str(places.get("code")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jianbao", help="the jianbao executable")
    parser.add_argument("--artifacts", default="ci-artifacts/browser-hostile", help="where the screenshots go")
    args = parser.parse_args()
    artifacts = pathlib.Path(args.artifacts)
    artifacts.mkdir(parents=True, exist_ok=True)
    results = Results()
    driver = start_browser()
    print(f"hostile-site check: {driver.capabilities.get('browserVersion')}")
    with tempfile.TemporaryDirectory(prefix="jianbao-hostile-") as work:
        try:
            for name, case in CASES.items():
                check_case(driver, args.jianbao, name, case, pathlib.Path(work), artifacts, results)
        finally:
            driver.quit()
    print(f"hostile-site check: screenshots in {artifacts}/; {results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 else 1


def check_case(driver, jianbao, name, case, work, artifacts, results):
    """Builds one case; checks the refusal it must give, or opens what it published."""
    site, run = build(jianbao, name, case, work)
    if case["error"]:
        results.check(f"{name}: the build is refused", run.returncode == 1, f"exit status {run.returncode}")
        results.check(f"{name}: the error names the file and line", case["error"] in run.stderr, run.stderr[:800])
        if run.returncode != 0:
            return
        # Published after all: what a reader would get.
    elif not results.check(f"{name}: the site builds", run.returncode == 0, run.stderr[:800]):
        return
    server, base, top = serve(site / "public", PREFIX)
    try:
        check_published(driver, base, site / "public", name, results)
        if name == "series-folder-named-javascript":
            check_series_link(driver, base, results)
            screenshot(driver, artifacts / "series-folder-named-javascript.png")
        if "page" in case:
            check_places(driver, base, case["page"], results, artifacts)
    finally:
        server.shutdown()
        shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
