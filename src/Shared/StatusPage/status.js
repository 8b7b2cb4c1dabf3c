// The status page's renderer: draws every table from /api/v1/status with DOM calls only
// (textContent and setAttribute, never innerHTML), so a hostile site name or error message
// is shown as text; then refreshes on a timer.
(function () {
  "use strict";
  var refreshMs = Number(document.body.getAttribute("data-refresh-ms")) || 5000;
  var svgNs = "http://www.w3.org/2000/svg";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function cell(text, cls) { return el("td", cls ? { "class": cls } : {}, [text == null ? "" : String(text)]); }
  function seconds(s) {
    if (s == null) { return "never"; }
    if (s < 1) { return (s * 1000).toFixed(0) + " ms"; }
    if (s < 120) { return s.toFixed(1) + " s"; }
    if (s < 7200) { return (s / 60).toFixed(1) + " min"; }
    return (s / 3600).toFixed(1) + " h";
  }
  function state(up, text) {
    return up == null ? cell(text || "unknown", "unknown") : cell(text || (up ? "up" : "down"), up ? "up" : "down");
  }
  function bytes(n) {
    if (n < 1024) { return n + " B"; }
    if (n < 1048576) { return (n / 1024).toFixed(1) + " KiB"; }
    return (n / 1048576).toFixed(1) + " MiB";
  }
  function table(id, headers, rows, emptyText) {
    var section = document.getElementById(id);
    section.hidden = false;
    var body = el("tbody", {}, rows);
    var t = el("table", {}, [el("thead", {}, [el("tr", {}, headers.map(function (h) { return el("th", {}, [h]); }))]), body]);
    var old = section.querySelector("table, p.empty");
    var replacement = rows.length ? t : el("p", { "class": "empty" }, [emptyText]);
    if (old) { section.replaceChild(replacement, old); } else { section.appendChild(replacement); }
  }

  // Age since last heard from over the last hour: one polyline per unbroken run of samples.
  function freshnessPlot(site) {
    var width = 240, height = 36, samples = site.freshness || [];
    var capacity = Math.round(3600 / (site.freshnessStepSeconds || 15));
    var max = 60;
    samples.forEach(function (s) { if (s != null && s > max) { max = s; } });
    var svg = document.createElementNS(svgNs, "svg");
    svg.setAttribute("class", "freshness");
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    var title = document.createElementNS(svgNs, "title");
    title.textContent = "seconds since last heard from, last hour (top: " + seconds(max) + ")";
    svg.appendChild(title);
    var offset = capacity - samples.length, run = [];
    function flush() {
      if (run.length) {
        var line = document.createElementNS(svgNs, "polyline");
        line.setAttribute("points", run.join(" "));
        svg.appendChild(line);
        run = [];
      }
    }
    samples.forEach(function (s, i) {
      if (s == null) { flush(); return; }
      var x = ((offset + i) / Math.max(1, capacity - 1)) * (width - 2) + 1;
      var y = height - 2 - (s / max) * (height - 4);
      run.push(x.toFixed(1) + "," + y.toFixed(1));
    });
    flush();
    return svg;
  }

  function render(data) {
    document.getElementById("summary").textContent = data.role === "node"
      ? "site node (site " + data.site + ")" + (data.upstream ? ", forwards to ring " + data.upstream : "")
      : "aggregator in ring " + data.ring + (data.upstream ? ", forwards to ring " + data.upstream : "");
    var ready = document.getElementById("ready");
    ready.textContent = data.ready ? "ready" : "not ready: " + data.notReadyReasons.join(", ");
    ready.className = data.ready ? "up" : "down";
    var reload = document.getElementById("reload");
    reload.textContent = data.reload == null ? "" : data.reload.successful
      ? "configuration loaded " + new Date(data.reload.lastSuccessMs).toISOString()
      : "last reload failed (the previous configuration stays): " + data.reload.errors.join("; ");
    reload.className = data.reload && !data.reload.successful ? "error" : "muted";

    table("members", ["member", "ring", "url", "state"], data.members.map(function (m) {
      var up = m.up == null ? "" : (m.up ? "1" : "0");
      return el("tr", { "data-member": m.id, "data-up": up }, [cell(m.id + (m.self ? " (this process)" : "")), cell(m.ring), cell(m.url), state(m.up, m.state)]);
    }), "no ring");
    if (data.role === "aggregator") {
      table("sites", ["site", "last seen", "series", "sources up", "freshness (1 h)"], data.sites.map(function (s) {
        var age = s.lastSeenSeconds == null ? "" : s.lastSeenSeconds.toFixed(1);
        var sources = s.sourcesTotal == null ? "?" : s.sourcesUp + "/" + s.sourcesTotal;
        var plot = el("td", {}, [freshnessPlot(s)]);
        return el("tr", { "data-site": s.site, "data-last-seen-seconds": age },
          [cell(s.site), cell(s.lastSeenSeconds == null ? "never" : seconds(s.lastSeenSeconds) + " ago", "num"), cell(s.series == null ? "?" : s.series, "num"), cell(sources, "num"), plot]);
      }), "no sites known");
    }
    if (data.role === "node") {
      table("sources", ["source", "state", "active replica", "last poll", "samples", "last error"], data.sources.map(function (s) {
        var up = s.up == null ? "" : (s.up ? "1" : "0");
        return el("tr", { "data-source": s.name, "data-up": up }, [cell(s.name), state(s.up), cell(s.activeReplica),
          cell(s.lastPollDurationSeconds == null ? "" : seconds(s.lastPollDurationSeconds), "num"), cell(s.samples, "num"), cell(s.lastError, "error")]);
      }), "no sources");
    }
    table("rules", ["rule group", "interval", "last evaluation", "duration", "samples", "errors", "last error"], data.ruleGroups.map(function (g) {
      var ago = g.lastEvaluationMs == null ? "never" : seconds(Math.max(0, data.nowMs - g.lastEvaluationMs) / 1000) + " ago";
      return el("tr", { "data-rule-group": g.name, "data-errors": String(g.errors) }, [cell(g.name), cell(seconds(g.intervalSeconds), "num"), cell(ago, "num"),
        cell(seconds(g.durationSeconds), "num"), cell(g.samples, "num"), cell(g.errors, "num"), cell(g.lastError, "error")]);
    }), "no rule groups");
    if (data.upstream) {
      table("queues", ["upstream member", "batches queued", "bytes on disk", "dropped (full)"], data.forwardQueues.map(function (q) {
        return el("tr", { "data-queue": q.member, "data-batches": String(q.batches) }, [cell(q.member), cell(q.batches, "num"), cell(bytes(q.bytes), "num"), cell(q.droppedBatches, "num")]);
      }), "nothing forwarded yet");
    }
    document.getElementById("updated").textContent = "updated " + new Date(data.nowMs).toISOString();
    document.body.setAttribute("data-rendered", String(data.nowMs));
  }

  function refresh() {
    fetch("api/v1/status", { cache: "no-store" })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (j) { document.getElementById("refresh-error").textContent = ""; render(j.data); })
      .catch(function (e) { document.getElementById("refresh-error").textContent = "refresh failed: " + e.message; })
      .then(function () { setTimeout(refresh, refreshMs); });
  }

  render(JSON.parse(document.getElementById("status-data").textContent).data);
  setTimeout(refresh, refreshMs);
})();
