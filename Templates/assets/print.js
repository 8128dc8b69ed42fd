/* jianbao print.js: in a browser, puts the 报尾 (or the 版记) at the foot of the last printed page,
 * the 版记 on an even page (a blank page before it when needed).
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

  window.addEventListener('beforeprint', place);
})();
