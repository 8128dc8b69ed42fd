/* jianbao: the 长者模式 switch (larger type and spacing, higher contrast, larger controls; gov.css).
 *
 * Loaded in <head> without `defer`, so the reader's choice applies before the page is first drawn:
 * it marks <html> with `js` (which shows the switch: without JavaScript it could do nothing, and
 * gov.css hides it) and, when the choice is on, with `elder`. The choice is kept in localStorage
 * (where the browser allows it) under the key below, for every page of the archive. */
(function () {
  "use strict";
  var key = "jianbao-elder";
  var root = document.documentElement;
  var stored = null;
  try { stored = window.localStorage.getItem(key); } catch (error) { /* storage refused: the page's choice only */ }
  root.classList.add("js");
  if (stored === "1") { root.classList.add("elder"); }

  function remember(on) {
    try {
      if (on) { window.localStorage.setItem(key, "1"); } else { window.localStorage.removeItem(key); }
    } catch (error) { /* not remembered: nothing else to do */ }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("elder-toggle");
    if (!button) { return; }
    function show() { button.setAttribute("aria-pressed", root.classList.contains("elder") ? "true" : "false"); }
    show();
    button.addEventListener("click", function () {
      var on = !root.classList.contains("elder");
      root.classList.toggle("elder", on);
      remember(on);
      show();
    });
  });
})();
