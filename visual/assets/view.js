/* graphsvc network view: search, neighbourhood highlight and tooltips around vis-network.
 *
 * Every text from the data reaches the page through textContent (never innerHTML): the
 * data arrive as JSON in a <script type="application/json"> element.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("gv-data").textContent);
  var body = document.body;
  var container = document.getElementById("gv-network");
  var tipEl = document.getElementById("gv-tooltip");
  var searchEl = document.getElementById("gv-search");
  var resultsEl = document.getElementById("gv-results");
  var fitEl = document.getElementById("gv-fit");
  var info = data.info;
  // unpack [id, label, x, y, size, style] and [from, to, style] (see visual/html.py);
  // each item gets its own copy of its style, since vis-network updates items in place
  function look(table, index) { return JSON.parse(JSON.stringify(table[index])); }
  var nodeList = data.nodes.map(function (n) {
    return Object.assign(look(data.nodeStyles, n[5]),
                         {id: n[0], label: n[1], x: n[2], y: n[3], size: n[4]});
  });
  var edgeList = data.edges.map(function (e, i) {
    return Object.assign(look(data.edgeStyles, e[2]),
                         {id: "e" + i, from: data.nodes[e[0]][0], to: data.nodes[e[1]][0]});
  });
  var order = nodeList.map(function (n) { return n.id; });
  var edgeIds = edgeList.map(function (e) { return e.id; });
  var originalNodes = {};
  var originalEdges = {};
  nodeList.forEach(function (n) {
    originalNodes[n.id] = {id: n.id, color: n.color, font: n.font || {color: null}};
  });
  edgeList.forEach(function (e) { originalEdges[e.id] = {id: e.id, color: e.color}; });

  var nodes = new vis.DataSet(nodeList);
  var edges = new vis.DataSet(edgeList);
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  var view = {
    network: network, nodes: nodes, edges: edges, readyAt: null,
    highlighted: null, pinned: null, tooltipFor: null
  };
  window.graphsvcView = view;

  // --- a slide's legend fits its column ---------------------------------------------
  // a slide cannot be scrolled: a long legend (every sector, kind, relationship and the
  // scenario marks) shrinks its text until the last row shows
  function fitLegend() {
    var legend = document.getElementById("gv-legend");
    if (data.mode !== "presentation" || !legend) { return; }
    legend.style.fontSize = "";
    var size = parseFloat(window.getComputedStyle(legend).fontSize);
    var smallest = size * 0.5;
    while (legend.scrollHeight > legend.clientHeight + 1 && size > smallest) {
      size = size * 0.95;
      legend.style.fontSize = size + "px";
    }
  }
  fitLegend();
  window.addEventListener("resize", fitLegend);

  // --- drawn and stable -------------------------------------------------------------
  function ready() {
    if (view.readyAt === null) {
      view.readyAt = performance.now();
      body.setAttribute("data-state", "stable");
    }
  }
  if (data.options.physics.enabled && nodeList.length) {
    body.setAttribute("data-state", "stabilizing");
    network.once("stabilizationIterationsDone", function () {
      // the layout is final once it has settled: the same input, the same picture
      network.setOptions({physics: {enabled: false}});
      network.once("afterDrawing", ready);
      network.redraw();
    });
  } else {
    body.setAttribute("data-state", "drawing");
    network.fit({animation: false});  // the whole view first, as physics would fit it
    network.once("afterDrawing", ready);
    network.redraw();
  }

  // --- neighbourhood highlight ------------------------------------------------------
  function clearHighlight() {
    if (!view.highlighted) { return; }
    nodes.update(view.highlighted.nodes.map(function (id) { return originalNodes[id]; }));
    edges.update(view.highlighted.edges.map(function (id) { return originalEdges[id]; }));
    view.highlighted = null;
  }

  function highlight(id) {
    clearHighlight();
    var keep = new Set(network.getConnectedNodes(id));
    keep.add(id);
    var keepEdges = new Set(network.getConnectedEdges(id));
    var dimNodes = order.filter(function (n) { return !keep.has(n); });
    var dimEdges = edgeIds.filter(function (e) { return !keepEdges.has(e); });
    nodes.update(dimNodes.map(function (n) {
      return {id: n, color: {background: data.dim.fill, border: data.dim.fill},
              font: {color: data.dim.label}};
    }));
    edges.update(dimEdges.map(function (e) {
      return {id: e, color: {color: data.dim.fill, highlight: data.dim.fill}};
    }));
    view.highlighted = {id: id, nodes: dimNodes, edges: dimEdges};
  }

  // --- tooltip ----------------------------------------------------------------------
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }

  function hideTip() {
    tipEl.hidden = true;
    tipEl.replaceChildren();
    view.tooltipFor = null;
  }

  function showTip(id, pinned) {
    var tip = info[id] && info[id].t;
    if (!tip) { return; }
    tipEl.replaceChildren();
    if (pinned) {
      var close = el("button", "\u00d7", "gv-close");
      close.type = "button";
      close.setAttribute("aria-label", data.text.close);
      close.addEventListener("click", function () { unpin(); });
      tipEl.appendChild(close);
    }
    tipEl.appendChild(el("h2", tip.title));
    if (tip.lines.length) {
      var dl = el("dl");
      tip.lines.forEach(function (line) {
        dl.appendChild(el("dt", line[0]));
        dl.appendChild(el("dd", line[1]));
      });
      tipEl.appendChild(dl);
    }
    tip.sections.forEach(function (section) {
      tipEl.appendChild(el("h3", section[0]));
      var ul = el("ul");
      section[1].forEach(function (item) { ul.appendChild(el("li", item)); });
      tipEl.appendChild(ul);
    });
    tipEl.classList.toggle("gv-pinned", Boolean(pinned));
    tipEl.hidden = false;
    view.tooltipFor = id;
    place(id);
  }

  function place(id) {
    var p = network.canvasToDOM(network.getPosition(id));
    var box = container.getBoundingClientRect();
    var w = tipEl.offsetWidth, h = tipEl.offsetHeight;
    var x = p.x + 16, y = p.y + 16;
    if (x + w > box.width) { x = Math.max(0, p.x - w - 16); }
    if (y + h > box.height) { y = Math.max(0, box.height - h - 4); }
    tipEl.style.left = x + "px";
    tipEl.style.top = y + "px";
  }

  function pin(id) {
    view.pinned = id;
    network.selectNodes([id]);
    highlight(id);
    showTip(id, true);
  }

  function unpin() {
    view.pinned = null;
    network.unselectAll();
    clearHighlight();
    hideTip();
  }

  network.on("click", function (params) {
    if (params.nodes.length) { pin(params.nodes[0]); } else { unpin(); }
  });
  network.on("hoverNode", function (params) {
    if (view.pinned === null) { showTip(params.node, false); }
  });
  network.on("blurNode", function () {
    if (view.pinned === null) { hideTip(); }
  });
  network.on("dragStart", function () {
    if (view.pinned === null) { hideTip(); }
  });
  network.on("zoom", function () { if (view.tooltipFor !== null) { place(view.tooltipFor); } });
  network.on("dragEnd", function () { if (view.tooltipFor !== null) { place(view.tooltipFor); } });

  // --- search -----------------------------------------------------------------------
  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  }

  function matches(query, limit) {
    var q = fold(query.trim());
    if (!q) { return []; }
    var found = [];
    order.forEach(function (id, i) {
      var item = info[id];
      var name = fold(item.n);
      var rank = name === q ? 0 : name.indexOf(q) === 0 ? 1
        : (" " + item.s).indexOf(" " + q) >= 0 ? 2 : item.s.indexOf(q) >= 0 ? 3 : -1;
      if (rank >= 0) { found.push([rank, i, id]); }
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return found.slice(0, limit).map(function (f) { return f[2]; });
  }

  function focusNode(id) {
    if (!info[id]) { return false; }
    var scale = Math.max(network.getScale(), 1.0);
    network.focus(id, {scale: scale, animation: false});
    pin(id);
    return true;
  }

  function showResults(ids) {
    resultsEl.replaceChildren();
    if (!searchEl.value.trim()) { resultsEl.hidden = true; return; }
    if (!ids.length) {
      resultsEl.appendChild(el("li", data.text.no_matches));
    }
    ids.forEach(function (id, i) {
      var li = el("li", info[id].n);
      li.setAttribute("role", "option");
      li.setAttribute("data-node", id);
      li.setAttribute("aria-selected", i === 0 ? "true" : "false");
      li.appendChild(el("span", data.text.kinds[info[id].k], "gv-kind"));
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        focusNode(id);
        resultsEl.hidden = true;
      });
      resultsEl.appendChild(li);
    });
    resultsEl.hidden = false;
  }

  view.search = function (query) {
    var found = matches(query, 1);
    return found.length && focusNode(found[0]) ? found[0] : null;
  };
  view.matches = matches;
  view.focus = focusNode;

  if (searchEl) {
    searchEl.addEventListener("input", function () { showResults(matches(searchEl.value, 10)); });
    searchEl.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        var found = matches(searchEl.value, 1);
        if (found.length) { focusNode(found[0]); resultsEl.hidden = true; }
        event.preventDefault();
      } else if (event.key === "Escape") {
        searchEl.value = "";
        resultsEl.hidden = true;
      }
    });
    searchEl.addEventListener("blur", function () { resultsEl.hidden = true; });
  }
  if (fitEl) {
    fitEl.addEventListener("click", function () { unpin(); network.fit({animation: false}); });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && view.pinned !== null) { unpin(); }
  });
}());
