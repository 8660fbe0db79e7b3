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
  // labels are not vis-network's: the view draws them itself (see "labels" below)
  var labelOf = {};
  var nodeList = data.nodes.map(function (n) {
    var item = Object.assign(look(data.nodeStyles, n[5]),
                             {id: n[0], x: n[2], y: n[3], size: n[4]});
    labelOf[n[0]] = {text: n[1], anchor: data.labels.anchors[n[6]], prio: n[7], size: n[4],
                     color: item.labelColor, fill: item.color.background,
                     border: item.color.border, borderWidth: item.borderWidth};
    delete item.labelColor;
    return item;
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

  // --- labels -----------------------------------------------------------------------
  // Drawn after vis-network's frame at a fixed size in CSS pixels, most important first
  // (the hovered or pinned node and its neighbours, then by the priority the spec gives),
  // each only where it touches no label already drawn: zooming in makes room for more.
  // Long names wrap; none is cut.
  var LABEL = data.labels;
  var HEADING_SCALE = 1.15;
  var byPriority = order.slice().sort(function (a, b) {
    return labelOf[b].prio - labelOf[a].prio || (a < b ? -1 : a > b ? 1 : 0);
  });
  var drawnLabels = [];
  var wrapCache = {};
  var hovered = null;

  // a slide is one picture at any size: its labels grow and shrink with it (16 px on a
  // 1920-wide slide), so that a smaller screen shows the same names, only smaller
  function slideScale() {
    if (data.mode !== "presentation") { return 1; }
    return document.getElementById("gv-stage").clientWidth / 1920;
  }
  function labelPx() {
    return data.mode === "presentation" ? Math.max(8, LABEL.px * slideScale()) : LABEL.px;
  }
  function labelWidth() { return LABEL.width * slideScale(); }

  function wrap(ctx, text, width, px) {
    var key = ctx.font + "|" + width + "|" + text;  // (headings are bold: their own key)
    if (wrapCache[key]) { return wrapCache[key]; }
    var words = text.split(/\s+/).filter(Boolean);
    var lines = [];
    var line = "";
    words.forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && ctx.measureText(next).width > width) {
        lines.push(line);
        line = word;
      } else {
        line = next;
      }
    });
    if (line) { lines.push(line); }
    var widest = 0;
    lines.forEach(function (l) { widest = Math.max(widest, ctx.measureText(l).width); });
    wrapCache[key] = {lines: lines, width: widest};
    return wrapCache[key];
  }

  function overlaps(a, b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  }

  // the box of a label of `w` × `h` for a node at (x, y) of radius r, by its anchor
  function labelBox(anchor, x, y, r, w, h) {
    if (anchor === "right") { return {x0: x + r + 5, y0: y - h / 2, x1: x + r + 5 + w, y1: y + h / 2}; }
    if (anchor === "left") { return {x0: x - r - 5 - w, y0: y - h / 2, x1: x - r - 5, y1: y + h / 2}; }
    if (anchor === "inside") {
      return {x0: x - w / 2 - 7, y0: y - h / 2 - 4, x1: x + w / 2 + 7, y1: y + h / 2 + 4};
    }
    return {x0: x - w / 2, y0: y + r + 3, x1: x + w / 2, y1: y + r + 3 + h};
  }

  function screenOf(p, scale, centre, w, h) {
    return {x: (p.x - centre.x) * scale + w / 2, y: (p.y - centre.y) * scale + h / 2};
  }

  // every label's box at the current zoom, drawn or not (for fitting labels in view)
  function allBoxes(ctx, px) {
    var scale = network.getScale();
    var centre = network.getViewPosition();
    var w = container.clientWidth, h = container.clientHeight;
    var positions = network.getPositions();
    var out = [];
    order.forEach(function (id) {
      var item = labelOf[id];
      var p = screenOf(positions[id], scale, centre, w, h);
      var text = wrap(ctx, item.text, item.anchor === "inside" ? labelWidth() * 1.3 : labelWidth(), px);
      var box = labelBox(item.anchor, p.x, p.y, item.size * scale, text.width,
                         text.lines.length * px * 1.2);
      var r = item.size * scale;
      out.push({x0: Math.min(box.x0, p.x - r), y0: Math.min(box.y0, p.y - r),
                x1: Math.max(box.x1, p.x + r), y1: Math.max(box.y1, p.y + r)});
    });
    var size = Math.round(px * HEADING_SCALE);
    data.headings.forEach(function (head) {
      var p = screenOf({x: head[1], y: head[2]}, scale, centre, w, h);
      var text = wrap(ctx, head[0], labelWidth() * 1.5, size);
      var height = text.lines.length * size * 1.2;
      var x0 = head[4] === "left" ? p.x - text.width : head[4] === "right" ? p.x : p.x - text.width / 2;
      out.push({x0: x0, y0: p.y - height / 2, x1: x0 + text.width, y1: p.y + height / 2});
    });
    return out;
  }

  function candidates() {
    var first = [];
    if (hovered !== null) { first.push(hovered); }
    if (view.highlighted) {
      first.push(view.highlighted.id);
      network.getConnectedNodes(view.highlighted.id).forEach(function (id) { first.push(id); });
    }
    if (!first.length) { return byPriority; }
    var seen = new Set(first);
    return first.concat(byPriority.filter(function (id) { return !seen.has(id); }));
  }

  function drawText(ctx, lines, x0, y0, px, color, halo, align) {
    ctx.textAlign = align;
    lines.lines.forEach(function (line, i) {
      var x = align === "center" ? x0 + lines.width / 2 : align === "right" ? x0 + lines.width : x0;
      var y = y0 + i * px * 1.2;
      if (halo) {
        ctx.lineWidth = 4;
        ctx.strokeStyle = "rgba(255,255,255,0.92)";
        ctx.lineJoin = "round";
        ctx.strokeText(line, x, y);
      }
      ctx.fillStyle = color;
      ctx.fillText(line, x, y);
    });
  }

  function drawHeadings(ctx, px, scale, centre, w, h, taken) {
    ctx.font = "bold " + Math.round(px * HEADING_SCALE) + "px " + LABEL.font;
    data.headings.forEach(function (head) {
      var size = Math.round(px * HEADING_SCALE);
      var text = wrap(ctx, head[0], labelWidth() * 1.5, size);
      var p = screenOf({x: head[1], y: head[2]}, scale, centre, w, h);
      var height = text.lines.length * size * 1.2;
      var x0 = head[4] === "left" ? p.x - text.width : head[4] === "right" ? p.x : p.x - text.width / 2;
      var box = {x0: x0, y0: p.y - height / 2, x1: x0 + text.width, y1: p.y + height / 2};
      if (taken.some(function (b) { return overlaps(b, box); })) { return; }
      drawText(ctx, text, box.x0, box.y0, size, head[3], true,
               head[4] === "left" ? "right" : head[4] === "right" ? "left" : "center");
      taken.push(box);
      drawnLabels.push({text: head[0], x0: box.x0, y0: box.y0, x1: box.x1, y1: box.y1, px: size,
                        heading: true, cluster: head[5]});
    });
  }

  function drawLabels(ctx) {
    var canvas = ctx.canvas;
    var ratio = canvas.width / Math.max(canvas.clientWidth, 1);
    var w = canvas.clientWidth, h = canvas.clientHeight;
    var px = labelPx();
    var scale = network.getScale();
    var centre = network.getViewPosition();
    var positions = network.getPositions();
    var dim = view.highlighted ? new Set(view.highlighted.nodes) : null;
    var taken = [];
    drawnLabels = [];
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "top";
    drawHeadings(ctx, px, scale, centre, w, h, taken);
    ctx.font = px + "px " + LABEL.font;
    // a grid of 64 px cells keeps the overlap test near-linear in a large view
    var grid = new Map();
    function cells(box, add) {
      var hit = false;
      for (var gx = Math.floor(box.x0 / 64); gx <= Math.floor(box.x1 / 64); gx++) {
        for (var gy = Math.floor(box.y0 / 64); gy <= Math.floor(box.y1 / 64); gy++) {
          var key = gx + ":" + gy;
          var list = grid.get(key);
          if (add) {
            if (!list) { list = []; grid.set(key, list); }
            list.push(box);
          } else if (list && list.some(function (b) { return overlaps(b, box); })) {
            hit = true;
          }
        }
      }
      return hit;
    }
    taken.forEach(function (box) { cells(box, true); });
    // nodes are obstacles too: a label never hides another node
    var discs = {};
    order.forEach(function (id) {
      var p = screenOf(positions[id], scale, centre, w, h);
      if (p.x < -50 || p.x > w + 50 || p.y < -50 || p.y > h + 50) { return; }
      var r = Math.max(labelOf[id].size * scale, 2);
      discs[id] = {x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r, node: id,
                   prio: labelOf[id].prio};
      cells(discs[id], true);
    });
    // a label may cover a less important node, never a label or a node that matters more
    function hitsOther(box, id) {
      var mine = labelOf[id].prio;
      for (var gx = Math.floor(box.x0 / 64); gx <= Math.floor(box.x1 / 64); gx++) {
        for (var gy = Math.floor(box.y0 / 64); gy <= Math.floor(box.y1 / 64); gy++) {
          var list = grid.get(gx + ":" + gy);
          if (list && list.some(function (b) {
            return b.node !== id && !(b.prio < mine) && overlaps(b, box);
          })) {
            return true;
          }
        }
      }
      return false;
    }
    candidates().forEach(function (id) {
      if (dim && dim.has(id)) { return; }
      var item = labelOf[id];
      var p = screenOf(positions[id], scale, centre, w, h);
      if (p.x < -labelWidth() || p.x > w + labelWidth() || p.y < -200 || p.y > h + 200) { return; }
      var text = wrap(ctx, item.text, item.anchor === "inside" ? labelWidth() * 1.3 : labelWidth(), px);
      var height = text.lines.length * px * 1.2;
      var r = item.size * scale;
      var box = labelBox(item.anchor, p.x, p.y, r, text.width, height);
      var forced = id === hovered || (view.highlighted && id === view.highlighted.id);
      if (!forced && (box.x0 < 0 || box.y0 < 0 || box.x1 > w || box.y1 > h)) { return; }
      if (!forced && hitsOther(box, id)) { return; }
      cells(box, true);
      if (item.anchor === "inside") {
        ctx.beginPath();
        if (ctx.roundRect) {
          ctx.roundRect(box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0, 6);
        } else {
          ctx.rect(box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
        }
        ctx.fillStyle = item.fill;
        ctx.fill();
        ctx.lineWidth = Math.max(1, item.borderWidth);
        ctx.strokeStyle = item.border;
        ctx.stroke();
        drawText(ctx, text, box.x0 + 7, box.y0 + 4, px, "#1a1a1a", false, "center");
      } else {
        drawText(ctx, text, box.x0, box.y0, px, item.color || "#1a1a1a", true,
                 item.anchor === "left" ? "right" : item.anchor === "right" ? "left" : "center");
      }
      drawnLabels.push({text: item.text, id: id, x0: box.x0, y0: box.y0, x1: box.x1, y1: box.y1,
                        px: px});
    });
    ctx.restore();
  }
  network.on("afterDrawing", drawLabels);

  // the labels of the last frame, in page pixels (for tests and for clicks on a label)
  view.labelText = function (id) { return labelOf[id] ? labelOf[id].text : null; };
  view.labelBoxes = function () {
    var box = container.getBoundingClientRect();
    return drawnLabels.map(function (l) {
      return {text: l.text, x0: l.x0 + box.left, y0: l.y0 + box.top, x1: l.x1 + box.left,
              y1: l.y1 + box.top, px: l.px, heading: Boolean(l.heading)};
    });
  };

  // fit the drawing with its labels: nodes alone would leave beside-labels cut off
  function fitWithLabels() {
    network.fit({animation: false});
    var canvas = container.querySelector("canvas");
    if (!canvas || !order.length) { return; }
    var ctx = canvas.getContext("2d");
    var px = labelPx();
    ctx.save();
    ctx.font = px + "px " + LABEL.font;
    var w = container.clientWidth, h = container.clientHeight, margin = 8;
    for (var round = 0; round < 6; round++) {
      var boxes = allBoxes(ctx, px);
      var b = boxes.reduce(function (acc, x) {
        return {x0: Math.min(acc.x0, x.x0), y0: Math.min(acc.y0, x.y0),
                x1: Math.max(acc.x1, x.x1), y1: Math.max(acc.y1, x.y1)};
      }, {x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity});
      var headRoom = 0;
      var factor = Math.min((w - 2 * margin) / Math.max(b.x1 - b.x0, 1),
                            (h - 2 * margin - headRoom) / Math.max(b.y1 - b.y0, 1));
      var scale = Math.min(network.getScale() * factor, data.fixed ? 1.25 : 2.0);
      var middle = network.DOMtoCanvas({x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1 - headRoom) / 2});
      network.moveTo({position: middle, scale: scale, animation: false});
      if (Math.abs(factor - 1) < 0.01) { break; }
    }
    ctx.restore();
  }
  view.fit = fitWithLabels;

  // a saved view opens where it was zoomed; otherwise the whole drawing
  function firstPlace() {
    if (data.place) {
      network.moveTo({position: {x: data.place.x, y: data.place.y}, scale: data.place.zoom,
                      animation: false});
    } else {
      fitWithLabels();
    }
  }
  // where the view is now (for saving it)
  view.place = function () {
    var p = network.getViewPosition();
    return {zoom: network.getScale(), x: p.x, y: p.y};
  };

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
      firstPlace();
      network.once("afterDrawing", ready);
      network.redraw();
    });
  } else {
    body.setAttribute("data-state", "drawing");
    firstPlace();  // the whole view first, as physics would fit it
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

  // a click on a label is a click on its node; on an open cluster's name, it closes it
  function labelAt(point, heading) {
    for (var i = drawnLabels.length - 1; i >= 0; i--) {
      var l = drawnLabels[i];
      var want = heading ? l.cluster : l.id;
      if (want && point.x >= l.x0 && point.x <= l.x1 && point.y >= l.y0 && point.y <= l.y1) {
        return want;
      }
    }
    return null;
  }

  // a cluster opens on click where the view is served (the service draws it open);
  // in a saved file its tooltip lists its biggest members instead
  var clusters = new Set(data.clusters);
  function openCluster(id) {
    if (!clusters.has(id) || !/^https?:$/.test(window.location.protocol)) { return false; }
    var url = new URL(window.location.href);
    url.searchParams.append("open", id.slice(2));
    window.location.assign(url.toString());
    return true;
  }
  view.openCluster = openCluster;

  function closeCluster(key) {
    if (!/^https?:$/.test(window.location.protocol)) { return false; }
    var url = new URL(window.location.href);
    var kept = url.searchParams.getAll("open").filter(function (k) { return k !== key; });
    url.searchParams.delete("open");
    kept.forEach(function (k) { url.searchParams.append("open", k); });
    window.location.assign(url.toString());
    return true;
  }
  view.closeCluster = closeCluster;

  network.on("click", function (params) {
    var closing = params.nodes.length ? null : labelAt(params.pointer.DOM, true);
    if (closing !== null && closeCluster(closing)) { return; }
    var id = params.nodes.length ? params.nodes[0] : labelAt(params.pointer.DOM, false);
    if (id !== null && openCluster(id)) { return; }
    if (id !== null) { pin(id); } else { unpin(); }
  });
  network.on("hoverNode", function (params) {
    hovered = params.node;
    if (view.pinned === null) { showTip(params.node, false); }
    network.redraw();
  });
  network.on("blurNode", function () {
    hovered = null;
    if (view.pinned === null) { hideTip(); }
    network.redraw();
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
    if (openCluster(id)) { return true; }
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
    fitEl.addEventListener("click", function () { unpin(); fitWithLabels(); });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && view.pinned !== null) { unpin(); }
  });
  // a slide of a deck passes the stepping keys on to the deck around it
  if (window.parent !== window && data.mode === "presentation") {
    document.addEventListener("keydown", function (event) {
      if (["ArrowRight", "ArrowLeft", "PageDown", "PageUp", "Home", "End", " "]
          .indexOf(event.key) >= 0) {
        window.parent.postMessage({deckKey: event.key}, "*");
      }
    });
  }
}());
