/* jianbao's static full-text search (the page search/index.html).
 *
 * The index is written by `jianbao build` (Sources/JianbaoRender/SearchIndex.swift; the rules below
 * must stay the same as there): postings of character bigrams, split into shards by a hash of the
 * bigram, in search/shards/<k>.js, and one file per document in search/docs/<id>.js. Both are script
 * files that call back into window.jianbaoSearch, so the search works from file:// too, where a
 * page may load scripts but not fetch files.
 *
 * A query is split at spaces into terms of two or more characters; every term must occur. A term
 * of n characters is checked at the bigrams 0, 2, 4 … and n-2, which cover every character: their
 * positions say exactly where the term occurs, without loading any document. Only the documents
 * of the results shown are loaded, to cut the passage around the match.
 */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) { return; }
  var root = box.getAttribute("data-root") || "";
  var shardCount = parseInt(box.getAttribute("data-shards"), 10) || 1;
  var pageSize = 10;
  var form = box.querySelector("form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var shards = {};
  var docs = {};
  var loading = {};
  var current = null;

  window.jianbaoSearch = {
    shard: function (k, data) { shards[k] = data; },
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

  /* One UTF-16 unit in, one out: full-width ASCII as ASCII, ASCII lower case, ideographic space as space. */
  function normalize(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xFF01 && c <= 0xFF5E) { c -= 0xFEE0; }
      if (c === 0x3000 || c === 0xA0) { c = 0x20; }
      if (c >= 0x41 && c <= 0x5A) { c += 0x20; }
      out += String.fromCharCode(c);
    }
    return out;
  }

  /* FNV-1a, 32 bits, over the two UTF-16 units of a bigram, then MurmurHash3's final mix. */
  function shardOf(bigram) {
    var h = 2166136261;
    for (var i = 0; i < 2; i++) {
      h = Math.imul(h ^ bigram.charCodeAt(i), 16777619) >>> 0;
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85EBCA6B) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xC2B2AE35) >>> 0;
    h ^= h >>> 16;
    return (h >>> 0) % shardCount;
  }

  function coveringOffsets(length) {
    var offsets = [];
    for (var o = 0; o <= length - 2; o += 2) { offsets.push(o); }
    if (offsets[offsets.length - 1] !== length - 2) { offsets.push(length - 2); }
    return offsets;
  }

  /* The postings of a bigram as { documentId: Set of positions }. */
  function postings(bigram) {
    var shard = shards[shardOf(bigram)] || {};
    var byDocument = {};
    if (!Object.prototype.hasOwnProperty.call(shard, bigram)) { return byDocument; }
    var lists = shard[bigram];
    for (var i = 0; i < lists.length; i++) {
      var entry = lists[i];
      var positions = new Set();
      var position = 0;
      for (var j = 1; j < entry.length; j++) {
        position = j === 1 ? entry[1] : position + entry[j];
        positions.add(position);
      }
      byDocument[entry[0]] = positions;
    }
    return byDocument;
  }

  /* Where a term occurs: { documentId: [positions] }. */
  function findTerm(term) {
    var offsets = coveringOffsets(term.length);
    var lists = offsets.map(function (o) { return postings(term.substr(o, 2)); });
    var found = {};
    Object.keys(lists[0]).forEach(function (id) {
      var hits = [];
      lists[0][id].forEach(function (p) {
        for (var k = 1; k < offsets.length; k++) {
          var other = lists[k][id];
          if (!other || !other.has(p + offsets[k])) { return; }
        }
        hits.push(p);
      });
      if (hits.length) { found[id] = hits.sort(function (a, b) { return a - b; }); }
    });
    return found;
  }

  function termsOf(query) {
    return normalize(query).split(/\s+/).filter(function (t) { return t.length >= 2; });
  }

  function setState(state) { box.setAttribute("data-state", state); }

  function run(query) {
    var terms = termsOf(query);
    list.textContent = "";
    more.hidden = true;
    if (!query.trim()) { status.textContent = ""; setState("ready"); return Promise.resolve(); }
    if (!terms.length) { status.textContent = "请至少输入两个字。"; setState("done"); return Promise.resolve(); }
    setState("searching");
    status.textContent = "正在搜索……";
    var needed = {};
    terms.forEach(function (term) {
      coveringOffsets(term.length).forEach(function (o) { needed[shardOf(term.substr(o, 2))] = true; });
    });
    var token = {};
    current = token;
    return Promise.all(Object.keys(needed).map(function (k) { return load("search/shards/" + k + ".js"); }))
      .then(function () {
        if (current !== token) { return; }
        var perTerm = terms.map(findTerm);
        var ids = Object.keys(perTerm[0]).filter(function (id) {
          return perTerm.every(function (found) { return found[id]; });
        }).map(Number).sort(function (a, b) { return a - b; });
        var occurrences = 0;
        ids.forEach(function (id) { perTerm.forEach(function (found) { occurrences += found[id].length; }); });
        var result = { query: query, terms: terms, ids: ids, perTerm: perTerm, shown: 0, occurrences: occurrences };
        window.jianbaoSearch.lastResult = result;
        if (!ids.length) {
          status.textContent = "没有找到“" + query.trim() + "”。";
          setState("done");
          return;
        }
        status.textContent = "找到" + ids.length + "份简报和文件，共" + occurrences + "处，按日期排列，新的在前。";
        return showMore(result, token);
      })
      .catch(function () {
        status.textContent = "搜索索引没有加载成功，请刷新页面再试。";
        setState("error");
      });
  }

  function showMore(result, token) {
    var batch = result.ids.slice(result.shown, result.shown + pageSize);
    setState("searching");
    return Promise.all(batch.map(function (id) { return load("search/docs/" + id + ".js"); }))
      .then(function () {
        if (current !== token) { return; }
        batch.forEach(function (id) { list.appendChild(renderResult(id, result)); });
        result.shown += batch.length;
        more.hidden = result.shown >= result.ids.length;
        setState("done");
      });
  }

  /* Matched ranges [start, end) of every term in a document, merged. */
  function ranges(id, result) {
    var all = [];
    result.perTerm.forEach(function (found, t) {
      (found[id] || []).forEach(function (p) { all.push([p, p + result.terms[t].length]); });
    });
    all.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    all.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) { last[1] = Math.max(last[1], r[1]); } else { merged.push([r[0], r[1]]); }
    });
    return merged;
  }

  function renderResult(id, result) {
    var doc = docs[id];
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "search-result-title";
    var link = document.createElement("a");
    var marks = ranges(id, result);
    var first = marks.length ? doc.text.slice(marks[0][0], marks[0][1]) : "";
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
    item.appendChild(heading);
    var meta = document.createElement("p");
    meta.className = "search-result-meta";
    var time = document.createElement("time");
    time.setAttribute("datetime", doc.iso);
    time.textContent = doc.date;
    meta.appendChild(document.createTextNode(doc.series + " · "));
    meta.appendChild(time);
    var count = 0;
    result.perTerm.forEach(function (found) { count += (found[id] || []).length; });
    meta.appendChild(document.createTextNode(" · " + count + "处"));
    item.appendChild(meta);
    passages(doc.text, marks).forEach(function (passage) { item.appendChild(passage); });
    return item;
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

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value;
    try {
      window.history.pushState(null, "", "?q=" + encodeURIComponent(query));
    } catch (e) { /* file:// may refuse; the search still runs */ }
    run(query);
  });
  more.addEventListener("click", function () {
    var result = window.jianbaoSearch.lastResult;
    if (result) { showMore(result, current); }
  });
  window.addEventListener("popstate", function () { input.value = queryFromAddress(); run(input.value); });

  /* For checks and scripts: the ids (newest first) of the documents that have every term of a query. */
  window.jianbaoSearch.find = function (query) {
    var terms = termsOf(query);
    var needed = {};
    terms.forEach(function (term) {
      coveringOffsets(term.length).forEach(function (o) { needed[shardOf(term.substr(o, 2))] = true; });
    });
    return Promise.all(Object.keys(needed).map(function (k) { return load("search/shards/" + k + ".js"); }))
      .then(function () {
        if (!terms.length) { return []; }
        var perTerm = terms.map(findTerm);
        return Object.keys(perTerm[0]).filter(function (id) {
          return perTerm.every(function (found) { return found[id]; });
        }).map(Number).sort(function (a, b) { return a - b; });
      });
  };

  input.value = queryFromAddress();
  var header = document.getElementById("site-search-q");
  if (header) { header.value = input.value; }
  setState("ready");
  run(input.value);
})();
