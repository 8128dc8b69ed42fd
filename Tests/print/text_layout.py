"""The text layout of each PDF of the example archive against its reviewed snapshot.

`pdftotext -layout` gives each page as lines of text placed as on paper (columns by spaces, page by
page): a word changed, a line broken elsewhere, a paragraph moved to another page all show. The
snapshots are Tests/Golden/print/<engine>/<the PDF's path without .pdf>/page-NN.txt, one file a
page (trailing spaces dropped). A difference fails with a unified diff of the first page that
differs (`-` the snapshot, `+` the PDF). With JIANBAO_UPDATE_GOLDEN=1 (refused under CI=true) the
snapshots are written instead: `bash Tests/Golden/refresh.sh --print`, then review `git diff`.
Standard library and poppler-utils only.
"""
import difflib
import os
import shutil
import subprocess

GOLDEN = os.path.join("Tests", "Golden", "print")
REFRESH = "bash Tests/Golden/refresh.sh --print"


def page_texts(pdf):
    """Each page's text with its layout, trailing spaces and blank lines at its end dropped."""
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"],
                          check=True, capture_output=True, text=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends every page, the last too, with a form feed
    return ["\n".join(line.rstrip() for line in page.split("\n")).rstrip("\n") + "\n" for page in pages]


def page_file(folder, number):
    return os.path.join(folder, f"page-{number:02d}.txt")


def snapshot(folder):
    """The snapshot's pages, page-01.txt, page-02.txt … up to the first missing one."""
    pages = []
    while os.path.isfile(page_file(folder, len(pages) + 1)):
        with open(page_file(folder, len(pages) + 1), encoding="utf-8") as f:
            pages.append(f.read())
    return pages


class TextLayout:
    """Compares (or, when updating, writes) the snapshots of one engine's PDFs."""

    def __init__(self, engine, update):
        self.engine = engine
        self.update = update
        self.root = os.path.join(GOLDEN, engine)
        self.seen = set()
        # Written again in full, so no snapshot of a PDF no longer made stays; removed at the first
        # PDF, not before: an engine missing here leaves its snapshots alone.
        self.cleared = not update


    def check(self, c, relative, pdf):
        folder = os.path.join(self.root, relative[:-4])
        self.seen.add(os.path.normpath(folder))
        actual = page_texts(pdf)
        if self.update:
            if not self.cleared and os.path.isdir(self.root):
                shutil.rmtree(self.root)
            self.cleared = True
            os.makedirs(folder, exist_ok=True)
            for number, text in enumerate(actual, start=1):
                with open(page_file(folder, number), "w", encoding="utf-8") as f:
                    f.write(text)
            print(f"  wrote {len(actual)} pages of text layout to {folder}")
            return True
        expected = snapshot(folder)
        name = f"{self.engine}: {relative}: the text layout of its {len(actual)} pages is the reviewed snapshot in {folder}"
        if not expected:
            return c.check(name, False, f"there is no snapshot: make it with `{REFRESH}` and review it")
        differing = next((n for n in range(max(len(expected), len(actual)))
                          if n >= len(expected) or n >= len(actual) or expected[n] != actual[n]), None)
        if differing is None:
            return c.check(name, True)
        before = expected[differing] if differing < len(expected) else ""
        after = actual[differing] if differing < len(actual) else ""
        diff = "".join(difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True),
            fromfile=page_file(folder, differing + 1), tofile=f"{pdf} page {differing + 1}"))
        count = "" if len(expected) == len(actual) else f"the snapshot has {len(expected)} pages, the PDF {len(actual)}; "
        return c.check(name, False, f"{count}page {differing + 1} differs (if the change is meant: `{REFRESH}`, "
                                    f"review `git diff {GOLDEN}`, commit):\n{diff}")

    def check_nothing_stale(self, c):
        """Every snapshot belongs to a PDF that was made."""
        if self.update or not os.path.isdir(self.root):
            return
        stale = sorted(os.path.normpath(folder) for folder, _, files in os.walk(self.root)
                       if any(f.startswith("page-") for f in files) and os.path.normpath(folder) not in self.seen)
        c.check(f"{self.engine}: every text-layout snapshot belongs to a PDF of Content/", not stale,
                f"{', '.join(stale)} (refresh with `{REFRESH}`)")
