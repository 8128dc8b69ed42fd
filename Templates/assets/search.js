/* jianbao's static full-text search (the page search/index.html).
 *
 * The index is written by `jianbao build` (Sources/JianbaoSearch; the rules below must stay the same
 * as there, see SearchKeys.swift and SearchPostings.swift). For every character and every pair of
 * adjacent characters (a bigram) of the texts, search/shards/<k>.js names the documents that have it,
 * how often, and whether it is in the title; k is a hash of the key. search/docs/<id>.js holds one
 * document's names and its text (zlib, base64). All are script files that call back into
 * window.jianbaoSearch, so the search works from file:// too, where a page may load scripts but not
 * fetch files. Ids run oldest first.
 *
 * A query is split at white space into terms; a space between a Chinese character and a Latin
 * letter or digit does not count (93 项 = 93项). Every term must occur. A term of one character is
 * looked up as it is; a longer one at the bigrams 0, 2, 4 … and n-2, which cover every character:
 * the documents that have all of them are the candidates. They are ranked (terms in the title first,
 * then how often the terms occur, then the newest), and their texts, loaded ten at a time, say
 * which really have every term, where, and how close together: only those are shown.
 */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) { return; }
  var root = box.getAttribute("data-root") || "";
  var shardCount = parseInt(box.getAttribute("data-shards"), 10) || 1;
  var pageSize = 10;
  /* A one-character query names many documents: the best ones only. */
  var singleCharacterLimit = 100;
  var form = box.querySelector("form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var orderButtons = Array.prototype.slice.call(box.querySelectorAll("[data-order]"));
  var order = /[?&]order=time(&|#|$)/.test(window.location.search) ? "time" : "relevance";
  var shards = {};
  var docs = {};
  var texts = {};
  var loading = {};
  var current = null;

  window.jianbaoSearch = {
    shard: function (k, data) { shards[k] = parseShard(fromBase64(data)); },
    doc: function (id, data) { docs[id] = data; },
    lastResult: null
  };

  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = root + path;
        script.onload = function () { resolve(); };
        script.onerror = function () { delete loading[path]; reject(new Error(path)); };
        document.head.appendChild(script);
      });
    }
    return loading[path];
  }

  function fromBase64(text) {
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes;
  }

  /* A shard's entries: key → the bytes of its postings. */
  function parseShard(bytes) {
    var entries = new Map();
    var at = { i: 0 };
    while (at.i < bytes.length) {
      var key = varint(bytes, at);
      var length = varint(bytes, at);
      var keyText = key > 0xFFFF ? String.fromCharCode(key >>> 16, key & 0xFFFF) : String.fromCharCode(key);
      entries.set(keyText, bytes.subarray(at.i, at.i + length));
      at.i += length;
    }
    return entries;
  }

  function varint(bytes, at) {
    var value = 0, shift = 0, byte;
    do {
      byte = bytes[at.i++];
      value += (byte & 0x7F) * Math.pow(2, shift);
      shift += 7;
    } while (byte >= 0x80);
    return value;
  }

  /* The postings of a key: Map document id → value (count * 2 + 1 when the key is in the title). */
  function postings(key) {
    var found = new Map();
    var entry = (shards[shardOf(key)] || new Map()).get(key);
    if (!entry) { return found; }
    var at = { i: 1 };
    if (entry[0] === 0) {
      var id = -1;
      while (at.i < entry.length) { id += varint(entry, at); found.set(id, varint(entry, at)); }
    } else {
      var size = varint(entry, at), map = at.i;
      at.i += size;
      for (var b = 0; b < size; b++) {
        for (var bit = 0; bit < 8; bit++) {
          if (entry[map + b] & (1 << bit)) { found.set(b * 8 + bit, varint(entry, at)); }
        }
      }
    }
    return found;
  }

  /* One UTF-16 unit in, one out: full-width ASCII as ASCII, ASCII lower case, ideographic and no-break space as space. */
  function normalizeUnit(c) {
    if (c >= 0xFF01 && c <= 0xFF5E) { c -= 0xFEE0; }
    if (c === 0x3000 || c === 0xA0) { c = 0x20; }
    if (c >= 0x41 && c <= 0x5A) { c += 0x20; }
    return c;
  }

  function normalize(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) { out += String.fromCharCode(normalizeUnit(text.charCodeAt(i))); }
    return out;
  }

  function isLatinOrDigit(c) {
    c = normalizeUnit(c);
    return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A);
  }

  function isChinese(c) {
    return (c >= 0x3001 && c <= 0x303F) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
      (c >= 0xFF01 && c <= 0xFFEF) || (c >= 0xD800 && c <= 0xDFFF);
  }

  /* Spaces between a Chinese character and a Latin letter or digit dropped ("93 项" → "93项"). */
  function joiningScripts(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c === 0x20 && out.length && i + 1 < text.length) {
        var before = out.charCodeAt(out.length - 1), after = text.charCodeAt(i + 1);
        var beforeLatin = isLatinOrDigit(before), afterLatin = isLatinOrDigit(after);
        if ((beforeLatin && isChinese(after) && !afterLatin) || (afterLatin && isChinese(before) && !beforeLatin)) { continue; }
      }
      out += text.charAt(i);
    }
    return out;
  }

  /* FNV-1a, 32 bits, over the key's UTF-16 units, then MurmurHash3's final mix. */
  function shardOf(key) {
    var h = 2166136261;
    for (var i = 0; i < key.length; i++) {
      h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85EBCA6B) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xC2B2AE35) >>> 0;
    h ^= h >>> 16;
    return (h >>> 0) % shardCount;
  }

  /* The keys a term is looked up at: itself (one character), or the bigrams 0, 2, 4 … and n-2. */
  function keysOf(term) {
    if (term.length === 1) { return [term]; }
    var keys = [];
    for (var o = 0; o <= term.length - 2; o += 2) { keys.push(term.substr(o, 2)); }
    if ((term.length - 2) % 2) { keys.push(term.substr(term.length - 2, 2)); }
    return keys;
  }

  function termsOf(query) {
    var seen = {};
    return joiningScripts(normalize(query)).split(/[ \t\r\n]+/).filter(function (t) {
      if (!t || seen[t]) { return false; }
      seen[t] = true;
      return true;
    });
  }

  function shardsFor(terms) {
    var needed = {};
    terms.forEach(function (term) { keysOf(term).forEach(function (key) { needed[shardOf(key)] = true; }); });
    return Promise.all(Object.keys(needed).map(function (k) { return load("search/shards/" + k + ".js"); }));
  }

  /* The candidates: documents that have every key of every term, each with an estimate from the
   * index: terms whose keys are all in its title, and how often the terms occur (the rarest key of
   * each). Exact when every term is one key (one or two characters). */
  function candidates(terms) {
    var perTerm = terms.map(function (term) {
      var lists = keysOf(term).map(postings);
      var found = new Map();
      lists[0].forEach(function (value, id) {
        var count = Infinity, title = true;
        for (var k = 0; k < lists.length; k++) {
          var v = lists[k].get(id);
          if (v === undefined) { return; }
          count = Math.min(count, Math.floor(v / 2));
          title = title && (v % 2 === 1);
        }
        found.set(id, { count: count, title: title });
      });
      return found;
    });
    var result = [];
    perTerm[0].forEach(function (_, id) {
      var titles = 0, count = 0;
      for (var t = 0; t < perTerm.length; t++) {
        var hit = perTerm[t].get(id);
        if (!hit) { return; }
        titles += hit.title ? 1 : 0;
        count += hit.count;
      }
      result.push({ id: id, titles: titles, count: count, span: 0 });
    });
    return result;
  }

  function byRelevance(a, b) {
    return (b.titles - a.titles) || (b.count - a.count) || (a.span - b.span) || (b.id - a.id);
  }

  function byTime(a, b) { return b.id - a.id; }

  function sorted(items) { return items.sort(order === "time" ? byTime : byRelevance); }

  function setState(state) { box.setAttribute("data-state", state); }

  /* The text of a loaded document, decompressed once. */
  function textOf(id) {
    if (!texts[id]) {
      var stream = new Blob([fromBase64(docs[id].z)]).stream().pipeThrough(new DecompressionStream("deflate"));
      texts[id] = new Response(stream).text();
    }
    return texts[id];
  }

  /* Where each term occurs in a text: [[positions of term 0], …]. */
  function occurrences(text, terms) {
    var normalized = normalize(text);
    return terms.map(function (term) {
      var at = [], i = normalized.indexOf(term);
      while (i >= 0) { at.push(i); i = normalized.indexOf(term, i + 1); }
      return at;
    });
  }

  /* The shortest stretch of text that holds one occurrence of every term. */
  function shortestSpan(places, terms) {
    if (places.length < 2) { return 0; }
    var all = [];
    places.forEach(function (list, t) { list.forEach(function (p) { all.push([p, t]); }); });
    all.sort(function (a, b) { return a[0] - b[0]; });
    var seen = new Array(places.length).fill(0), distinct = 0, best = Infinity, left = 0;
    for (var right = 0; right < all.length; right++) {
      if (seen[all[right][1]]++ === 0) { distinct++; }
      while (distinct === places.length) {
        best = Math.min(best, all[right][0] + terms[all[right][1]].length - all[left][0]);
        if (--seen[all[left][1]] === 0) { distinct--; }
        left++;
      }
    }
    return best;
  }

  /* Loads the next candidates' documents and keeps those that really have every term, with exact
   * figures; resolves to them, ranked. */
  function verifyNext(result, wanted) {
    var batch = result.candidates.slice(result.next, result.next + wanted);
    result.next += batch.length;
    return Promise.all(batch.map(function (c) { return load("search/docs/" + c.id + ".js"); }))
      .then(function () { return Promise.all(batch.map(function (c) { return textOf(c.id); })); })
      .then(function (loaded) {
        var kept = [];
        batch.forEach(function (c, n) {
          var title = normalize(joiningScripts(docs[c.id].title));
          var places = occurrences(loaded[n], result.terms);
          var inTitle = result.terms.map(function (t) { return title.indexOf(t) >= 0; });
          if (!places.every(function (p, t) { return p.length || inTitle[t]; })) { result.dropped++; return; }
          var count = 0;
          places.forEach(function (p) { count += p.length; });
          kept.push({ id: c.id, titles: inTitle.filter(Boolean).length, count: count, span: shortestSpan(places, result.terms),
                      places: places, text: loaded[n] });
        });
        return sorted(kept);
      });
  }

  function run(query) {
    var terms = termsOf(query);
    list.textContent = "";
    more.hidden = true;
    if (!query.trim() || !terms.length) { status.textContent = ""; setState("ready"); return Promise.resolve(); }
    setState("searching");
    status.textContent = "正在搜索……";
    var token = {};
    current = token;
    return shardsFor(terms)
      .then(function () {
        if (current !== token) { return; }
        var found = sorted(candidates(terms));
        var capped = terms.length === 1 && terms[0].length === 1 && found.length > singleCharacterLimit;
        if (capped) { found = found.slice(0, singleCharacterLimit); }
        var exact = terms.every(function (t) { return keysOf(t).length === 1; });
        var result = { query: query, terms: terms, candidates: found, next: 0, shown: 0, dropped: 0, exact: exact, capped: capped };
        window.jianbaoSearch.lastResult = result;
        if (!found.length) {
          status.textContent = "没有找到“" + query.trim() + "”。";
          setState("done");
          return;
        }
        return showMore(result, token);
      })
      .catch(function () {
        status.textContent = "搜索索引没有加载成功，请刷新页面再试。";
        setState("error");
      });
  }

  function describe(result) {
    var remaining = result.candidates.length - result.next;
    var total = result.shown + remaining;
    var how = order === "time" ? "按时间排列，新的在前" : "按相关程度排列：标题中有的在前，再看出现次数和远近，再看时间";
    var count = remaining && !result.exact ? "至多" + total : String(total);
    var text = "找到" + count + "份简报和文件，" + how + "。";
    if (result.capped) { text = "单字“" + result.terms[0] + "”出现在很多文件中，只列出最相关的" + singleCharacterLimit + "份，" + how + "。"; }
    return text;
  }

  function showMore(result, token) {
    setState("searching");
    function fill(shown) {
      if (shown.length >= pageSize || result.next >= result.candidates.length) { return Promise.resolve(shown); }
      return verifyNext(result, pageSize - shown.length).then(function (kept) { return fill(shown.concat(kept)); });
    }
    return fill([]).then(function (shown) {
      if (current !== token) { return; }
      shown.forEach(function (item) { list.appendChild(renderResult(item, result)); });
      result.shown += shown.length;
      if (!result.shown) { status.textContent = "没有找到“" + result.query.trim() + "”。"; } else { status.textContent = describe(result); }
      more.hidden = result.next >= result.candidates.length;
      setState("done");
    });
  }

  /* Matched ranges [start, end) of every term in a text, merged. */
  function ranges(item, terms) {
    var all = [];
    item.places.forEach(function (list, t) { list.forEach(function (p) { all.push([p, p + terms[t].length]); }); });
    all.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    all.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) { last[1] = Math.max(last[1], r[1]); } else { merged.push([r[0], r[1]]); }
    });
    return merged;
  }

  function renderResult(item, result) {
    var doc = docs[item.id];
    var li = document.createElement("li");
    li.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "search-result-title";
    var link = document.createElement("a");
    var marks = ranges(item, result.terms);
    var first = marks.length ? item.text.slice(marks[0][0], marks[0][1]) : "";
    link.href = root + doc.url + (first ? "#:~:text=" + encodeURIComponent(first) : "");
    if (doc.label && doc.label !== doc.title) {
      var label = document.createElement("span");
      label.className = "entry-label";
      label.textContent = doc.label;
      link.appendChild(label);
      link.appendChild(document.createTextNode(" "));
    }
    link.appendChild(document.createTextNode(doc.title));
    heading.appendChild(link);
    li.appendChild(heading);
    var meta = document.createElement("p");
    meta.className = "search-result-meta";
    var time = document.createElement("time");
    time.setAttribute("datetime", doc.iso);
    time.textContent = doc.date;
    meta.appendChild(document.createTextNode(doc.series + " · " + (doc.number ? doc.number + " · " : "")));
    meta.appendChild(time);
    meta.appendChild(document.createTextNode(" · " + item.count + "处"));
    li.appendChild(meta);
    passages(item.text, marks).forEach(function (passage) { li.appendChild(passage); });
    return li;
  }

  /* Up to two passages, each within one paragraph, the matches in <mark>. */
  function passages(text, marks) {
    var out = [];
    var i = 0;
    while (i < marks.length && out.length < 2) {
      var lineStart = text.lastIndexOf("\n", marks[i][0] - 1) + 1;
      var lineEnd = text.indexOf("\n", marks[i][0]);
      if (lineEnd < 0) { lineEnd = text.length; }
      var start = Math.max(lineStart, marks[i][0] - 30);
      var end = Math.min(lineEnd, Math.max(marks[i][1] + 60, start + 90));
      var p = document.createElement("p");
      p.className = "search-passage";
      if (start > lineStart) { p.appendChild(document.createTextNode("…")); }
      var at = start;
      while (i < marks.length && marks[i][0] < end) {
        var from = Math.max(marks[i][0], at);
        var to = Math.min(marks[i][1], end);
        if (from > at) { p.appendChild(document.createTextNode(text.slice(at, from))); }
        var mark = document.createElement("mark");
        mark.textContent = text.slice(from, to);
        p.appendChild(mark);
        at = to;
        i++;
      }
      if (end > at) { p.appendChild(document.createTextNode(text.slice(at, end))); }
      if (end < lineEnd) { p.appendChild(document.createTextNode("…")); }
      out.push(p);
    }
    return out;
  }

  function queryFromAddress() {
    var match = /[?&]q=([^&#]*)/.exec(window.location.search);
    if (!match) { return ""; }
    try { return decodeURIComponent(match[1].replace(/\+/g, " ")); } catch (e) { return ""; }
  }

  function remember(query) {
    try {
      window.history.pushState(null, "", "?q=" + encodeURIComponent(query) + (order === "time" ? "&order=time" : ""));
    } catch (e) { /* file:// may refuse; the search still runs */ }
  }

  function showOrder() {
    orderButtons.forEach(function (button) { button.setAttribute("aria-pressed", String(button.getAttribute("data-order") === order)); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    remember(input.value);
    run(input.value);
  });
  var orderLine = document.getElementById("search-order");
  if (orderLine) { orderLine.hidden = false; }
  orderButtons.forEach(function (button) {
    button.addEventListener("click", function () {
      order = button.getAttribute("data-order");
      showOrder();
      remember(input.value);
      run(input.value);
    });
  });
  more.addEventListener("click", function () {
    var result = window.jianbaoSearch.lastResult;
    if (result) { showMore(result, current); }
  });
  window.addEventListener("popstate", function () {
    input.value = queryFromAddress();
    order = /[?&]order=time(&|#|$)/.test(window.location.search) ? "time" : "relevance";
    showOrder();
    run(input.value);
  });

  /* For checks and scripts: the ids of the documents that have every term of a query, in the
   * order the page shows them (all of them: every candidate's text is loaded). */
  window.jianbaoSearch.find = function (query) {
    var terms = termsOf(query);
    if (!terms.length) { return Promise.resolve([]); }
    return shardsFor(terms).then(function () {
      var result = { terms: terms, candidates: sorted(candidates(terms)), next: 0, dropped: 0 };
      return verifyNext(result, result.candidates.length).then(function (kept) { return kept.map(function (k) { return k.id; }); });
    });
  };

  /* For checks: a document's names and text. */
  window.jianbaoSearch.document = function (id) {
    return load("search/docs/" + id + ".js").then(function () { return textOf(id); }).then(function (text) {
      return { url: docs[id].url, title: docs[id].title, text: text };
    });
  };

  input.value = queryFromAddress();
  var header = document.getElementById("site-search-q");
  if (header) { header.value = input.value; }
  showOrder();
  setState("ready");
  run(input.value);
})();
