/* papergraph graph view. Reads #pg-data (nodes, edges, options from pyvis) and
 * #pg-config (server URLs; empty in a static export). Note-derived text only ever goes into
 * the page through textContent or DOM elements, never through innerHTML. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const readJson = (id) => JSON.parse($(id).textContent);
  let data = readJson("pg-data");
  const config = readJson("pg-config") || {};
  const server = Boolean(config.dataUrl);
  const styles = Object.fromEntries(data.legend.map((s) => [s.type, s]));
  const GLYPHS = { dot: "●", square: "■", triangle: "▲", star: "★", hexagon: "⬢", diamond: "◆" };
  const state = {
    types: new Set(data.legend.map((s) => s.type)),
    relations: new Set(data.relations.map((r) => r.relation).filter((r) => r !== "coOccursWith")),
    community: "",
    selected: null,
  };
  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }
  function safeHref(url) {
    return typeof url === "string" && /^(\/(?!\/)|https?:\/\/)/.test(url) ? url : null;
  }
  function link(url, text) {
    const href = safeHref(url);
    return href ? el("a", { href: href, textContent: text }) : el("span", { textContent: text });
  }
  const fmt = (x) => (typeof x !== "number" ? "–" : Number.isInteger(x) || Math.abs(x) >= 1 ? x.toFixed(0) : x.toPrecision(3));

  function nodeTip(n) {
    const tip = el("div", { className: "pg-tip" }, el("strong", { textContent: n.fullLabel || n.label }));
    tip.append(el("div", { className: "pg-tip-type", textContent: n.type }));
    if (n.type !== "Paper") {
      const bits = ["PageRank " + fmt(n.pagerank)];
      if (n.community !== null && n.community !== undefined) bits.push("community " + n.community);
      if (n.paperCount) bits.push(n.paperCount + " papers");
      tip.append(el("div", { textContent: bits.join(" · ") }));
      if (n.alt && n.alt.length) tip.append(el("div", { textContent: "also: " + n.alt.join(", ") }));
    }
    return tip;
  }
  function edgeTip(e) {
    const tip = el("div", { className: "pg-tip" }, el("strong", { textContent: e.relation || "co-occurs" }));
    if (e.sentence) tip.append(el("div", { className: "pg-tip-sentence", textContent: e.sentence }));
    if (e.kind === "cooccurs" && e.weight) tip.append(el("div", { textContent: "in " + e.weight + " papers" }));
    return tip;
  }
  function styledNode(n) {
    const style = styles[n.type] || styles.Concept;
    return Object.assign({ shape: style.shape, color: style.color, fullLabel: n.label }, n, {
      title: nodeTip(Object.assign({ fullLabel: n.label }, n)),
    });
  }
  function styledEdge(e) {
    const rel = data.relations.find((r) => r.relation === (e.relation || "coOccursWith"));
    const color = { color: rel ? rel.color : "#999", opacity: e.kind === "cooccurs" ? 0.5 : 0.45 };
    return Object.assign({ color: color, dashes: e.kind === "cooccurs" }, e, { title: edgeTip(e) });
  }
  function load(payload) {
    nodes.clear();
    edges.clear();
    nodes.add(payload.nodes.map((n) => Object.assign({}, n, { title: nodeTip(n) })));
    edges.add(payload.edges.map((e) => Object.assign({}, e, { title: edgeTip(e) })));
    buildCommunities();
  }

  function visibleEntities() {
    return new Set(nodes.get({ filter: (n) => n.type !== "Paper" && entityShown(n) }).map((n) => n.id));
  }
  function entityShown(n) {
    return state.types.has(n.type) && (!state.community || String(n.community) === state.community);
  }
  let shownEntities = new Set();
  const nodeView = new vis.DataView(nodes, {
    filter: (n) => {
      if (n.type !== "Paper") return shownEntities.has(n.id);
      if (!state.types.has("Paper")) return false;
      if (!state.community) return true;
      return edges.get({ filter: (e) => e.from === n.id && shownEntities.has(e.to) }).length > 0;
    },
  });
  const edgeView = new vis.DataView(edges, {
    filter: (e) => (e.kind === "cooccurs" ? state.relations.has("coOccursWith") || e.expanded : state.relations.has(e.relation)),
  });
  function refresh() {
    shownEntities = visibleEntities();
    nodeView.refresh();
    edgeView.refresh();
    status();
  }

  load(data);
  shownEntities = visibleEntities();
  nodeView.refresh();
  edgeView.refresh();
  const network = new vis.Network($("pg-network"), { nodes: nodeView, edges: edgeView }, data.options);
  const papergraph = { network: network, nodes: nodes, edges: edges, stabilised: false, refresh: refresh };
  window.papergraph = papergraph;

  let settled = null;
  function settle(iterations, fit = true) {
    papergraph.stabilised = false;
    const done = new Promise((resolve) => { settled = resolve; });
    network.setOptions({ physics: { enabled: true, stabilization: { fit: fit } } });
    network.stabilize(iterations);
    return done;
  }
  function stop() {
    network.setOptions({ physics: { enabled: false } });
    papergraph.stabilised = true;
    $("pg-network").dataset.state = "stable";
    if (settled) settled();
    settled = null;
    status();
    if (data.meta.focus && !state.selected && nodes.get(data.meta.focus)) select(data.meta.focus, false);
  }
  network.on("stabilizationIterationsDone", stop);
  network.on("stabilized", () => papergraph.stabilised || stop());
  function status(message) {
    const what = data.meta.focus ? "neighbourhood, " + data.meta.hops + " hop(s)" : "top " + data.meta.top + " entities by PageRank";
    $("pg-status").textContent = message || `${nodeView.length} nodes · ${edgeView.length} edges · ${what}`;
  }

  // --- legend and filters ---------------------------------------------------------------
  function checkbox(parent, value, label, swatch, checked, onChange) {
    const box = el("input", { type: "checkbox", checked: checked, value: value });
    box.addEventListener("change", () => onChange(box.checked));
    const mark = el("span", { className: "pg-swatch", textContent: swatch.text });
    mark.style.color = swatch.color;
    parent.append(el("label", { className: "pg-check" }, box, mark, label));
  }
  for (const s of data.legend) {
    checkbox($("pg-types"), s.type, s.type, { text: GLYPHS[s.shape] || "●", color: s.color }, true, (on) => {
      on ? state.types.add(s.type) : state.types.delete(s.type);
      refresh();
    });
  }
  for (const r of data.relations) {
    const label = r.relation === "coOccursWith" ? "co-occurs with" : r.relation;
    checkbox($("pg-relations"), r.relation, label, { text: "━", color: r.color }, state.relations.has(r.relation), (on) => {
      on ? state.relations.add(r.relation) : state.relations.delete(r.relation);
      refresh();
    });
  }
  function buildCommunities() {
    const counts = new Map();
    nodes.forEach((n) => {
      if (n.type !== "Paper" && n.community !== null && n.community !== undefined) counts.set(n.community, (counts.get(n.community) || 0) + 1);
    });
    const select = $("pg-community");
    select.replaceChildren(el("option", { value: "", textContent: "All communities" }));
    [...counts].sort((a, b) => b[1] - a[1]).forEach(([c, k]) => select.append(el("option", { value: String(c), textContent: `Community ${c} (${k})` })));
    select.value = state.community && counts.has(Number(state.community)) ? state.community : "";
    state.community = select.value;
  }
  $("pg-community").addEventListener("change", (ev) => {
    state.community = ev.target.value;
    refresh();
  });

  // --- side panel -----------------------------------------------------------------------
  const panel = $("pg-panel");
  function linkList(items) {
    const list = el("ul", { className: "pg-links" });
    for (const item of items) {
      const li = el("li", {}, link(item.url, item.label), " ", el("span", { className: "pg-rel", textContent: item.relation }));
      if (item.via) li.append(" ", el("span", { className: "pg-via", textContent: "via " + item.via }));
      if (item.sentence) li.append(el("blockquote", { textContent: item.sentence }));
      list.append(li);
    }
    return list;
  }
  function openPanel(id) {
    const n = nodes.get(id);
    if (!n) return;
    const close = el("button", { type: "button", className: "pg-close", textContent: "×", title: "Close" });
    close.setAttribute("aria-label", "Close panel");
    close.addEventListener("click", () => { panel.hidden = true; });
    const head = el("header", {}, close, el("h2", { id: "pg-panel-title", textContent: n.fullLabel || n.label }), el("span", { className: "type", textContent: n.type }));
    panel.replaceChildren(head);
    const actions = el("p", { className: "pg-actions" }, link(n.url, "Resource page"));
    if (server) actions.append(" · ", link(config.viewUrl + "?focus=" + encodeURIComponent(n.id) + "&hops=" + $("pg-hops").value, "Neighbourhood view"));
    panel.append(actions);
    const isPaper = n.type === "Paper";
    if (!isPaper) {
      if (n.alt && n.alt.length) panel.append(el("p", { className: "pg-alt" }, "Also: ", n.alt.join("; ")));
      const dl = el("dl", { className: "pg-metrics" });
      for (const [k, v] of [["PageRank", n.pagerank], ["Betweenness", n.betweenness], ["Degree", n.degree], ["Eigenvector", n.eigenvector], ["Community", n.community], ["Papers", n.paperCount]]) {
        dl.append(el("dt", { textContent: k }), el("dd", { textContent: v === null || v === undefined ? "–" : fmt(v) }));
      }
      panel.append(dl);
    }
    const local = edges.get({ filter: (e) => e.kind === "mention" && (isPaper ? e.from === id : e.to === id) }).map((e) => {
      const other = nodes.get(isPaper ? e.to : e.from) || {};
      return { url: other.url, label: other.fullLabel || other.label || (isPaper ? e.to : e.from), relation: e.relation, sentence: e.sentence };
    });
    const heading = el("h3", { textContent: (isPaper ? "Entities" : "Papers") + " (" + local.length + ")" });
    let list = linkList(local);
    panel.append(heading, list);
    panel.hidden = false;
    if (!isPaper && server) {
      fetchJson(config.neighboursUrl + "?iri=" + encodeURIComponent(id)).then((r) => {
        if (state.selected !== id) return;
        const papers = r.papers.map((p) => ({ url: p.url, label: p.title, relation: p.relation, sentence: p.sentence, via: p.via }));
        heading.textContent = "Papers (" + papers.length + ")";
        const full = linkList(papers);
        list.replaceWith(full);
        list = full;
      }).catch(() => {});
    }
  }
  network.on("click", (params) => {
    if (params.nodes.length) select(params.nodes[0], false);
    else { state.selected = null; $("pg-focus").disabled = true; }
  });
  function select(id, centre) {
    state.selected = id;
    $("pg-focus").disabled = false;
    network.selectNodes([id]);
    if (centre) network.focus(id, { scale: 1.2, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    openPanel(id);
  }

  // --- expansion, focus and data loading ---------------------------------------------------
  function fetchJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then((r) => {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }
  function addNear(parent, newNodes) {
    const at = network.getPositions([parent])[parent] || { x: 0, y: 0 };
    newNodes.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / Math.max(newNodes.length, 1);
      if (!nodes.get(n.id)) nodes.add(styledNode(Object.assign({ x: at.x + 120 * Math.cos(angle), y: at.y + 120 * Math.sin(angle) }, n)));
    });
  }
  function addEdges(list) {
    edges.add(list.filter((e) => !edges.get(e.id)).map(styledEdge));
  }
  const floor = Math.min(...data.nodes.map((n) => n.value || 1), 1);
  async function expand(id) {
    const n = nodes.get(id);
    if (!server || !n) return status("Expanding needs the papergraph server.");
    const before = nodes.length;
    if (n.type === "Paper") {
      if (!n.api) return;
      const r = await fetchJson(n.api);
      addNear(id, r.links.map((l) => ({ id: l.iri, label: l.label || l.iri, type: l.type || "Concept", url: l.url, value: floor })));
      addEdges(r.links.map((l) => ({ id: `${id} ${l.relation} ${l.iri}`, from: id, to: l.iri, kind: "mention", relation: l.relation })));
    } else {
      const r = await fetchJson(config.neighboursUrl + "?iri=" + encodeURIComponent(id));
      addNear(id, r.papers.map((p) => ({ id: p.paper, label: " ", fullLabel: p.title, type: "Paper", url: p.url, value: floor })));
      addEdges(r.papers.map((p) => ({ id: `${p.paper} ${p.relation} ${id}`, from: p.paper, to: id, kind: "mention", relation: p.relation, sentence: p.sentence })));
      const co = r.cooccurring.slice(0, 12);
      addNear(id, co.map((c) => ({ id: c.iri, label: c.label, type: c.type, url: c.url, value: floor })));
      addEdges(co.map((c) => ({ id: "co " + [id, c.iri].sort().join(" "), from: id, to: c.iri, kind: "cooccurs", weight: c.score, expanded: true })));
    }
    for (const added of nodes.get({ filter: (m) => !state.types.has(m.type) })) state.types.add(added.type);
    refresh();
    await settle(120, false);
    status(`Expanded: +${nodes.length - before} nodes`);
  }
  network.on("doubleClick", (params) => {
    if (params.nodes.length) expand(params.nodes[0]).catch((err) => status(String(err.message || err)));
  });
  async function reload(query, keepUrl) {
    status("Loading…");
    const r = await fetchJson(config.dataUrl + "?" + new URLSearchParams(query));
    data = Object.assign(data, { nodes: r.nodes, edges: r.edges, meta: r.meta });
    load(data);
    refresh();
    await settle(400);
    if (!keepUrl) history.replaceState(null, "", config.viewUrl + "?" + new URLSearchParams(query));
  }
  async function merge(query) {
    status("Loading…");
    const r = await fetchJson(config.dataUrl + "?" + new URLSearchParams(query));
    nodes.add(r.nodes.filter((n) => !nodes.get(n.id)).map((n) => Object.assign({}, n, { title: nodeTip(n) })));
    edges.add(r.edges.filter((e) => !edges.get(e.id)).map((e) => Object.assign({}, e, { title: edgeTip(e) })));
    buildCommunities();
    refresh();
    await settle(200);
  }
  $("pg-focus").addEventListener("click", () => state.selected && reload({ focus: state.selected, hops: $("pg-hops").value }));
  $("pg-hops").addEventListener("change", () => data.meta.focus && reload({ focus: data.meta.focus, hops: $("pg-hops").value }));
  $("pg-reset").addEventListener("click", () => reload({ top: $("pg-top").value }));
  $("pg-top").addEventListener("change", () => reload({ top: $("pg-top").value }));
  $("pg-fit").addEventListener("click", () => network.fit({ animation: { duration: 300 } }));
  if (!server) document.querySelectorAll(".pg-server-only").forEach((x) => { x.hidden = true; });

  // --- search -----------------------------------------------------------------------------
  const input = $("pg-search");
  const results = $("pg-results");
  let hits = [];
  let active = -1;
  async function search(q) {
    if (!q.trim()) return [];
    if (server) return (await fetchJson(config.searchUrl + "?limit=8&q=" + encodeURIComponent(q))).results;
    const want = q.trim().toLowerCase();
    return nodes.get({ filter: (n) => [n.fullLabel || n.label].concat(n.alt || []).some((t) => t.toLowerCase().includes(want)) })
      .slice(0, 8).map((n) => ({ iri: n.id, label: n.fullLabel || n.label, type: n.type }));
  }
  function showHits(list) {
    hits = list;
    active = list.length ? 0 : -1;
    results.replaceChildren(...list.map((h, i) => {
      const li = el("li", { id: "pg-hit-" + i, className: "pg-hit" }, el("span", { textContent: h.label }), " ", el("span", { className: "type", textContent: h.type }));
      li.setAttribute("role", "option");
      li.addEventListener("mousedown", (ev) => { ev.preventDefault(); pick(i); });
      return li;
    }));
    results.hidden = !list.length;
    input.setAttribute("aria-expanded", String(!results.hidden));
    mark();
  }
  function mark() {
    [...results.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === active)));
    if (active >= 0) input.setAttribute("aria-activedescendant", "pg-hit-" + active);
    else input.removeAttribute("aria-activedescendant");
  }
  async function pick(i) {
    const hit = hits[i];
    results.hidden = true;
    input.setAttribute("aria-expanded", "false");
    if (!hit) return;
    if (!nodes.get(hit.iri) && server) await merge({ focus: hit.iri, hops: 1 });
    if (!nodes.get(hit.iri)) return status("Not in this view: " + hit.label);
    if (!state.types.has(hit.type)) { state.types.add(hit.type); refresh(); }
    select(hit.iri, true);
  }
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value).then(showHits).catch(() => showHits([])), 150);
  });
  input.addEventListener("keydown", async (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (hits.length) active = (active + (ev.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
      mark();
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });
  $("pg-search-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearTimeout(timer);
    if (results.hidden || !hits.length) showHits(await search(input.value));
    await pick(Math.max(active, 0));
  });

  refresh();
  if (!nodes.length) {
    papergraph.stabilised = true;
    $("pg-network").dataset.state = "stable";
  }
})();
