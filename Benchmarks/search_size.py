#!/usr/bin/env python3
"""Measures the search index of a built archive: its size on disk, and the bytes that a search loads,
as the browser loads them: headless Chromium, cache off, over http://127.0.0.1 (as in
Tests/browser/check_browser.py), lists the index files a search loaded (resource timing); their sizes
are taken from disk, as served without compression, and `gzip` is what the same files take gzipped
(level 6), as most web servers send them. The search page and search.js (the same for every query,
and cached) are counted apart.

    python3 Benchmarks/search_size.py public/
"""
import argparse
import gzip
import pathlib
import sys
import urllib.parse

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "Tests" / "browser"))
import check_browser  # noqa: E402  (the same server and browser set-up)

QUERIES = ["督导", "法治政府", "第19期", "营商环境", "行政执法", "法治政府建设示范县", "濮治市办〔2020〕8号"]

RESOURCES = """
return performance.getEntriesByType('resource').filter(e => e.name.includes('/search/'))
  .map(e => new URL(e.name).pathname);
"""


def kib(n):
    return f"{n / 1024:.1f} KiB"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("public")
    parser.add_argument("--prefix", default="/jianbao/")
    args = parser.parse_args()
    public = pathlib.Path(args.public)
    search = public / "search"
    shards = sorted((search / "shards").glob("*.js"))
    docs = sorted((search / "docs").glob("*.js"))
    shard_bytes = [p.stat().st_size for p in shards]
    doc_bytes = sum(p.stat().st_size for p in docs)
    page = (search / "index.html").stat().st_size + (public / "search.js").stat().st_size
    print(f"index: {len(docs)} documents; {len(shards)} shards, {kib(sum(shard_bytes))} "
          f"(largest {kib(max(shard_bytes))}, median {kib(sorted(shard_bytes)[len(shard_bytes) // 2])}); "
          f"document files {kib(doc_bytes)}; in all {kib(sum(shard_bytes) + doc_bytes)}")
    print(f"search page + search.js: {kib(page)}")

    server, base, top = check_browser.serve(str(public), args.prefix)
    driver = check_browser.start_browser()
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    try:
        print(f"| query | results | shards loaded | documents loaded | bytes loaded | gzip |")
        print(f"|---|---|---|---|---|---|")
        for query in QUERIES:
            driver.get(base + "search/index.html?q=" + urllib.parse.quote(query))
            driver.execute_async_script(check_browser.WAIT_READY)
            count = driver.execute_script("return (window.jianbaoSearch.lastResult || {ids: []}).ids.length")
            loaded = driver.execute_script(RESOURCES)
            files = [public / urllib.parse.unquote(path)[len(args.prefix):] for path in sorted(set(loaded))]
            shard_files = [f for f in files if f.parent.name == "shards"]
            doc_files = [f for f in files if f.parent.name == "docs"]
            total = sum(f.stat().st_size for f in files)
            zipped = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
            print(f"| {query} | {count} | {len(shard_files)} | {len(doc_files)} | {kib(total)} | {kib(zipped)} |")
    finally:
        driver.quit()
        server.shutdown()


if __name__ == "__main__":
    main()
