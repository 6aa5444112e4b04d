"use strict";
(function () {
  var NS = "http://www.w3.org/2000/svg";
  var $ = function (id) { return document.getElementById(id); };
  var sort = { field: "name", asc: true };
  var scorers = [];
  var tableTimer = null;

  function text(id, v) { $(id).textContent = v === null || v === undefined ? "-" : String(v); }
  function num(v, d) { return v === null || v === undefined ? "-" : (+v).toFixed(d === undefined ? 3 : d); }
  function duration(s) {
    if (s === null || s === undefined) { return "-"; }
    s = Math.round(s);
    return s >= 3600 ? Math.floor(s / 3600) + " h " + Math.floor(s % 3600 / 60) + " min"
      : s >= 60 ? Math.floor(s / 60) + " min " + s % 60 + " s" : s + " s";
  }
  function get(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r;
    });
  }

  /** The counts, rate, ETA, usage and failures of a /api/run snapshot. */
  function progress(s) {
    var c = s.counts;
    text("run", s.run);
    var badge = $("status");
    badge.textContent = s.status;
    badge.className = "badge " + s.status;
    text("done", c.done);
    text("selected", c.selected === null ? "?" : c.selected);
    text("failed", c.failed + c.no_explanation);
    text("skipped", c.skipped);
    text("inflight", c.in_flight);
    text("rate", num(s.rate_per_s, 2) + " /s");
    text("eta", s.status === "running" ? duration(s.eta_s) : "-");
    text("usage", s.usage ? s.usage.requests + " requests, " + s.usage.prompt_tokens + " + "
      + s.usage.completion_tokens + " tokens" + (s.usage.cost_usd === null || s.usage.cost_usd === undefined
        ? "" : ", $" + (+s.usage.cost_usd).toFixed(4)) : "-");
    if (c.selected) { $("bar-fill").style.width = Math.min(100, 100 * c.done / c.selected) + "%"; }
    var h = document.body.dataset.doneHistory;
    var last = h ? h.split(",").pop() : null;
    if (last !== String(c.done)) { document.body.dataset.doneHistory = h ? h + "," + c.done : String(c.done); }
    var list = $("failures");
    list.textContent = "";
    (s.failures || []).forEach(function (f) {
      var li = document.createElement("li");
      var b = document.createElement("b");
      b.textContent = f.name;
      li.appendChild(b);
      li.appendChild(document.createTextNode(": " + f.reason));
      list.appendChild(li);
    });
    text("failure-count", (s.failures || []).length ? "(" + s.failures.length + ")" : "");
    if (s.scorers) { histograms(s.scorers); }
  }

  function histograms(all) {
    var box = $("histograms");
    box.textContent = "";
    Object.keys(all).forEach(function (name) {
      var s = all[name], bins = s.histogram, max = Math.max.apply(null, bins.concat([1]));
      var W = 300, H = 150, M = 24, bw = (W - 2 * M) / bins.length;
      var div = document.createElement("div");
      div.className = "chart hist";
      var t = document.createElement("div");
      t.className = "title";
      t.textContent = name + ": " + s.histogram_of + " over " + s.latents + " latents (mean F1 " + num(s.f1)
        + ", AUC " + num(s.auc) + ")";
      div.appendChild(t);
      var svg = document.createElementNS(NS, "svg");
      svg.setAttribute("width", W); svg.setAttribute("height", H); svg.setAttribute("role", "img");
      bins.forEach(function (n, i) {
        if (n === 0) { return; }
        var h = (H - 2 * M) * n / max, r = document.createElementNS(NS, "rect");
        r.setAttribute("class", "bar");
        r.setAttribute("x", M + i * bw + 1); r.setAttribute("width", bw - 2);
        r.setAttribute("y", H - M - h); r.setAttribute("height", h);
        var tip = document.createElementNS(NS, "title");
        tip.textContent = (i / 10).toFixed(1) + "-" + ((i + 1) / 10).toFixed(1) + ": " + n;
        r.appendChild(tip);
        svg.appendChild(r);
      });
      [0, 0.5, 1].forEach(function (v) {
        var l = document.createElementNS(NS, "text");
        l.setAttribute("x", M + v * (W - 2 * M)); l.setAttribute("y", H - 6);
        l.setAttribute("text-anchor", "middle");
        l.textContent = String(v);
        svg.appendChild(l);
      });
      div.appendChild(svg);
      box.appendChild(div);
    });
    document.body.dataset.histograms = String(Object.keys(all).length);
  }

  function refreshRun() {
    return get("/api/run").then(function (r) { return r.json(); }).then(progress);
  }

  function columns() {
    var cols = [["name", "latent"], ["status", "status"], ["explanation", "explanation"],
      ["frequency", "frequency"], ["max_activation", "max act."]];
    scorers.forEach(function (s) { cols.push([s + ".f1", s + " F1"], [s + ".auc", s + " AUC"]); });
    return cols;
  }

  function refreshTable() {
    var p = new URLSearchParams({ sort: sort.field, order: sort.asc ? "asc" : "desc", limit: "200",
      q: $("q").value, status: $("status-filter").value });
    return get("/api/latents?" + p).then(function (r) { return r.json(); }).then(function (page) {
      var found = {};
      page.latents.forEach(function (row) { Object.keys(row.scores || {}).forEach(function (k) { found[k] = 1; }); });
      Object.keys(found).forEach(function (k) { if (scorers.indexOf(k) < 0) { scorers.push(k); } });
      var head = $("latent-head");
      head.textContent = "";
      columns().forEach(function (c) {
        var th = document.createElement("th");
        th.textContent = c[1];
        if (c[0] === sort.field) { th.className = "sorted" + (sort.asc ? " asc" : ""); }
        if (c[0] !== "explanation") {
          th.addEventListener("click", function () {
            sort = { field: c[0], asc: sort.field === c[0] ? !sort.asc : c[0] === "name" };
            refreshTable();
          });
        }
        head.appendChild(th);
      });
      var body = $("latent-rows");
      body.textContent = "";
      page.latents.forEach(function (row) {
        var tr = document.createElement("tr");
        var cells = [row.name, row.status, row.explanation === null ? (row.reason || "") : row.explanation,
          row.frequency === null ? "-" : (+row.frequency).toExponential(2), num(row.max_activation, 2)];
        scorers.forEach(function (s) {
          var v = (row.scores || {})[s] || {};
          cells.push(num(v.f1), num(v.auc));
        });
        cells.forEach(function (v, i) {
          var td = document.createElement("td");
          td.textContent = v;
          if (i === 1) { td.className = row.status; }
          if (i === 2) { td.className = "expl"; td.title = v; }
          if (i > 2) { td.className = "num"; }
          tr.appendChild(td);
        });
        tr.addEventListener("click", function () { location.hash = "latent=" + encodeURIComponent(row.name); });
        body.appendChild(tr);
      });
      text("latent-total", "(" + page.total + ")");
      document.body.dataset.rows = String(page.latents.length);
    });
  }

  function scheduleTable() {
    if (tableTimer === null) {
      tableTimer = setTimeout(function () { tableTimer = null; refreshTable().catch(report); }, 1000);
    }
  }

  function showLatent() {
    var m = /^#latent=(.+)$/.exec(location.hash);
    var panel = $("latent-panel");
    if (!m) { panel.hidden = true; return; }
    var name = decodeURIComponent(m[1]);
    get("/latent/" + encodeURIComponent(name)).then(function (r) { return r.text(); }).then(function (html) {
      // the server escapes every text of the run in this fragment (report.LatentPage)
      $("latent-view").innerHTML = html;
      $("latent-name").textContent = name;
      panel.hidden = false;
      document.body.dataset.latentShown = name;
      panel.scrollIntoView();
    }).catch(report);
  }

  function report(e) { $("run").textContent = "dashboard: " + e.message; }

  $("q").addEventListener("input", scheduleTable);
  $("status-filter").addEventListener("change", function () { refreshTable().catch(report); });
  $("latent-close").addEventListener("click", function (e) { e.preventDefault(); location.hash = ""; });
  window.addEventListener("hashchange", showLatent);

  refreshRun().then(refreshTable).then(showLatent).catch(report);
  if (window.EventSource) {
    var events = new EventSource("/api/events");
    events.addEventListener("state", function (e) { progress(JSON.parse(e.data)); });
    events.addEventListener("progress", function (e) {
      progress(JSON.parse(e.data));
      refreshRun().catch(report);
      scheduleTable();
    });
    events.addEventListener("latent", function () { scheduleTable(); });
  }
})();
