#!/usr/bin/env python3
"""Writes a large, deterministic example archive for measuring jianbao: N briefing issues (default
1,000) over ten years, plus the repository's own 公文 series, into a content folder.

The issues' text is made of the sentences of the repository's Content/ (the five real documents),
drawn with a fixed seed, so that the archive reads like the real one (same vocabulary, same
bigram statistics) and the same command always writes the same files:

    python3 Benchmarks/make_archive.py /tmp/archive-1000/Content
    jianbao build --content /tmp/archive-1000/Content --output /tmp/archive-1000/public
"""
import argparse
import pathlib
import random
import re
import shutil

REPO = pathlib.Path(__file__).resolve().parent.parent
SEED = 1000
TITLE_SUFFIXES = ["工作", "工作情况", "推进会", "专题会议", "调研督导", "培训", "经验做法", "工作进展"]


def sentences():
    """Every sentence (ending in 。！？；) of the Markdown bodies of Content/."""
    found = []
    for path in sorted((REPO / "Content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = text.split("---", 2)[2] if text.startswith("---") else text
        for line in body.splitlines():
            line = line.strip()
            if not line or line[0] in "#<|>!-*" or re.match(r"^[0-9]+\\?\.", line) or "：" in line[:4]:
                continue
            for sentence in re.findall(r"[^。！？；]+[。！？；]", line):
                if len(sentence) >= 8:
                    found.append(sentence)
    return found


def phrases(pool):
    """Short noun phrases for titles: the text between punctuation in the sentences."""
    out = set()
    for sentence in pool:
        for piece in re.split(r"[，。、；：！？“”（）《》\s]", sentence):
            if 6 <= len(piece) <= 16:
                out.add(piece)
    return sorted(out)


def main():
    parser = argparse.ArgumentParser(description="Write a deterministic N-issue archive.")
    parser.add_argument("content", help="the content folder to write (replaced)")
    parser.add_argument("--issues", type=int, default=1000)
    args = parser.parse_args()

    rng = random.Random(SEED)
    pool = sentences()
    titles = phrases(pool)
    content = pathlib.Path(args.content)
    if content.exists():
        shutil.rmtree(content)
    (content / "jianbao").mkdir(parents=True)
    shutil.copy(REPO / "Content/site.yml", content / "site.yml")
    shutil.copy(REPO / "Content/jianbao/series.yml", content / "jianbao/series.yml")
    shutil.copytree(REPO / "Content/wenjian", content / "wenjian")

    years = 10
    per_year = -(-args.issues // years)
    total_chars = 0
    for index in range(args.issues):
        number = index + 1
        year = 2016 + index // per_year
        day_of_year = 1 + (index % per_year) * 360 // per_year
        month, day = 1 + (day_of_year - 1) // 30, 1 + (day_of_year - 1) % 30
        if month == 2 and day > 28:
            day = 28
        articles = []
        for _ in range(rng.randint(1, 3)):
            title = rng.choice(titles) + rng.choice(TITLE_SUFFIXES)
            paragraphs = []
            for _ in range(rng.randint(4, 9)):
                paragraphs.append("".join(rng.choice(pool) for _ in range(rng.randint(2, 5))))
            articles.append(f"# {title}\n\n" + "\n\n".join(paragraphs))
        body = "\n\n".join(articles)
        total_chars += len(body)
        text = f"---\nnumber: {number}\ndate: {year}-{month:02d}-{day:02d}\ncolumn: 工作动态\n---\n\n{body}\n"
        folder = content / "jianbao" / str(year)
        folder.mkdir(exist_ok=True)
        (folder / f"{number}.md").write_text(text, encoding="utf-8")
    print(f"wrote {args.issues} issues ({total_chars} characters of text) and the 公文 series to {content}")


if __name__ == "__main__":
    main()
