#!/usr/bin/env python3
"""Writes a deterministic benchmark corpus of N briefing issues, twice: as a jianbao content folder
and as a minimal Hugo site that makes the same pages (home, a list page per series grouped by year,
a page per issue with previous/next, a feed per series, the sitemap).

    python3 Benchmarks/generate.py --issues 1000 --out /dev/shm/jianbao-bench/1000

makes OUT/jianbao/{Content,Templates} and OUT/hugo/. The same N always gives the same bytes
(a seeded generator; no clock, no hash ordering). The text is assembled from a vocabulary of
briefing phrases written for this benchmark: 3–8 KB of UTF-8 per issue, one to three articles,
a trailer, a table in one issue of six and a photo in one of eight.
"""
import argparse
import os
import random
import shutil

SERIES = [
    ("fazhi", "鲁山县创建省级法治政府建设示范县 工作简报", "鲁山县创建省级法治政府建设示范县指挥部办公室"),
    ("yingshang", "鲁山县优化营商环境 工作简报", "鲁山县优化营商环境工作领导小组办公室"),
    ("xiangcun", "鲁山县乡村振兴 工作简报", "鲁山县乡村振兴工作领导小组办公室"),
    ("anquan", "鲁山县安全生产 工作简报", "鲁山县安全生产委员会办公室"),
]

PLACES = ["县法院", "县公安局", "县财政局", "县司法局", "县教体局", "县民政局", "县人社局", "县自然资源局",
          "县住建局", "县交通运输局", "县商务局", "县卫健委", "县应急管理局", "县审计局", "县市场监管局",
          "县统计局", "县医疗保障局", "县融媒体中心", "各乡（镇、街道）", "县直各单位", "县委政法委", "县人大办"]
TOPICS = ["法治政府建设示范创建", "优化营商环境", "行政执法规范化", "矛盾纠纷多元化解", "重大行政决策",
          "“放管服”改革", "安全生产专项整治", "乡村振兴示范点建设", "普法“八进”活动", "政务公开标准化",
          "行政复议体制改革", "基层法治阵地建设", "执法案卷评查", "政务服务“一网通办”"]
OPENINGS = ["为深入贯彻落实县委、县政府关于{t}的工作部署，", "根据{t}工作方案安排，", "近日，",
            "本周，", "为进一步推动{t}工作落地见效，", "按照全县{t}推进会议要求，"]
ACTIONS = ["{p}召开专题会议，传达学习上级文件精神，研究部署下一阶段{t}重点任务",
           "县督导组深入{p}，通过听取汇报、查阅资料、个别谈话等方式，全面了解{t}推进情况",
           "{p}对照指标体系逐项梳理任务清单，明确责任人和完成时限，层层传导压力",
           "{p}开展{t}集中宣传活动，发放宣传资料{n}余份，接受群众咨询{m}人次",
           "{p}组织干部职工参加{t}专题培训，邀请业务骨干解读政策要点和操作规范",
           "{p}建立周例会和月通报制度，对{t}进展情况实行清单化管理、销号式推进",
           "{p}聚焦群众反映强烈的突出问题，开展{t}专项整治，排查问题{k}个，已整改到位{j}个"]
RESULTS = ["做到专班人员必谈、关键资料必查、固定场所必看。",
           "确保各项创建任务落实落细。",
           "进一步凝聚了全县上下的工作合力。",
           "为下一步工作打下了坚实基础。",
           "群众的知晓率、参与度和满意度不断提高。",
           "推动{t}工作向纵深发展。",
           "形成了一批可复制、可推广的经验做法。"]
CLOSINGS = ["下一步，{p}将持续加压、再鼓干劲，注重提升工作质效，推动{t}工作取得新成效。",
            "下一步，各督导组将进一步加强常态化督查指导，对发现的问题实行台账管理，限期整改到位。",
            "下一步，全县将以此次督导为契机，压实工作责任，加大总结提炼力度，努力培育有影响力的经验亮点。"]
HEADINGS = ["{p}扎实推进{t}工作", "{p}召开{t}工作推进会", "县督导组到{p}督导{t}工作",
            "{p}多措并举推动{t}见实效", "{p}上下联动营造{t}浓厚氛围", "{p}创新举措提升{t}水平"]
SECTIONS = ["一、提高政治站位，强化组织领导", "二、聚焦重点任务，狠抓工作落实", "三、坚持问题导向，抓好整改提升",
            "四、加强宣传引导，营造浓厚氛围"]


class Writer:
    """Random text with a fixed seed per issue, so any issue can be regenerated alone."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def fill(self, text):
        r = self.r
        return text.format(p=r.choice(PLACES), t=r.choice(TOPICS), n=r.randint(2, 90) * 100,
                           m=r.randint(3, 900), k=r.randint(10, 80), j=r.randint(5, 9))

    def sentence(self):
        r = self.r
        parts = [self.fill(r.choice(OPENINGS))]
        for _ in range(r.randint(1, 3)):
            parts.append(self.fill(r.choice(ACTIONS)) + "，")
        parts.append(self.fill(r.choice(RESULTS)))
        return "".join(parts).replace("，，", "，")

    def paragraph(self):
        return "".join(self.sentence() for _ in range(self.r.randint(1, 3)))

    def table(self):
        r = self.r
        rows = ["<table>", "<tr><th>单位</th><th>排查问题</th><th>已整改</th><th>整改率</th></tr>"]
        for place in r.sample(PLACES, 5):
            found = r.randint(10, 60)
            fixed = r.randint(found // 2, found)
            rows.append(f"<tr><td>{place}</td><td>{found}</td><td>{fixed}</td><td>{fixed * 100 // found}%</td></tr>")
        rows.append("</table>")
        return "\n".join(rows)


def issue_body(number, seed, target_bytes):
    """The Markdown body (after the front matter) and the image file names it refers to."""
    w = Writer(seed)
    r = w.r
    articles = r.choice([1, 2, 2, 3])
    blocks, images, headings = [], [], []
    per_article = target_bytes // articles
    for a in range(articles):
        heading = w.fill(r.choice(HEADINGS))
        headings.append(heading)
        blocks.append("# " + heading)
        size = 0
        sections = r.random() < 0.3
        s = 0
        while size < per_article:
            if sections and s < len(SECTIONS) and size > per_article * s / 4:
                blocks.append("## " + SECTIONS[s])
                s += 1
            paragraph = w.paragraph()
            blocks.append(paragraph)
            size += len(paragraph.encode())
        if a == 0 and number % 6 == 0:
            blocks.append(w.table())
        if a == 0 and number % 8 == 0:
            name = f"images/{number}-1.jpg"
            images.append(name)
            caption = "督导组在" + r.choice(PLACES) + "督导创建工作"
            blocks.append(f"![{caption}]({name})")
            blocks.append(f"（{caption}）")
        blocks.append(w.fill(r.choice(CLOSINGS)))
    blocks.append("报：市法治政府建设领导小组办公室")
    blocks.append("送：县省级法治政府建设示范创建指挥部政委、指挥长、副指挥长")
    blocks.append("发：各乡（镇、街道），县委各部委，县直各单位")
    blocks.append("编校：徐亚利、陈宇　　　　（共印80份）")
    return "\n\n".join(blocks) + "\n", images, headings


def fake_jpeg(number):
    """A small, fixed file: neither tool decodes images, both copy them."""
    body = bytes((number * 7 + i * 13) % 256 for i in range(2048))
    return b"\xff\xd8\xff\xe0" + body + b"\xff\xd9"


def issues(count):
    """(series index, number in series, year, month, day) for every issue, in a fixed order."""
    per_series = [count // len(SERIES) + (1 if i < count % len(SERIES) else 0) for i in range(len(SERIES))]
    for s, n in enumerate(per_series):
        for k in range(1, n + 1):
            # Spread each series' issues over the years 2006–2025, in order.
            day_index = (k - 1) * (20 * 360) // max(n, 1)
            year = 2006 + day_index // 360
            month = (day_index % 360) // 30 + 1
            day = day_index % 30 + 1 if month != 2 else min(day_index % 30 + 1, 28)
            yield s, k, year, month, day


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--issues", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--templates", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Templates"))
    args = parser.parse_args()
    out = args.out
    shutil.rmtree(out, ignore_errors=True)
    jb = os.path.join(out, "jianbao")
    hugo = os.path.join(out, "hugo")
    shutil.copytree(args.templates, os.path.join(jb, "Templates"), ignore=shutil.ignore_patterns("README.md"))
    shutil.copytree(os.path.join(os.path.dirname(os.path.abspath(__file__)), "hugo-site"), hugo)
    os.makedirs(os.path.join(hugo, "static"))
    shutil.copy(os.path.join(args.templates, "assets", "style.css"), os.path.join(hugo, "static", "style.css"))
    title = "鲁山县 简报档案（基准测试）"
    base = "https://example.gov.cn/jianbao/"
    write(os.path.join(jb, "Content", "site.yml"), f"title: {title}\nbase_url: {base}\nlanguage: zh-CN\n")
    config = os.path.join(hugo, "hugo.toml")
    with open(config, encoding="utf-8") as f:
        settings = f.read()
    write(config, f'baseURL = "{base}"\ntitle = "{title}"\n' + settings)
    for slug, name, office in SERIES:
        write(os.path.join(jb, "Content", slug, "series.yml"),
              f"name: {name}\nkind: briefing\noffice: {office}\nnumbering: continuous\n"
              f"description: {office}编印的工作简报。\ncopies: 80\n")
        write(os.path.join(hugo, "content", slug, "_index.md"), f"---\ntitle: {name}\noffice: {office}\n---\n")
    total = 0
    for s, number, year, month, day in issues(args.issues):
        slug, name, _ = SERIES[s]
        seed = s * 1_000_003 + number
        target = 1600 + (seed * 2654435761 % 4400)
        body, images, headings = issue_body(number, seed, target)
        date = f"{year}-{month:02d}-{day:02d}"
        jb_file = os.path.join(jb, "Content", slug, str(year), f"{number}.md")
        write(jb_file, f"---\nnumber: {number}\ndate: {date}\n---\n\n{body}")
        bundle = os.path.join(hugo, "content", slug, str(year), str(number))
        hugo_title = headings[0].replace('"', '\\"')
        write(os.path.join(bundle, "index.md"),
              f'---\ntitle: "{hugo_title}"\nnumber: {number}\ndate: {date}\n---\n\n{body}')
        for image in images:
            data = fake_jpeg(number)
            write(os.path.join(jb, "Content", slug, str(year), image), data)
            write(os.path.join(bundle, image), data)
        total += len(body.encode())
    print(f"{args.issues} issues, {total / args.issues / 1024:.1f} KiB of Markdown an issue on average, in {out}")


if __name__ == "__main__":
    main()
