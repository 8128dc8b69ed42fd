#!/usr/bin/env python3
"""jianbao's search against Pagefind's on the same built archive: size on disk, what a search loads,
and recall, each engine through its own JavaScript in headless Chromium (as in
Tests/browser/check_browser.py: Debian's chromium + chromium-driver, over http://127.0.0.1).

    python3 Benchmarks/search_size.py public/ [--recall EXAMPLE_PUBLIC] [--pagefind]

- Size: jianbao's search/ folder (shards and document files) against Pagefind's index, fragments and
  metadata (its pagefind.js, wasm and UI files, like jianbao's search page and search.js, are counted
  apart: they are the same for every query).
- Bytes per query: the index files Chromium loaded (resource timing, cache off) for a query, by their
  size on disk and gzipped (level 6, as most web servers send them; Pagefind's are gzip on disk already).
  jianbao: the search page shows its first 10 results; Pagefind: `search()` and `data()` of the first 10.
- Recall (`--recall`, a build of the example archive Content/): random pieces of 2 to 6 characters of
  each document's source Markdown (as check_browser.py takes them); a piece counts as found when its
  document is among the engine's results.

`--pagefind` first indexes the archive with Pagefind (`python -m pagefind`, the pinned package of
Benchmarks/requirements.txt, into ARCHIVE/pagefind/, document pages only) and reports its time.
"""
import argparse
import gzip
import json
import pathlib
import random
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "Tests" / "browser"))
import check_browser  # noqa: E402  (the same server and browser set-up)

QUERIES = ["督导", "法治政府", "示范创建", "共印", "复议", "第19期", "营商环境", "行政执法", "法治政府建设示范县", "濮治市办〔2020〕8号"]
# Pagefind indexes the document pages only (jianbao/2024/19/index.html, wenjian/2020/x/index.html), as jianbao's search does.
PAGEFIND_GLOB = "*/[0-9][0-9][0-9][0-9]/*/index.html"

# Every path the server sent (Pagefind fetches its index from a web worker, which the page's
# resource timing does not see).
SERVED = []
_do_get = check_browser.SiteHandler.do_GET


def _recording_get(self):
    SERVED.append(urllib.parse.urlsplit(self.path).path)
    return _do_get(self)


check_browser.SiteHandler.do_GET = _recording_get

PAGEFIND_SEARCH = """
const done = arguments[arguments.length - 1], base = arguments[0], query = arguments[1], all = arguments[2];
import(base + 'pagefind/pagefind.js').then(async pf => {
  await pf.options({basePath: base + 'pagefind/'});
  const r = await pf.search(query);
  const shown = all ? r.results : r.results.slice(0, 10);
  const data = await Promise.all(shown.map(x => x.data()));
  done({count: r.results.length, urls: data.map(d => d.url)});
}).catch(e => done({error: String(e)}));
"""


def kib(n):
    return f"{n / 1024:,.1f} KiB"


def mib(n):
    return f"{n / 1048576:,.1f} MiB"


def files_under(folder):
    return [p for p in folder.rglob("*") if p.is_file()]


def gzipped(path):
    data = path.read_bytes()
    return len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, 6))


def run_pagefind(public):
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(public), "--output-subdir", "pagefind",
                             "--glob", PAGEFIND_GLOB], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"pagefind failed: {result.stderr[-2000:]}")
    return time.perf_counter() - start


def sizes(public, pagefind):
    search = public / "search"
    ours = [p for p in files_under(search) if p.name != "index.html"]
    print(f"jianbao: {len(ours):,} files, {mib(sum(p.stat().st_size for p in ours))} "
          f"({len(list((search / 'shards').glob('*.js')))} shards, {len(list((search / 'docs').glob('*.js')))} document files); "
          f"search page + search.js {kib((search / 'index.html').stat().st_size + (public / 'search.js').stat().st_size)}")
    if pagefind:
        folder = public / "pagefind"
        data = [p for p in files_under(folder) if p.suffix.startswith(".pf_")]
        code = [p for p in files_under(folder) if p not in data]
        print(f"Pagefind: {len(data):,} files, {mib(sum(p.stat().st_size for p in data))} "
              f"({sum(1 for p in data if p.suffix == '.pf_fragment'):,} fragments, {sum(1 for p in data if p.suffix == '.pf_index')} index chunks); "
              f"code and UI {len(code)} files, {kib(sum(p.stat().st_size for p in code))}")


def loaded(driver, public, prefix):
    paths = sorted(set(p for p in SERVED if "/search/" in p or "/pagefind/" in p))
    SERVED.clear()
    files = [public / urllib.parse.unquote(p)[len(prefix):] for p in paths]
    data = [f for f in files if f.suffix.startswith(".pf_") or f.parent.name in ("shards", "docs")]
    return data, sum(f.stat().st_size for f in data), sum(gzipped(f) for f in data)


def per_query(driver, public, base, prefix, pagefind):
    print("| query | jianbao results | jianbao files | jianbao bytes | jianbao gzip |"
          + (" Pagefind results | Pagefind files | Pagefind bytes | Pagefind gzip |" if pagefind else ""))
    print("|---|---:|---:|---:|---:|" + ("---:|---:|---:|---:|" if pagefind else ""))
    for query in QUERIES:
        SERVED.clear()
        driver.get(base + "search/index.html?q=" + urllib.parse.quote(query))
        driver.execute_async_script(check_browser.WAIT_READY)
        count = driver.execute_script("return (window.jianbaoSearch.lastResult || {candidates: []}).candidates.length")
        files, raw, zipped = loaded(driver, public, prefix)
        row = f"| {query} | {count:,} | {len(files)} | {kib(raw)} | {kib(zipped)} |"
        if pagefind:
            driver.get(base + "404.html")
            SERVED.clear()
            found = driver.execute_async_script(PAGEFIND_SEARCH, base, query, False)
            if "error" in found:
                sys.exit(f"Pagefind search failed: {found['error']}")
            files, raw, zipped = loaded(driver, public, prefix)
            row += f" {found['count']:,} | {len(files)} | {kib(raw)} | {kib(zipped)} |"
        print(row)


def recall(driver, example, prefix, samples, pagefind):
    server, base, top = check_browser.serve(str(example), prefix)
    rng = random.Random(16)
    root = pathlib.Path(__file__).resolve().parent.parent / "Content"
    tried, ours, theirs = 0, 0, 0
    try:
        driver.get(base + "search/index.html")
        driver.execute_async_script(check_browser.WAIT_READY)
        for source, address in check_browser.SOURCES.items():
            queries = check_browser.source_queries(root / source, rng, samples)
            urls = driver.execute_async_script("""
              const done = arguments[arguments.length - 1], queries = arguments[0];
              Promise.all(queries.map(q => window.jianbaoSearch.find(q).then(ids =>
                Promise.all(ids.map(id => window.jianbaoSearch.document(id).then(d => d.url)))))).then(done);""", queries)
            for found in urls:
                tried += 1
                ours += (address + "index.html") in found
            if pagefind:
                for query in queries:
                    found = driver.execute_async_script(PAGEFIND_SEARCH, base, query, True)
                    theirs += any(u.endswith(address) or u.endswith(address + "index.html") for u in found.get("urls", []))
                driver.get(base + "search/index.html")
                driver.execute_async_script(check_browser.WAIT_READY)
    finally:
        server.shutdown()
    line = f"recall on the example archive: jianbao {ours}/{tried}"
    if pagefind:
        line += f", Pagefind {theirs}/{tried}"
    print(line + f" random 2–6-character pieces of the source Markdown find their document")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("public")
    parser.add_argument("--prefix", default="/jianbao/")
    parser.add_argument("--pagefind", action="store_true", help="index with Pagefind too and compare")
    parser.add_argument("--recall", help="a build of the example archive (Content/) to measure recall on")
    parser.add_argument("--samples", type=int, default=40, help="recall pieces per document")
    args = parser.parse_args()
    public = pathlib.Path(args.public)
    if args.pagefind:
        if args.recall:
            run_pagefind(pathlib.Path(args.recall))
        print(f"Pagefind indexed {args.public} in {run_pagefind(public):.1f} s")
    sizes(public, args.pagefind)
    server, base, top = check_browser.serve(str(public), args.prefix)
    driver = check_browser.start_browser()
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    try:
        per_query(driver, public, base, args.prefix, args.pagefind)
        if args.recall:
            recall(driver, pathlib.Path(args.recall), args.prefix, args.samples, args.pagefind)
    finally:
        driver.quit()
        server.shutdown()


if __name__ == "__main__":
    main()
