/* jianbao print.js: in a browser, puts the 报尾 (or the 版记) at the foot of the last printed page.
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

  function place() {
    var sheet = document.querySelector('.sheet');
    if (!sheet) return;
    var foot = sheet.querySelector(':scope > .imprint, :scope > .trailer');
    if (!foot) return;
    var last = sheet.lastElementChild;
    var links = printStyles();
    foot.style.removeProperty('--foot-gap');
    foot.classList.remove('foot-alone');
    links.forEach(function (link) { link.media = 'all'; });
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
      if (top < 1) foot.classList.add('foot-alone');
      sheet.setAttribute('data-print-pages', String(Math.round(sheet.scrollWidth / box.width)));
    } finally {
      sheet.classList.remove('print-measure');
      links.forEach(function (link) { link.media = 'print'; });
    }
  }

  window.addEventListener('beforeprint', place);
})();
