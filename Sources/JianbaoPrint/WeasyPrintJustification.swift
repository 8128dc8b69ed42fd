extension WeasyPrintEngine {
    /// Python run before the batch: justification between characters for WeasyPrint.
    ///
    /// WeasyPrint justifies a line only at its spaces (its `justify_line` spreads the slack over
    /// the spaces), so a justified line of Chinese, which has none, stays short of the right edge
    /// by up to a few characters. GB/T 9704 text is justified, as Word and WPS set it, and Chromium
    /// spreads the characters. This replaces that one step, for the pages jianbao prints: the slack
    /// of a justified line goes evenly between every two characters of the line (CSS's
    /// `text-justify: inter-character`), added to the advance of every glyph but the line's last,
    /// so that the last one ends at the right edge. Line breaking, the last
    /// line of a paragraph and everything else stay WeasyPrint's own, except that a page gets a
    /// zero-width space where Chromium (ICU) may break at a quotation mark and Pango may not.
    /// Written against WeasyPrint 70.0, the version CI pins; the print check
    /// (`Tests/print/check_print.py`) measures the result.
    static let justification = #"""
import re as _re

from weasyprint.formatting_structure import boxes as _boxes
from weasyprint.layout import inline as _inline
from weasyprint.text import line_break as _line_break
from weasyprint.text.ffi import FROM_UNITS as _FROM_UNITS, TO_UNITS as _TO_UNITS, ffi as _ffi, pango as _pango


_ZWSP = "\u200b"
_IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Pango follows the line-breaking rules of Unicode before 15.1: no break on either side of a
# quotation mark, so 建“省级 and 同行”专项 hold together; ICU, and so Chromium, breaks there in
# Chinese text, as Word does (but not between ” and “). A zero-width space gives Pango the same
# places to break.
_QUOTE_BREAKS = _re.compile("(?<=[%s，。、；：？！）》」』])(?=[“‘])|(?<=[”’])(?=[%s（《「『])" % (_IDEOGRAPH, _IDEOGRAPH))


def _with_quote_breaks(html):
    """The page with a zero-width space before an opening quotation mark and after a closing one
    between Chinese characters, in the text only (not inside tags)."""
    parts = _re.split(r"(<[^>]*>)", html)
    return "".join(part if part.startswith("<") else _QUOTE_BREAKS.sub(_ZWSP, part) for part in parts)


class _Spread(float):
    """Letter spacing to add between a text box's characters; `last`: not after its last one."""
    def __new__(cls, value, last):
        spread = super().__new__(cls, value)
        spread.last = last
        return spread


def _text_boxes(box):
    if isinstance(box, _boxes.TextBox):
        yield box
    elif isinstance(box, (_boxes.LineBox, _boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_boxes(child)


def _characters(text):
    return len(text) - text.count(_ZWSP)


def _spread(context, box, spacing, last, advance):
    if isinstance(box, _boxes.TextBox):
        box.position_x += advance
        gaps = _characters(box.text) - (1 if box is last else 0)
        if gaps > 0:
            box.justification_spacing = _Spread(spacing, box is last)
            layout = _line_break.create_layout(box.text, box.style, context, None, box.justification_spacing)
            layout.deactivate()
            box.pango_layout = layout
            box.width += spacing * gaps
            advance += spacing * gaps
    elif isinstance(box, (_boxes.LineBox, _boxes.InlineBox)):
        box.position_x += advance
        start = advance
        for child in box.children:
            if child.is_in_normal_flow():
                advance = _spread(context, child, spacing, last, advance)
        box.width += advance - start
    else:
        box.translate(advance, 0)
    return advance


def _justify_line(context, line, extra_width):
    texts = [box for box in _text_boxes(line) if _characters(box.text)]
    characters = sum(_characters(box.text) for box in texts)
    if characters > 1 and extra_width > 0:
        _spread(context, line, extra_width / (characters - 1), texts[-1], 0)


_set_text = _line_break.Layout.set_text


def _set_text_spread(self, text, justify=False):
    """At drawing time, widens each glyph's advance by the spread (not the last one's when the box
    ends the line), then writes the advances so that the PDF gets them exactly (see _exact)."""
    spread = self.justification_spacing
    if not isinstance(spread, _Spread):
        return _set_text(self, text, justify)
    self.justification_spacing = 0
    try:
        _set_text(self, text, justify)
    finally:
        self.justification_spacing = spread
    if not (justify and spread and self.text):
        return
    # set now, so that drawing (which sets it too) does not lay the text out again
    _pango.pango_layout_set_single_paragraph_mode(self.layout, True)
    line = _pango.pango_layout_get_line_readonly(self.layout, 0)
    runs = []
    run = line.runs
    while run != _ffi.NULL:
        runs.append(run.data)
        run = run.next
    glyphs = [(item, item.glyphs.glyphs[i]) for item in runs for i in range(item.glyphs.num_glyphs)]
    visible = [glyph for _, glyph in glyphs if glyph.glyph != _pango.PANGO_GLYPH_EMPTY]
    units = int(round(spread * _TO_UNITS))
    for glyph in visible[:-1] if spread.last else visible:
        glyph.geometry.width += units
    _exact(glyphs)


_rectangle = _ffi.new('PangoRectangle *')


def _exact(glyphs):
    """WeasyPrint writes each glyph's advance to the PDF as the font's width less a whole number
    of thousandths of an em, truncated (not rounded), and its offset with 1000/1024 taken as 1:
    over a letter-spaced line of 28 characters that adds up to a few tenths of a point. Here every
    glyph gets the advance, in whole thousandths of its font size, that puts the next glyph where
    Pango placed it (errors carried forward, not added up), with no offset, and a width that
    WeasyPrint's truncation turns into exactly that advance."""
    pango_position = 0.0   # px, where Pango puts the next glyph's origin
    written = 0.0          # px, where the PDF will put it
    for index, (item, glyph) in enumerate(glyphs):
        if glyph.glyph & _pango.PANGO_GLYPH_UNKNOWN_FLAG:
            return  # drawn another way: leave the rest of the line as Pango set it
        font = item.item.analysis.font
        description = _pango.pango_font_describe_with_absolute_size(font)
        size = _pango.pango_font_description_get_size(description) * _FROM_UNITS
        _pango.pango_font_description_free(description)
        following = (glyphs[index + 1][1].geometry.x_offset * _FROM_UNITS) if index + 1 < len(glyphs) else 0
        pango_position += glyph.geometry.width * _FROM_UNITS
        advance = round((pango_position + following - written) * 1000 / size)
        written += advance * size / 1000
        glyph.geometry.x_offset = 0
        if glyph.glyph == _pango.PANGO_GLYPH_EMPTY:
            # a zero-width space (see _with_quote_breaks): written as a plain offset, width / size
            glyph.geometry.width = int(round(advance * size))
            continue
        _pango.pango_font_get_glyph_extents(font, glyph.glyph, _ffi.NULL, _rectangle)
        scale = 1000 * _FROM_UNITS / size          # thousandths of an em per Pango unit
        logical = round(_rectangle.width * scale)  # the width WeasyPrint gives the font's glyph
        kerning = logical - advance                # what WeasyPrint will write, as a whole number
        target = kerning + (0.4 if kerning >= 0 else -0.4)
        glyph.geometry.width = int(round((logical - target) / scale))


_inline.justify_line = _justify_line
_line_break.Layout.set_text = _set_text_spread
"""#
}
