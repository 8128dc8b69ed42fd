#!/usr/bin/env python3
"""jianbao against Hugo on the same generated corpus, side by side (run it through run.sh).

For each size: full builds of both tools into tmpfs, alternating the tools run by run (the first
tool of a round alternates too), medians of wall time, CPU time and peak RSS (/usr/bin/time); the
libcmark floor; jianbao's rebuilds against its full build: nothing changed, one issue changed, one
issue added (next week's: numbered and dated after the last), one template changed, and which files
each of the first three rewrote (inodes that changed).
"""
import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(command, cwd):
    """Runs `command` under /usr/bin/time: wall seconds (perf_counter), user+sys seconds, peak RSS MB."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + command, cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr}")
    user, system, rss_kb = result.stderr.strip().splitlines()[-1].split()
    return {"wall": wall, "cpu": float(user) + float(system), "rss": int(rss_kb) / 1024}


def median(runs, key):
    return statistics.median(run[key] for run in runs)


def inodes(folder):
    result = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            result[os.path.relpath(path, folder)] = os.stat(path).st_ino
    return result


def is_web_archive_page(path):
    parts = path.split(os.sep)
    return path in ("404.html", os.path.join("search", "index.html")) or (len(parts) == 3 and parts[1].isdigit())


def remove(*paths):
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)
        if os.path.isfile(path):
            os.remove(path)


def bench_size(n, args, floor):
    corpus = os.path.join(args.work, str(n))
    subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--issues", str(n), "--out", corpus],
                   check=True, stdout=subprocess.DEVNULL)
    jb_site, hugo_site = os.path.join(corpus, "jianbao"), os.path.join(corpus, "hugo")
    out_jb, out_hugo = os.path.join(corpus, "out-jianbao"), os.path.join(corpus, "out-hugo")
    state = os.path.join(corpus, ".out-jianbao.jianbao-state")
    cache = os.path.join(corpus, ".out-jianbao.jianbao-cache")
    jianbao = [args.jianbao, "build", "--output", out_jb]
    hugo = ["hugo", "--quiet", "-d", out_hugo]

    runs = {"jianbao": [], "hugo": [], "floor": []}
    for round_number in range(args.runs + 1):  # round 0 warms the page cache and is not counted
        order = [("jianbao", jianbao, jb_site), ("hugo", hugo, hugo_site)]
        if round_number % 2:
            order.reverse()
        for name, command, cwd in order:
            remove(out_jb, state, cache, out_hugo)
            result = timed(command, cwd)
            if round_number:
                runs[name].append(result)
        result = timed([floor, os.path.join(jb_site, "Content")], corpus)
        if round_number:
            runs["floor"].append(result)
    remove(out_hugo)
    timed(hugo, hugo_site)
    hugo_pages = sum(1 for _, _, files in os.walk(out_hugo) for f in files if f.endswith(".html"))
    remove(out_jb, state, cache)
    timed(jianbao, jb_site)
    pages = sum(1 for _, _, files in os.walk(out_jb) for f in files if f.endswith(".html"))
    # The pages Hugo makes too: jianbao's search page, 404 page and year pages (series/2024/index.html) have no twin.
    pages_like_hugo = sum(1 for path in inodes(out_jb) if path.endswith(".html") and not is_web_archive_page(path))

    # Rebuilds, each against the full build just made. One issue: a sentence added to its first
    # paragraph (its headline stays); one template: a comment added to the issue template.
    issue_dir = os.path.join(jb_site, "Content", "fazhi")
    issues = sorted(os.path.join(root, f) for root, _, files in os.walk(issue_dir) for f in files if f.endswith(".md"))
    issue = issues[len(issues) // 2]
    template = os.path.join(jb_site, "Templates", "briefing.mustache")
    original_issue, original_template = open(issue, "rb").read(), open(template, "rb").read()
    # next week's issue: the newest one copied, numbered and dated after every other
    def date_of(path):
        return datetime.date.fromisoformat(open(path, encoding="utf-8").read().split("date:", 1)[1].split()[0])
    newest = max(issues, key=date_of)
    newest_text = open(newest, encoding="utf-8").read()
    next_date = (date_of(newest) + datetime.timedelta(days=1)).isoformat()
    number = max(int(open(path, encoding="utf-8").read().split("number:", 1)[1].split()[0]) for path in issues) + 1
    added = os.path.join(os.path.dirname(newest), f"{number}.md")
    added_text = "\n".join(f"number: {number}" if line.startswith("number:") else f"date: {next_date}" if line.startswith("date:") else line
                           for line in newest_text.split("\n"))
    rebuild = {"noop": [], "issue": [], "added": [], "template": []}
    rewritten, noop_rewrote, added_rewrote = [], [], []
    for _ in range(args.runs):
        before = inodes(out_jb)
        rebuild["noop"].append(timed(jianbao, jb_site))
        after = inodes(out_jb)
        noop_rewrote = sorted(path for path in set(before) | set(after) if before.get(path) != after.get(path))

        open(issue, "wb").write(original_issue)
        timed(jianbao, jb_site)
        before = inodes(out_jb)
        open(issue, "wb").write(original_issue.replace("。".encode(), "。补充一句。".encode(), 1))
        rebuild["issue"].append(timed(jianbao, jb_site))
        after = inodes(out_jb)
        rewritten = sorted(path for path in after if before.get(path) != after[path])
        open(issue, "wb").write(original_issue)
        timed(jianbao, jb_site)

        before = inodes(out_jb)
        open(added, "w", encoding="utf-8").write(added_text)
        rebuild["added"].append(timed(jianbao, jb_site))
        after = inodes(out_jb)
        added_rewrote = sorted(path for path in after if before.get(path) != after[path])
        os.remove(added)
        timed(jianbao, jb_site)

        open(template, "wb").write(original_template)
        timed(jianbao, jb_site)
        open(template, "ab").write(b"{{! changed }}\n")
        rebuild["template"].append(timed(jianbao, jb_site))
        open(template, "wb").write(original_template)
        timed(jianbao, jb_site)

    markdown_bytes = sum(os.path.getsize(p) for p in issues)  # one series, for the average
    report = {
        "issues": n, "pages": pages, "pages_like_hugo": pages_like_hugo, "hugo_pages": hugo_pages,
        "markdown_kib_per_issue": markdown_bytes / len(issues) / 1024,
        "jianbao": {k: median(runs["jianbao"], k) for k in ("wall", "cpu", "rss")},
        "hugo": {k: median(runs["hugo"], k) for k in ("wall", "cpu", "rss")},
        "floor": {k: median(runs["floor"], k) for k in ("wall", "cpu", "rss")},
        "rebuild": {name: median(values, "wall") for name, values in rebuild.items()},
        "one_issue_rewrote": rewritten,
        "noop_rewrote": noop_rewrote,
        "added_rewrote": added_rewrote,
        "added_issue": os.path.relpath(added, jb_site),
        "changed_issue": os.path.relpath(issue, jb_site),
        "runs": runs, "rebuild_runs": rebuild,
    }
    with open(os.path.join(corpus, "report.json"), "w") as f:
        json.dump(report, f, indent=1)
    return report


def disk_figures(n, args):
    corpus = os.path.join(args.work, str(n))
    out_jb, out_hugo = os.path.join(args.disk, "out-jianbao"), os.path.join(args.disk, "out-hugo")
    state = os.path.join(args.disk, ".out-jianbao.jianbao-state")
    cache = os.path.join(args.disk, ".out-jianbao.jianbao-cache")
    os.makedirs(args.disk, exist_ok=True)
    runs = {"jianbao": [], "hugo": []}
    for round_number in range(3):
        for name, command, cwd in [("jianbao", [args.jianbao, "build", "--output", out_jb], os.path.join(corpus, "jianbao")),
                                   ("hugo", ["hugo", "--quiet", "-d", out_hugo], os.path.join(corpus, "hugo"))]:
            remove(out_jb, state, cache, out_hugo)
            subprocess.run(["sync"])
            runs[name].append(timed(command, cwd))
    remove(out_jb, state, cache, out_hugo)
    return {name: median(values, "wall") for name, values in runs.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default="/dev/shm/jianbao-bench")
    parser.add_argument("--jianbao", required=True)
    parser.add_argument("--floor", required=True)
    parser.add_argument("--disk", help="a folder on the real disk for the disk figures (reported apart)")
    parser.add_argument("--doc", help="a Markdown page whose figures section (between the markers) gets this run's figures")
    parser.add_argument("--command", default="bash Benchmarks/run.sh", help="how the run was started, for --doc")
    parser.add_argument("--machine", default="", help="the machine, for --doc")
    parser.add_argument("--versions", default="", help="the versions of the tools, for --doc")
    parser.add_argument("--check", action="store_true",
                        help="fail unless both tools made the same number of pages, a no-op rebuild left every output file "
                             "as it was (same inodes), the one-issue rebuild rewrote only that issue's page and search files, "
                             "and adding an issue rewrote no other issue's page")
    args = parser.parse_args()
    reports = [bench_size(n, args, args.floor) for n in args.sizes]
    lines = []

    def out(text=""):
        """A line of the report: printed, and kept for --doc."""
        print(text)
        lines.extend(text.split("\n"))

    out()
    out("| issues | jianbao | Hugo | jianbao/Hugo | libcmark floor | jianbao/floor | pages/s jianbao | pages/s Hugo "
        "| CPU jianbao (cores busy) | CPU Hugo | CPU jianbao/Hugo | peak RSS jianbao | peak RSS Hugo | no-op | one issue | one added "
        "| one template |")
    out("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in reports:
        jb, hugo, floor, re = r["jianbao"], r["hugo"], r["floor"], r["rebuild"]
        out(f"| {r['issues']:,} | {jb['wall']:.2f} s | {hugo['wall']:.2f} s | {jb['wall'] / hugo['wall']:.2f} "
            f"| {floor['wall']:.3f} s | {jb['wall'] / floor['wall']:.1f} | {r['pages'] / jb['wall']:,.0f} "
            f"| {r['hugo_pages'] / hugo['wall']:,.0f} | {jb['cpu']:.2f} s ({jb['cpu'] / jb['wall']:.2f}) "
            f"| {hugo['cpu']:.2f} s | {jb['cpu'] / hugo['cpu']:.2f} "
            f"| {jb['rss']:.0f} MB | {hugo['rss']:.0f} MB "
            f"| {re['noop'] * 1000:.0f} ms ({re['noop'] / jb['wall']:.1%}) | {re['issue']:.2f} s ({re['issue'] / jb['wall']:.0%}) "
            f"| {re['added']:.2f} s ({re['added'] / jb['wall']:.0%}) "
            f"| {re['template']:.2f} s ({re['template'] / jb['wall']:.0%}) |")
    for r in reports:
        out(f"\n{r['issues']:,} issues: {r['pages']:,} jianbao pages ({r['pages_like_hugo']:,} of the kinds Hugo makes), "
            f"{r['hugo_pages']:,} Hugo pages, "
            f"{r['markdown_kib_per_issue']:.1f} KiB of Markdown an issue; changing {r['changed_issue']} rewrote "
            f"{len(r['one_issue_rewrote'])} files ({sum(1 for p in r['one_issue_rewrote'] if p.startswith('search'))} of them under search/); "
            f"adding {r['added_issue']} rewrote {len(r['added_rewrote'])} "
            f"({sum(1 for p in r['added_rewrote'] if p.startswith('search'))} under search/); the no-op build rewrote {len(r['noop_rewrote'])}")
    if len(reports) >= 2:
        a, b = reports[0], reports[-1]
        growth = (b["jianbao"]["wall"] / a["jianbao"]["wall"]) / (b["issues"] / a["issues"])
        out(f"growth {a['issues']:,} → {b['issues']:,}: time ×{b['jianbao']['wall'] / a['jianbao']['wall']:.1f} "
            f"for ×{b['issues'] / a['issues']:.0f} issues (time per issue ×{growth:.2f})")
    if args.check:
        for r in reports:
            expected_page = os.path.splitext(r["changed_issue"].replace("Content/", "", 1))[0] + "/index.html"
            problems = []
            if r["pages_like_hugo"] != r["hugo_pages"]:
                problems.append(f"jianbao made {r['pages_like_hugo']} pages that Hugo makes too, Hugo {r['hugo_pages']}")
            # The search index holds the issue's text: its document file and the shards of its words change too.
            others = [path for path in r["one_issue_rewrote"] if path != expected_page]
            if expected_page not in r["one_issue_rewrote"] or any(not path.startswith("search" + os.sep) for path in others):
                problems.append(f"changing one issue rewrote {r['one_issue_rewrote']}, expected [{expected_page}] and search/ files")
            if r["noop_rewrote"]:
                problems.append(f"a no-op rebuild changed {r['noop_rewrote'][:10]}")
            added_page = os.path.splitext(r["added_issue"].replace("Content/", "", 1))[0] + "/index.html"
            issue_pages = [path for path in r["added_rewrote"] if path.count(os.sep) == 3 and path.endswith("index.html") and path != added_page]
            # its neighbour's page gains a "next" link; no other issue's page changes
            if added_page not in r["added_rewrote"] or len(issue_pages) > 1:
                problems.append(f"adding an issue rewrote {issue_pages[:10]} besides {added_page}")
            if problems:
                sys.exit(f"benchmark check failed for {r['issues']} issues: " + "; ".join(problems))
        print("check: same pages in both tools; a no-op rebuild changed no file; one changed issue rewrote only its page and "
              "search index files; an added issue rewrote no other issue's page but its neighbour's")
    if args.disk:
        for n in args.sizes:
            d = disk_figures(n, args)
            out(f"disk ({args.disk}), {n:,} issues: jianbao {d['jianbao']:.2f} s, Hugo {d['hugo']:.2f} s")
    if args.doc:
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        about = [f"Last run: {stamp}, `{args.command}`.", "", f"- {args.machine}", f"- {args.versions}"]
        write_figures(args.doc, about + lines)
        print(f"wrote the figures into {args.doc}")


BEGIN = "<!-- benchmark figures: written by Benchmarks/bench.py, do not edit by hand -->"
END = "<!-- end of benchmark figures -->"


def write_figures(path, lines):
    """Replaces what stands between the markers of the page at path with the lines; the rest of the
    page is the writers'. A page without exactly one pair of markers is an error, not rewritten."""
    with open(path, encoding="utf-8") as file:
        text = file.read()
    if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
        sys.exit(f"{path}: needs one line {BEGIN!r} and, under it, one line {END!r}")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(path + ".tmp", "w", encoding="utf-8") as file:
        file.write(head + BEGIN + "\n" + "\n".join(lines).strip("\n") + "\n\n" + END + tail)
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
