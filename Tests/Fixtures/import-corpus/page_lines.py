#!/usr/bin/env python3
"""The lines of text of a saved web page, as a browser breaks them (block elements, <br>, table
cells), using only Python's own html.parser: the oracle ImportCorpusTests checks import's HTML
reading against. Prints one line per line, blank lines left out."""
import sys
from html.parser import HTMLParser

BREAKS = {"p", "div", "br", "tr", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
          "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "section", "article", "header", "footer",
          "nav", "aside", "main", "form", "center", "hr", "caption", "tbody", "thead", "tfoot"}
SKIP = {"script", "style", "noscript", "template", "title", "textarea", "select", "head", "iframe"}


class Lines(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.line, self.skipping = [], "", 0

    def end_line(self):
        text = " ".join(self.line.replace("\u00a0", " ").split())
        if text:
            self.lines.append(text)
        self.line = ""

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skipping += 1
        elif tag in BREAKS:
            self.end_line()

    def handle_startendtag(self, tag, attrs):
        if tag in BREAKS:
            self.end_line()

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BREAKS:
            self.end_line()

    def handle_data(self, data):
        if not self.skipping:
            self.line += data


parser = Lines()
parser.feed(open(sys.argv[1], encoding="utf-8", errors="replace").read())
parser.close()
parser.end_line()
print("\n".join(parser.lines))
