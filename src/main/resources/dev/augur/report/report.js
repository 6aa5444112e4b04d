"use strict";
(function () {
  var NS = "http://www.w3.org/2000/svg";
  var W = 360, H = 240, M = { l: 46, r: 12, t: 18, b: 36 };
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var drawn = 0;

  function el(name, attrs, parent, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (text !== undefined) { e.textContent = text; }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function fmt(v) { return Math.abs(v) >= 1000 ? v.toExponential(0) : String(+v.toFixed(3)); }

  /** A titled SVG with axes; x and y map data to pixels. */
  function frame(container, title, xLabel, yLabel, x, y, xTicks, yTicks, xFmt) {
    var box = document.createElement("div");
    box.className = "chart";
    var t = document.createElement("div");
    t.className = "title";
    t.textContent = title;
    box.appendChild(t);
    var svg = el("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img" }, box);
    el("title", {}, svg, title);
    yTicks.forEach(function (v) {
      el("line", { "class": "grid", x1: M.l, x2: W - M.r, y1: y(v), y2: y(v) }, svg);
      el("text", { x: M.l - 4, y: y(v) + 4, "text-anchor": "end" }, svg, fmt(v));
    });
    xTicks.forEach(function (v) {
      el("text", { x: x(v), y: H - M.b + 14, "text-anchor": "middle" }, svg, (xFmt || fmt)(v));
    });
    el("line", { "class": "axis", x1: M.l, x2: W - M.r, y1: H - M.b, y2: H - M.b }, svg);
    el("line", { "class": "axis", x1: M.l, x2: M.l, y1: M.t, y2: H - M.b }, svg);
    el("text", { x: (M.l + W - M.r) / 2, y: H - 4, "text-anchor": "middle" }, svg, xLabel);
    el("text", { x: 12, y: (M.t + H - M.b) / 2, "text-anchor": "middle",
      transform: "rotate(-90 12 " + (M.t + H - M.b) / 2 + ")" }, svg, yLabel);
    container.appendChild(box);
    drawn++;
    return svg;
  }
  function linear(d0, d1, r0, r1) {
    return function (v) { return r0 + (v - d0) / (d1 - d0 || 1) * (r1 - r0); };
  }
  function unitY() { return linear(0, 1, H - M.b, M.t); }
  var UNIT = [0, 0.25, 0.5, 0.75, 1];

  /** Bars of labelled values in [0, 1] (accuracy per quantile). */
  function bars(container, title, xLabel, yLabel, labels, values, tips) {
    var n = labels.length, bw = (W - M.l - M.r) / n, y = unitY();
    var x = function (i) { return M.l + bw * (i + 0.5); };
    var svg = frame(container, title, xLabel, yLabel, x, y, [], UNIT);
    labels.forEach(function (lab, i) {
      var r = el("rect", { "class": "bar", x: M.l + bw * i + bw * 0.15, width: bw * 0.7,
        y: y(values[i]), height: Math.max(0, y(0) - y(values[i])) }, svg);
      el("title", {}, r, tips[i]);
      el("text", { x: x(i), y: y(values[i]) - 3, "text-anchor": "middle" }, svg, fmt(values[i]));
      el("text", { x: x(i), y: H - M.b + 14, "text-anchor": "middle" }, svg, lab);
    });
  }

  /** Histogram of per-latent values in [0, 1], ten bins. */
  function histogram(container, title, xLabel, values) {
    var counts = new Array(10).fill(0);
    values.forEach(function (v) { counts[Math.min(9, Math.max(0, Math.floor(v * 10)))]++; });
    var max = Math.max.apply(null, counts), x = linear(0, 1, M.l, W - M.r);
    var y = linear(0, max, H - M.b, M.t);
    var ticks = [];
    for (var k = 0; k <= max; k += Math.max(1, Math.ceil(max / 5))) { ticks.push(k); }
    var svg = frame(container, title, xLabel, "latents", x, y, UNIT, ticks);
    counts.forEach(function (c, i) {
      var r = el("rect", { "class": "bar", x: x(i / 10) + 1, width: x(0.1) - x(0) - 2,
        y: y(c), height: y(0) - y(c) }, svg);
      el("title", {}, r, fmt(i / 10) + "\u2013" + fmt((i + 1) / 10) + ": " + c + " latents");
    });
  }

  function roc(container, title, points) {
    var x = linear(0, 1, M.l, W - M.r), y = unitY();
    var svg = frame(container, title, "false positive rate", "true positive rate", x, y, UNIT, UNIT);
    el("line", { "class": "diag", x1: x(0), y1: y(0), x2: x(1), y2: y(1) }, svg);
    el("polyline", { "class": "line", points: points.map(function (p) {
      return x(p[0]).toFixed(1) + "," + y(p[1]).toFixed(1); }).join(" ") }, svg);
  }

  function scatter(container, title, pts) {
    var lo = Math.floor(Math.log10(Math.min.apply(null, pts.map(function (p) { return p.n; }))));
    var hi = Math.ceil(Math.log10(Math.max.apply(null, pts.map(function (p) { return p.n; }))));
    if (hi <= lo) { hi = lo + 1; }
    var lx = linear(lo, hi, M.l + 6, W - M.r - 6), y = unitY();
    var x = function (v) { return lx(Math.log10(v)); };
    var ticks = [];
    for (var e = lo; e <= hi; e++) { ticks.push(Math.pow(10, e)); }
    var svg = frame(container, title, "activations (log scale)", "F1", x, y, ticks, UNIT,
      function (v) { return "1e" + Math.round(Math.log10(v)); });
    pts.forEach(function (p) {
      var c = el("circle", { "class": "dot", cx: x(p.n), cy: y(p.f1), r: 4 }, svg);
      el("title", {}, c, p.latent + ": " + p.n + " activations, F1 " + fmt(p.f1));
    });
  }

  data.scorers.forEach(function (s, i) {
    var c = document.getElementById("charts-" + i);
    if (s.hist.length) {
      histogram(c, s.name + ": " + s.histLabel + " per latent", s.histLabel, s.hist);
    }
    if (s.roc) { roc(c, s.name + ": ROC (AUC " + fmt(s.auc) + ")", s.roc); }
    if (s.quantiles.length) {
      bars(c, s.name + ": accuracy per quantile", "quantile (non = non-activating)", "accuracy",
        s.quantiles.map(function (q) { return q.label; }),
        s.quantiles.map(function (q) { return q.accuracy; }),
        s.quantiles.map(function (q) { return q.label + ": " + q.correct + "/" + q.count; }));
    }
    if (s.scatter.length) { scatter(c, s.name + ": firing rate vs F1", s.scatter); }
  });
  document.body.dataset.charts = String(drawn);
})();
