/* jianbao print.js: in a browser, tightens the last page's line pitch so that the 署名 and date stay
 * with the text (see fit), puts the 报尾 (or the 版记) at the foot of the last printed page, the 版记
 * on an even page (a blank page before it when needed).
 *
 * Nothing here is needed to read a page: it runs only on `beforeprint`. Browsers have no paged
 * floats (WeasyPrint uses `float: footnote`, see print.css), so this measures where the block would
 * land and pads it down. Before printing a browser still lays the page out for the screen, so the
 * print rules (print.css) are switched on for a moment and the sheet is laid out in columns exactly
 * one 版心 (156 x 225 mm) big: columns break where pages break. The gap goes into the custom
 * property --foot-gap, which only print.css reads, so the screen never sees it.
 */
(function () {
  'use strict';

  function printStyles() {
    var links = document.querySelectorAll('link[rel~="stylesheet"][media="print"]');
    return Array.prototype.slice.call(links);
  }

  // 横排 tables (print.css): a table, or a 附件 that holds one, prints on turned pages of its own.
  // Each is measured here in columns one turned 版心 (225 x 156 mm) big, then stands for that many
  // whole columns while the sheet is measured.
  function holdLandscape(sheet) {
    var blocks = sheet.querySelectorAll('.attachment:has(.landscape-table), .landscape-table');
    var held = [];
    Array.prototype.forEach.call(blocks, function (block) {
      if (!block.classList.contains('attachment') && block.closest('.attachment:has(.landscape-table)')) return;
      block.classList.add('print-landscape-measure');
      var pages = Math.max(1, Math.ceil(block.scrollWidth / block.clientWidth - 0.01));
      block.classList.remove('print-landscape-measure');
      block.style.setProperty('--landscape-pages', String(pages));
      block.classList.add('print-landscape-held');
      held.push(block);
    });
    return held;
  }

  function place() {
    var sheet = document.querySelector('.sheet');
    if (!sheet) return;
    var foot = sheet.querySelector(':scope > .imprint, :scope > .trailer');
    if (!foot) return;
    var last = sheet.lastElementChild;
    var links = printStyles();
    var blank = sheet.querySelector(':scope > .print-blank');
    if (blank) blank.remove();
    foot.style.removeProperty('--foot-gap');
    foot.classList.remove('foot-alone', 'foot-turn');
    links.forEach(function (link) { link.media = 'all'; });
    var held = holdLandscape(sheet);
    sheet.classList.add('print-measure');
    try {
      var box = sheet.getBoundingClientRect();
      var top = foot.getBoundingClientRect().top - box.top;
      var bottom = last.getBoundingClientRect().bottom - box.top;
      var padding = parseFloat(getComputedStyle(foot).paddingTop) || 0;
      // Half a pixel to spare, so that rounding never pushes it onto another page.
      var gap = Math.max(padding, padding + box.height - bottom - 0.5);
      foot.style.setProperty('--foot-gap', gap.toFixed(2) + 'px');
      // At the top of a column: it did not fit under the text and has a page to itself, which
      // carries no page number (GB/T 9704 7.5).
      var alone = top < 1;
      if (alone) foot.classList.add('foot-alone');
      // The 版记 goes on an even page, the back of the last sheet (7.4): from an odd page it turns
      // to the next one, alone, with a blank page between when it was alone already.
      var page = Math.floor((foot.getBoundingClientRect().left - box.left + 1) / box.width) + 1;
      if (foot.classList.contains('imprint') && page % 2 === 1) {
        var content = (foot.firstElementChild || foot).getBoundingClientRect().height;
        foot.classList.add('foot-alone', 'foot-turn');
        foot.style.setProperty('--foot-gap', Math.max(padding, box.height - content - 0.5).toFixed(2) + 'px');
        if (alone) {
          blank = document.createElement('div');
          blank.className = 'print-blank';
          sheet.insertBefore(blank, foot);
        }
      }
      sheet.setAttribute('data-print-pages', String(Math.round(sheet.scrollWidth / box.width)));
    } finally {
      sheet.classList.remove('print-measure');
      held.forEach(function (block) { block.classList.remove('print-landscape-held'); });
      links.forEach(function (link) { link.media = 'print'; });
    }
  }

  // GB/T 9704 7.3.5: when the space left cannot hold the 署名 and 成文日期 (and a seal), the line
  // spacing may be adjusted. When the 落款 (.signoff: 署名, seal, date, whatever its height) would go to
  // a page of its own, the blocks of the text that start on the page before it, the 落款 and the 附注
  // get a tighter line pitch (class fit-tight, --fit-row on the sheet; print.css), down to FIT_MIN_PITCH
  // pt; when that does not bring the 落款 back, nothing changes. WeasyPrint does the same (JianbaoPrint).
  var FIT_MIN_PITCH = 26;
  var ROW_PX = 10.22 / 25.4 * 96;
  var FIT_BLOCKS = 'p, h2, h3, h4, h5, h6, li, dt, dd, .attachment-note, .minutes-lists, table, figure, img';
  var FIT_OUTSIDE = '.doc-head, .doc-flags, .draft-flag, .imprint, .trailer, .part, .attachment';

  function fit() {
    var sheet = document.querySelector('.sheet');
    var signoff = sheet && sheet.querySelector(':scope > .signoff');
    if (!signoff || !signoff.lastElementChild) return;
    Array.prototype.forEach.call(sheet.querySelectorAll('.fit-tight'), function (el) { el.classList.remove('fit-tight'); });
    sheet.style.removeProperty('--fit-row');
    var links = printStyles();
    links.forEach(function (link) { link.media = 'all'; });
    sheet.classList.add('print-measure');
    try {
      var box = sheet.getBoundingClientRect();
      var pageOf = function (rect) { return Math.floor((rect.left - box.left + 1) / box.width) + 1; };
      var datePage = function () { return pageOf(signoff.lastElementChild.getBoundingClientRect()); };
      var page = datePage();
      if (page < 2) return;
      var tail = [signoff];
      var note = sheet.querySelector(':scope > .annotation');
      if (note) tail.push(note);
      // every fragment of the text's blocks before the 落款 and of the 落款, with its page
      var chosen = [];
      var lastOnPage = null;   // the bottom of the text on the page before
      var top = null;          // the top of the first block that starts on it
      var blocks = sheet.querySelectorAll(FIT_BLOCKS);
      for (var i = 0; i < blocks.length; i++) {
        var el = blocks[i];
        if (!(el.compareDocumentPosition(signoff) & Node.DOCUMENT_POSITION_FOLLOWING) || el.closest(FIT_OUTSIDE)) continue;
        var rects = el.getClientRects();
        if (!rects.length) continue;
        for (var j = 0; j < rects.length; j++) {
          if (pageOf(rects[j]) === page - 1) lastOnPage = Math.max(lastOnPage || 0, rects[j].bottom - box.top);
        }
        if (pageOf(rects[0]) < page - 1) continue;
        if (el.matches('table, figure, img')) return;   // not made of rows
        chosen.push(el);
        if (pageOf(rects[0]) === page - 1 && top === null) top = rects[0].top - box.top;
      }
      if (top === null || lastOnPage === null) return;
      var alone = chosen.every(function (el) {
        return Array.prototype.every.call(el.getClientRects(), function (rect) { return pageOf(rect) !== page; });
      });
      // rows on the 落款's page, from its top to the 落款's (or 附注's) end
      var end = 0, startsWithTail = true;
      var firstOnPage = null;
      chosen.concat(tail).forEach(function (el) {
        Array.prototype.forEach.call(el.getClientRects(), function (rect) {
          if (pageOf(rect) !== page) return;
          end = Math.max(end, rect.bottom - box.top);
          if (firstOnPage === null || rect.top < firstOnPage) {
            firstOnPage = rect.top;
            startsWithTail = tail.indexOf(el) >= 0;
          }
        });
      });
      var rows = Math.round((lastOnPage - top) / ROW_PX) + Math.round(end / ROW_PX) + (startsWithTail ? 1 : 0);
      var pitch = Math.floor((box.height - top - 0.5) * 0.75 / rows * 100) / 100;
      if (pitch >= FIT_MIN_PITCH && pitch < ROW_PX * 0.75 - 0.01) {
        sheet.style.setProperty('--fit-row', pitch + 'pt');
        chosen.concat(tail).forEach(function (el) { el.classList.add('fit-tight'); });
        box = sheet.getBoundingClientRect();
        if (datePage() === page - 1) return;
        chosen.concat(tail).forEach(function (el) { el.classList.remove('fit-tight'); });
        sheet.style.removeProperty('--fit-row');
      }
      // Too far over to tighten: the 落款 never stands alone (WeasyPrint keeps it with the text's
      // last lines, widows 2 and break-before: avoid; Chromium ignores that here), so the last two
      // lines of the paragraph before it go to its page.
      if (alone && chosen.length && chosen[chosen.length - 1].matches('p')) pull(chosen[chosen.length - 1], pageOf);
    } finally {
      sheet.classList.remove('print-measure');
      links.forEach(function (link) { link.media = 'print'; });
    }
  }

  // Parts a paragraph before the start of its last but one line: the first part keeps its last line
  // flush (fit-split), the rest (fit-rest) starts a page, without an indent. afterprint joins them.
  function pull(paragraph, pageOf) {
    var walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    var starts = [], lastTop = null, node, range = document.createRange();
    while ((node = walker.nextNode())) {
      for (var i = 0; i < node.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        var rect = range.getClientRects()[0];
        if (!rect) continue;
        var key = pageOf(rect) * 100000 + Math.round(rect.top);
        if (lastTop === null || key > lastTop + 2) starts.push({ node: node, offset: i });
        lastTop = key;
      }
    }
    if (starts.length < 3) {
      paragraph.classList.add('fit-pulled');
      return;
    }
    var rest = paragraph.cloneNode(false);
    rest.removeAttribute('id');
    var start = starts[starts.length - 2];
    range.setStart(start.node, start.offset);
    range.setEndAfter(paragraph.lastChild);
    rest.appendChild(range.extractContents());
    rest.classList.add('fit-rest');
    paragraph.classList.add('fit-split');
    paragraph.parentNode.insertBefore(rest, paragraph.nextSibling);
  }

  function unpull() {
    Array.prototype.forEach.call(document.querySelectorAll('.fit-rest'), function (rest) {
      var paragraph = rest.previousElementSibling;
      while (rest.firstChild) paragraph.appendChild(rest.firstChild);
      paragraph.classList.remove('fit-split');
      paragraph.normalize();
      rest.remove();
    });
    Array.prototype.forEach.call(document.querySelectorAll('.fit-pulled'), function (el) { el.classList.remove('fit-pulled'); });
  }

  window.addEventListener('beforeprint', function () {
    unpull();
    fit();
    place();
  });
  window.addEventListener('afterprint', unpull);
})();
