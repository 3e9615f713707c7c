// The playground page: asks the server for a session, streams its frames (Server-Sent Events) and draws them.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { id: null, events: null, playing: false, trail: [], costs: [], inputs: null, targets: null, outputs: null, frame: null,
  csv: null, csvName: null,
  weights: null, biases: null, selected: null, chainAsked: 0 };

function settings() {
  const hidden = $("hidden").value.trim() === "" ? [] : $("hidden").value.split(",").map((s) => Number(s.trim()));
  return {
    hidden, activation: $("activation").value, optimizer: $("optimizer").value,
    output: $("output").value || null, loss: $("loss").value, batchSize: $("batchSize").value.trim() === "" ? null : Number($("batchSize").value),
    ...optimizerSettings(),
    points: Number($("points").value), seed: Number($("seed").value), data: $("data").value,
    csv: state.csv, csvName: state.csvName,
  };
}

function showError(message) {
  $("error").textContent = message || "";
  $("error").hidden = !message;
}

async function post(path, body) {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({ error: response.statusText }));
    throw new Error(problem.error || response.statusText);
  }
  return response.status === 204 ? null : response.json();
}

// A new session for the current settings. Only the latest start counts: two quick changes (two clicks of − layer) can
// answer out of order, and a session the page no longer wants is deleted at once.
let starts = 0;
async function start() {
  const mine = ++starts;
  if (state.events) state.events.close();
  if (state.id) fetch(`/api/sessions/${state.id}`, { method: "DELETE" });
  state.id = null;
  try {
    const created = await post("/api/sessions", settings());
    if (mine !== starts) { fetch(`/api/sessions/${created.id}`, { method: "DELETE" }); return; }
    showError(null);
    state.id = created.id;
    $("model").href = `/api/sessions/${state.id}/model`;
    state.events = new EventSource(`/api/sessions/${state.id}/events`);
    state.events.onmessage = (message) => receive(JSON.parse(message.data));
    state.events.onerror = () => { if (state.events.readyState === EventSource.CLOSED) showError("the connection to the server closed; reload the page"); };
  } catch (e) {
    if (mine !== starts) return;
    showError(e.message);
    $("status").textContent = "not training";
  }
}

function receive(frame) {
  frame.cost = Number(frame.cost);   // "Infinity" or "NaN" when the cost overflowed
  if (frame.newRun) { state.trail = []; state.costs = []; }
  if (frame.targets) { state.inputs = frame.inputs; state.targets = frame.targets; }
  state.trail.push(...frame.trail);
  state.costs.push(...frame.costs.map(([i, c]) => [i, Number(c)]));
  state.outputs = frame.outputs;
  state.plane = frame.plane;
  state.frame = frame;
  state.playing = frame.playing;
  $("play").textContent = frame.playing ? "Pause" : "Play";
  const rate = frame.playing ? ` · ${Math.round(frame.rate).toLocaleString("en-US")}/s` : "";
  const cost = Number.isFinite(frame.cost) ? frame.cost.toPrecision(3) : String(frame.cost);
  $("status").textContent = `iteration ${frame.iteration.toLocaleString("en-US")} · cost ${cost}${rate}`;
  $("command").textContent = frame.commandLine;
  if (frame.stopped) showError(`training stopped: ${frame.stopped}; the last finite weights are kept`);
  if (frame.weights) { state.weights = frame.weights; state.biases = frame.biases; }
  if (frame.newRun) { state.selected = null; $("chain").hidden = true; }
  if (state.selected && (!frame.playing || performance.now() - state.chainAsked > 500)) showChain();
  if (!state.drawing) { state.drawing = true; requestAnimationFrame(() => { state.drawing = false; draw(); }); }   // one draw a screen frame
}

// The worksheet's background: Blues by distance from (0.5, 1), white at the top centre, as backprop train draws it.
let background = null;
function drawBackground(g, size) {
  if (!background) {
    background = g.createImageData(size, size);
    for (let row = 0; row < size; row++)
      for (let col = 0; col < size; col++) {
        const x = (col + 0.5) / size, y = 1 - (row + 0.5) / size;
        const z = Math.min(1, Math.sqrt((x - 0.5) ** 2 + (y - 1) ** 2) / Math.sqrt(1.25));
        const t = z, i = 4 * (row * size + col);   // Blues, as the figure draws it: white at (0.5, 1), dark blue far from it
        background.data[i] = 247 + (8 - 247) * t;
        background.data[i + 1] = 251 + (48 - 251) * t;
        background.data[i + 2] = 255 + (107 - 255) * t;
        background.data[i + 3] = 255;
      }
  }
  g.putImageData(background, 0, 0);
}

function curve(g, xs, ys, size, color, width) {
  g.strokeStyle = color;
  g.lineWidth = width;
  g.beginPath();
  for (let i = 0; i < xs.length; i++) {
    const px = xs[i] * size, py = (1 - ys[i]) * size;
    if (i === 0) g.moveTo(px, py); else g.lineTo(px, py);
  }
  g.stroke();
}

// The network diagram: neurons in columns, a line per weight coloured by sign and as wide as it is large. A layer of
// more than shownPerLayer weights draws its largest ones (and the chosen one), so a 64-wide network stays readable and
// each frame cheap; the note under the diagram says so. The diagram grows taller for wide layers.
const svg = "http://www.w3.org/2000/svg";
const shownPerLayer = 400;
const diagram = { shape: "", sizes: [], x: null, y: null, radius: null, shown: [] };
function drawDiagram() {
  const W = state.weights, element = $("diagram");
  if (!W) return;
  const sizes = [W[0][0].length, ...W.map((w) => w.length)];
  const shape = sizes.join(",");
  if (shape !== diagram.shape) layOut(element, sizes, shape);
  const selected = state.selected, notes = [];
  const isChosen = (layer, neuron, input) => !!selected && selected.layer === layer && selected.neuron === neuron && selected.input === input;
  diagram.shown = W.map((w, l) => {
    const total = w.length * w[0].length;
    // The shownPerLayer-th largest |w| is the threshold (a typed sort of a copy); all above it are drawn, then ties at it
    // while there is room, and the chosen weight; in their own order, so lines keep their places from frame to frame.
    let threshold = 0, ties = total;
    if (total > shownPerLayer) {
      const magnitudes = Float64Array.from(w.flat(), Math.abs).sort();
      threshold = magnitudes[total - shownPerLayer];
      ties = shownPerLayer - magnitudes.filter((m) => m > threshold).length;
      notes.push(`layer ${l + 1}: the ${shownPerLayer} largest of ${total.toLocaleString("en-US")} weights`);
    }
    const chosen = [];
    w.forEach((row, j) => row.forEach((v, k) => {
      const size = Math.abs(v);
      if (size > threshold || isChosen(l + 1, j + 1, k + 1) || (size === threshold && ties-- > 0)) chosen.push([j, k]);
    }));
    return chosen;
  });
  $("diagram-note").textContent = notes.length ? `Drawn: ${notes.join("; ")}.` : "";
  // Lines are reused from frame to frame; an attribute is written only when it changes.
  const set = (line, name, value) => { if (line[name] !== value) { line[name] = value; line.setAttribute(name, value); } };
  diagram.shown.forEach((chosen, l) => {
    const group = element.querySelector(`g[data-lines='${l + 1}']`);
    while (group.children.length > chosen.length) group.lastChild.remove();
    while (group.children.length < chosen.length) group.appendChild(document.createElementNS(svg, "line"));
    chosen.forEach(([j, k], i) => {
      const line = group.children[i], value = W[l][j][k];
      if (line.key !== j * 65536 + k) {
        line.key = j * 65536 + k;
        line.setAttribute("x1", diagram.x(l)); line.setAttribute("y1", diagram.y(l, k));
        line.setAttribute("x2", diagram.x(l + 1)); line.setAttribute("y2", diagram.y(l + 1, j));
        line.dataset.layer = l + 1; line.dataset.neuron = j + 1; line.dataset.input = k + 1;
      }
      set(line, "stroke", value >= 0 ? "#1f5fbf" : "#e07000");
      set(line, "stroke-width", Math.min(6, 0.4 + 1.2 * Math.abs(value)).toFixed(1));
      const isSelected = isChosen(l + 1, j + 1, k + 1);
      if (line.isSelected !== isSelected) { line.isSelected = isSelected; line.classList.toggle("selected", isSelected); }
    });
  });
  for (const circle of element.querySelectorAll("circle[data-layer]"))
    circle.classList.toggle("selected", isChosen(Number(circle.dataset.layer), Number(circle.dataset.neuron), null));
}

// Neurons' places for a shape: columns across, each layer centred, spaced to fit (taller for wide layers).
function layOut(element, sizes, shape) {
  diagram.shape = shape;
  diagram.sizes = sizes;
  const height = Math.min(720, Math.max(300, 12 * Math.max(...sizes) + 40));
  element.setAttribute("height", height);
  const width = element.width.baseVal.value;
  const gap = (l) => Math.min(36, (height - 30) / Math.max(1, sizes[l] - 1));
  diagram.x = (l) => 40 + l * (width - 80) / (sizes.length - 1);
  diagram.y = (l, j) => height / 2 + (j - (sizes[l] - 1) / 2) * gap(l);
  diagram.radius = (l) => Math.max(2.5, Math.min(8, 0.4 * gap(l)));
  element.replaceChildren();
  for (let l = 1; l < sizes.length; l++) {
    const group = document.createElementNS(svg, "g");
    group.dataset.lines = l;
    element.appendChild(group);
  }
  sizes.forEach((n, l) => { for (let j = 0; j < n; j++) {
    const circle = document.createElementNS(svg, "circle");
    circle.setAttribute("cx", diagram.x(l)); circle.setAttribute("cy", diagram.y(l, j)); circle.setAttribute("r", diagram.radius(l));
    if (l > 0) Object.assign(circle.dataset, { layer: l, neuron: j + 1 });
    element.appendChild(circle);
  } });
}

// Clicks and taps: the weight or bias under the pointer, else the nearest within reach of a finger (or a mouse).
let pointerType = "mouse";
$("diagram").addEventListener("pointerdown", (e) => { pointerType = e.pointerType; });
$("diagram").addEventListener("click", (e) => {
  const d = e.target.dataset;
  if (d && d.layer) { select({ layer: Number(d.layer), neuron: Number(d.neuron), input: d.input ? Number(d.input) : null }); return; }
  const box = $("diagram").getBoundingClientRect(), px = e.clientX - box.left, py = e.clientY - box.top;
  const reach = pointerType === "touch" ? 14 : 6;
  let best = null, nearest = Infinity;
  diagram.sizes.forEach((n, l) => { for (let j = 0; j < n; j++) {
    const distance = Math.hypot(px - diagram.x(l), py - diagram.y(l, j)) - diagram.radius(l);
    if (distance < nearest) { nearest = distance; best = l > 0 ? { layer: l, neuron: j + 1, input: null } : null; }
  } });
  if (nearest <= reach && best === null) return;   // an input neuron: it has no bias
  if (nearest > reach) diagram.shown.forEach((chosen, l) => chosen.forEach(([j, k]) => {
    const distance = toSegment(px, py, diagram.x(l), diagram.y(l, k), diagram.x(l + 1), diagram.y(l + 1, j));
    if (distance < nearest) { nearest = distance; best = { layer: l + 1, neuron: j + 1, input: k + 1 }; }
  }));
  if (best && nearest <= reach) select(best);
});
function toSegment(px, py, x1, y1, x2, y2) {
  const dx = x2 - x1, dy = y2 - y1, t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - x1 - t * dx, py - y1 - t * dy);
}

// The keyboard: ↑ ↓ move between a layer's neurons, ← → between a neuron's bias and its weights, PgUp PgDn between layers.
$("diagram").addEventListener("keydown", (e) => {
  const sizes = diagram.sizes;
  if (!sizes.length) return;
  const p = state.selected ? { ...state.selected } : { layer: 1, neuron: 1, input: null };
  p.layer = Math.min(p.layer, sizes.length - 1);   // a choice left from a network of another shape
  const inputs = () => sizes[p.layer - 1];
  if (state.selected) switch (e.key) {
    case "ArrowUp": p.neuron = Math.max(1, p.neuron - 1); break;
    case "ArrowDown": p.neuron = Math.min(sizes[p.layer], p.neuron + 1); break;
    case "ArrowLeft": p.input = p.input === null ? null : p.input === 1 ? null : p.input - 1; break;
    case "ArrowRight": p.input = p.input === null ? 1 : Math.min(inputs(), p.input + 1); break;
    case "PageUp": p.layer = Math.max(1, p.layer - 1); break;
    case "PageDown": p.layer = Math.min(sizes.length - 1, p.layer + 1); break;
    case "Home": p.input = null; break;
    default: return;
  } else if (!["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "PageUp", "PageDown", "Home", "Enter", " "].includes(e.key)) return;
  e.preventDefault();
  p.neuron = Math.min(p.neuron, sizes[p.layer]);
  if (p.input !== null) p.input = Math.min(p.input, inputs());
  select(p);
});

function select(parameter) {
  state.selected = parameter;
  showChain();
  drawDiagram();
}

const digits = (v) => (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(5) : v.toExponential(3));
function values(rows) {
  const shown = rows.slice(0, 8).map((row) => row.slice(0, 8).map(digits).join("  ") + (row.length > 8 ? "  …" : ""));
  return (rows[0].length === 1 ? "[" + rows.slice(0, 8).map((r) => digits(r[0])).join(", ") + (rows.length > 8 ? ", …" : "") + "]ᵀ"
    : shown.join("\n") + (rows.length > 8 ? "\n…" : ""));
}

async function showChain() {
  const p = state.selected;
  if (!state.id || !p) return;
  state.chainAsked = performance.now();
  const query = `layer=${p.layer}&neuron=${p.neuron}` + (p.input ? `&input=${p.input}` : "");
  const response = await fetch(`/api/sessions/${state.id}/chain?${query}`);
  if (!response.ok) return;
  const chain = await response.json();
  $("chain").hidden = false;
  $("chain-title").textContent = `∂C/∂${chain.parameter}`;
  $("chain-formula").textContent = `∂C/∂${chain.parameter} = ` + chain.factors.map((f) => f.name).join(" · ");
  const table = $("chain-factors");
  table.replaceChildren(...chain.factors.map((f) => {
    const row = document.createElement("tr");
    const name = document.createElement("td"), value = document.createElement("td");
    name.textContent = f.name;
    value.textContent = values(f.values);
    value.style.whiteSpace = "pre";
    row.append(name, value);
    return row;
  }));
  const product = $("chain-product");
  product.dataset.value = chain.value;
  product.dataset.finiteDifference = chain.finiteDifference;
  product.textContent = `product, sample by sample, summed: ${chain.value.toPrecision(8)} · finite difference: ${chain.finiteDifference.toPrecision(8)}`;
  drawHeatmaps(chain.layerGradients, p);
}

// Every layer's ∂C/∂W as coloured cells (blue positive, orange negative, on one scale), the chosen weight outlined.
function drawHeatmaps(layers, p) {
  const largest = Math.max(1e-300, ...layers.flat(2).map(Math.abs));
  const holder = $("heatmaps");
  while (holder.children.length > layers.length) holder.lastChild.remove();
  while (holder.children.length < layers.length) holder.appendChild(document.createElement("canvas"));
  layers.forEach((rows, l) => {
    const canvas = holder.children[l], cell = Math.max(3, Math.min(20, Math.floor(160 / Math.max(rows.length, rows[0].length))));
    canvas.width = rows[0].length * cell; canvas.height = rows.length * cell;
    canvas.setAttribute("aria-label", `∂C/∂W of layer ${l + 1}`);
    canvas.classList.toggle("chosen", l + 1 === p.layer);
    const g = canvas.getContext("2d");
    rows.forEach((row, j) => row.forEach((v, k) => {
      const t = Math.abs(v) / largest;
      g.fillStyle = v >= 0 ? `rgba(31,95,191,${t})` : `rgba(224,112,0,${t})`;
      g.fillRect(k * cell, j * cell, cell - 1, cell - 1);
    }));
    if (l + 1 === p.layer && p.input) { g.strokeStyle = "#000"; g.lineWidth = 2; g.strokeRect((p.input - 1) * cell, (p.neuron - 1) * cell, cell - 1, cell - 1); }
  });
  const sup = (n) => String(n).replace(/\d/g, (d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[d]);
  $("heatmap-caption").textContent = `∂C/∂W⁽${sup(1)}⁾ … ∂C/∂W⁽${sup(layers.length)}⁾, one scale: largest |∂C/∂w| ${largest.toPrecision(3)}`;
}

function draw() {
  const canvas = $("curve"), g = canvas.getContext("2d"), size = canvas.width;
  const targets = state.targets, inputs = state.inputs;
  g.fillStyle = "#fff";
  g.fillRect(0, 0, size, size);
  if (!targets) return;
  if (targets.length === 2) drawOutputPlane(g, size);
  else if (inputs.length === 1) drawAgainstInput(g, size);
  else if (inputs.length === 2 && state.plane) drawInputPlane(g, size);
  else {
    g.fillStyle = "#555"; g.font = "15px system-ui";
    g.fillText(`${inputs.length} inputs and ${targets.length} outputs: the cost tells the story`, 20, size / 2);
  }
  drawCost();
  drawDiagram();
}

// Bounds [low, high] of some arrays of numbers, widened a little.
function bounds(...arrays) {
  let low = Infinity, high = -Infinity;
  for (const a of arrays) for (const v of a) if (Number.isFinite(v)) { low = Math.min(low, v); high = Math.max(high, v); }
  if (!(high > low)) { low -= 0.5; high += 0.5; }
  const pad = 0.05 * (high - low);
  return [low - pad, high + pad];
}

// Two outputs: the curve (y₁, y₂) traces over the samples; the heart's square has the worksheet's background.
function drawOutputPlane(g, size) {
  const t = state.targets, inUnit = t.every((row) => row.every((v) => v >= 0 && v <= 1));
  const [x0, x1] = inUnit ? [0, 1] : bounds(t[0]), [y0, y1] = inUnit ? [0, 1] : bounds(t[1]);
  if (inUnit) drawBackground(g, size);
  $("curve-what").textContent = "Outputs (y₁, y₂) over the samples";
  const plot = (xs, ys, color, width) => curve(g, xs.map((v) => (v - x0) / (x1 - x0)), ys.map((v) => (v - y0) / (y1 - y0)), size, color, width);
  plot(t[0], t[1], "#008000", 1.5);
  for (const snapshot of state.trail) plot(snapshot[0], snapshot[1], "rgba(255,0,255,0.1)", 2);
  if (state.outputs) plot(state.outputs[0], state.outputs[1], "#ff8c00", 2.5);
}

// Two inputs: the input plane coloured by the first output (orange 0, white ½, blue 1), or with three or more classes
// by the most likely class; the samples on top.
const palette = ["#e07000", "#1f5fbf", "#2e9d3a", "#b0309a", "#c9a300", "#00a0b0", "#7a4a2a", "#555555"];
function drawInputPlane(g, size) {
  const p = state.plane, values = p.cells || p.classes, n = Math.round(Math.sqrt(values.length)), cell = size / n;
  const classes = !!p.classes;
  $("curve-what").textContent = classes ? "The most likely class over the input plane, the samples on top"
    : "The first output over the input plane, the samples on top";
  const colour = (v) => {
    const t = Math.max(0, Math.min(1, v));
    return t < 0.5 ? `rgb(${224 + (255 - 224) * 2 * t},${112 + (255 - 112) * 2 * t},${255 * 2 * t})`
      : `rgb(${255 - (255 - 31) * (2 * t - 1)},${255 - (255 - 95) * (2 * t - 1)},${255 - (255 - 191) * (2 * t - 1)})`;
  };
  for (let row = 0; row < n; row++)
    for (let col = 0; col < n; col++) {
      const v = values[row * n + col];
      g.fillStyle = classes ? palette[v % palette.length] : colour(v);
      g.globalAlpha = classes ? 0.35 : 1;
      g.fillRect(col * cell, row * cell, cell + 1, cell + 1);
    }
  g.globalAlpha = 1;
  const [x, y] = state.inputs, t = state.targets;
  for (let i = 0; i < x.length; i++) {
    g.beginPath();
    g.arc((x[i] - p.x0) / (p.x1 - p.x0) * size, (p.y1 - y[i]) / (p.y1 - p.y0) * size, 4, 0, 7);
    let label = 0;
    for (let k = 1; k < t.length; k++) if (t[k][i] > t[label][i]) label = k;
    g.fillStyle = classes ? palette[label % palette.length] : colour(t[0][i]);
    g.fill();
    g.strokeStyle = "#333"; g.lineWidth = 1; g.stroke();
  }
}

// One input: each output against the input, the samples in order of their input.
function drawAgainstInput(g, size) {
  const x = state.inputs[0], order = x.map((_, i) => i).sort((a, b) => x[a] - x[b]);
  const [x0, x1] = bounds(x), [y0, y1] = bounds(...state.targets, ...(state.outputs || []));
  $("curve-what").textContent = "Outputs against the input";
  const px = (v) => (v - x0) / (x1 - x0), py = (v) => (v - y0) / (y1 - y0);
  const plot = (ys, color, width) => curve(g, order.map((i) => px(x[i])), order.map((i) => py(ys[i])), size, color, width);
  g.fillStyle = "#008000";
  for (const ys of state.targets) for (const i of order) { g.beginPath(); g.arc(px(x[i]) * size, (1 - py(ys[i])) * size, 2.5, 0, 7); g.fill(); }
  for (const snapshot of state.trail) for (const ys of snapshot) plot(ys, "rgba(255,0,255,0.1)", 2);
  if (state.outputs) for (const ys of state.outputs) plot(ys, "#ff8c00", 2.5);
}

function drawCost() {
  const canvas = $("cost"), g = canvas.getContext("2d"), w = canvas.width, h = canvas.height;
  const left = 60, right = 15, top = 15, bottom = 40;
  g.fillStyle = "#fff";
  g.fillRect(0, 0, w, h);
  const points = state.costs.filter((p) => p[1] > 0 && Number.isFinite(p[1]));
  if (points.length === 0) return;
  const maxIteration = Math.max(1, points[points.length - 1][0]);
  let low = Math.floor(Math.log10(Math.min(...points.map((p) => p[1]))));
  let high = Math.ceil(Math.log10(Math.max(...points.map((p) => p[1]))));
  if (high === low) high = low + 1;
  const px = (i) => left + (w - left - right) * i / maxIteration;
  const py = (c) => top + (h - top - bottom) * (high - Math.log10(c)) / (high - low);
  g.strokeStyle = "#ddd"; g.fillStyle = "#555"; g.font = "12px system-ui"; g.lineWidth = 1;
  for (let e = low; e <= high; e++) {
    g.beginPath(); g.moveTo(left, py(10 ** e)); g.lineTo(w - right, py(10 ** e)); g.stroke();
    g.fillText(`1e${e}`, 8, py(10 ** e) + 4);
  }
  g.fillText(`iteration ${maxIteration.toLocaleString("en-US")}`, w - right - 130, h - 12);
  g.strokeStyle = "#000080"; g.lineWidth = 1.5; g.beginPath();
  points.forEach((p, i) => (i === 0 ? g.moveTo(px(p[0]), py(p[1])) : g.lineTo(px(p[0]), py(p[1]))));
  g.stroke();
}

// The user's CSV, from the file picker or dropped on the figure: a new session trains on it.
async function useFile(file) {
  if (!file) return;
  if (file.size > 1000000) { showError(`${file.name} is larger than 1 MB; the playground takes small data sets`); return; }
  state.csv = await file.text();
  state.csvName = file.name;
  $("heart").hidden = false;
  $("points").disabled = true;
  start();
}
$("file").addEventListener("change", () => useFile($("file").files[0]));
$("curve").addEventListener("dragover", (e) => e.preventDefault());
$("curve").addEventListener("drop", (e) => { e.preventDefault(); useFile(e.dataTransfer.files[0]); });
$("heart").addEventListener("click", () => {
  state.csv = state.csvName = null;
  $("file").value = "";
  $("heart").hidden = true;
  $("points").disabled = false;
  start();
});
$("figure").addEventListener("click", (e) => {
  e.preventDefault();
  $("curve").toBlob((blob) => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "figure.png";
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }, "image/png");
});

// The figure as SVG: the same drawing, its curves and samples as vector lines and dots (the heart's background and
// the input plane's cells as an embedded picture, which they are by nature).
function figureSvg() {
  const size = $("curve").width, parts = [];
  const line = (xs, ys, color, width, opacity = 1) => parts.push(`<polyline fill="none" stroke="${color}" stroke-width="${width}" stroke-opacity="${opacity}" points="${
    xs.map((x, i) => `${(x * size).toFixed(2)},${((1 - ys[i]) * size).toFixed(2)}`).join(" ")}"/>`);
  const dot = (x, y, color) => parts.push(`<circle cx="${(x * size).toFixed(2)}" cy="${((1 - y) * size).toFixed(2)}" r="3" fill="${color}" stroke="#333"/>`);
  const t = state.targets, inputs = state.inputs;
  if (t && t.length === 2) {
    const inUnit = t.every((row) => row.every((v) => v >= 0 && v <= 1));
    const [x0, x1] = inUnit ? [0, 1] : bounds(t[0]), [y0, y1] = inUnit ? [0, 1] : bounds(t[1]);
    if (inUnit && background) {
      const c = document.createElement("canvas"); c.width = c.height = size; c.getContext("2d").putImageData(background, 0, 0);
      parts.push(`<image width="${size}" height="${size}" href="${c.toDataURL("image/png")}"/>`);
    }
    const plot = (xs, ys, color, width, opacity) => line(xs.map((v) => (v - x0) / (x1 - x0)), ys.map((v) => (v - y0) / (y1 - y0)), color, width, opacity);
    plot(t[0], t[1], "#008000", 1.5);
    for (const s of state.trail) plot(s[0], s[1], "#ff00ff", 2, 0.1);
    if (state.outputs) plot(state.outputs[0], state.outputs[1], "#ff8c00", 2.5);
  } else if (t && inputs.length === 1) {
    const x = inputs[0], order = x.map((_, i) => i).sort((a, b) => x[a] - x[b]);
    const [x0, x1] = bounds(x), [y0, y1] = bounds(...t, ...(state.outputs || []));
    const px = (v) => (v - x0) / (x1 - x0), py = (v) => (v - y0) / (y1 - y0);
    for (const ys of t) for (const i of order) dot(px(x[i]), py(ys[i]), "#008000");
    for (const s of state.trail) for (const ys of s) line(order.map((i) => px(x[i])), order.map((i) => py(ys[i])), "#ff00ff", 2, 0.1);
    if (state.outputs) for (const ys of state.outputs) line(order.map((i) => px(x[i])), order.map((i) => py(ys[i])), "#ff8c00", 2.5);
  } else {
    parts.push(`<image width="${size}" height="${size}" href="${$("curve").toDataURL("image/png")}"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}"><rect width="${size}" height="${size}" fill="#fff"/>${parts.join("")}</svg>`;
}
$("figure-svg").addEventListener("click", (e) => {
  e.preventDefault();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([figureSvg()], { type: "image/svg+xml" }));
  link.download = "figure.svg";
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
});

async function act(action) {
  if (!state.id) return;
  try { await post(`/api/sessions/${state.id}/${action}`); showError(null); } catch (e) { showError(e.message); }
}

$("play").addEventListener("click", () => act(state.playing ? "pause" : "play"));
$("step").addEventListener("click", () => act("step"));
$("reset").addEventListener("click", () => act("reset"));
// The optimizer's controls, made from the catalog: the learning rate (set to the optimizer's own default when it is
// chosen), the optimizer's own settings (labelled, described and defaulted by the catalog) and the weight decay.
function showOptimizerSettings() {
  const optimizer = catalog.optimizers.find((o) => o.name === $("optimizer").value);
  const weightDecay = $("weightDecay") ? $("weightDecay").value : null;
  const controls = [catalog.learningRate, ...optimizer.settings, catalog.weightDecay].map((setting) => settingControl(setting));
  $("optimizer-settings").replaceChildren(...controls);
  $("learningRate").value = optimizer.defaultLearningRate;
  if (weightDecay !== null) $("weightDecay").value = weightDecay;
}

// A setting's control: a checkbox for a switch, else a text box holding its default; its id is its name in camelCase.
function settingControl(setting) {
  const label = document.createElement("label");
  label.title = `${setting.description} (${setting.range})`;
  const input = document.createElement("input");
  input.id = camelCase(setting.name);
  input.dataset.setting = setting.name;
  if (setting.switch) {
    input.type = "checkbox";
    input.checked = setting.default !== 0;
    label.append(input, ` ${setting.label}`);
  } else {
    input.value = setting.default;
    input.size = Math.max(5, String(setting.default).length);
    label.append(`${setting.label} `, input);
  }
  input.addEventListener("change", start);
  return label;
}

const camelCase = (name) => name.replace(/-(.)/g, (_, letter) => letter.toUpperCase());

// The values of the optimizer's controls, each under its camelCase name: a switch as true or false, else a number.
function optimizerSettings() {
  const values = {};
  for (const input of $("optimizer-settings").querySelectorAll("input"))
    values[camelCase(input.dataset.setting)] = input.type === "checkbox" ? input.checked : Number(input.value);
  return values;
}

// Hidden layers by buttons as well as typed: each change starts again, as any change of the network does.
function editLayers(change) {
  const layers = $("hidden").value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  change(layers);
  $("hidden").value = layers.join(",");
  start();
}
$("add-layer").addEventListener("click", () => editLayers((layers) => { if (layers.length < 6) layers.push("4"); }));
$("remove-layer").addEventListener("click", () => editLayers((layers) => { layers.pop(); }));
for (const id of ["hidden", "activation", "output", "loss", "batchSize", "points", "seed", "data"])
  $(id).addEventListener("change", start);
$("optimizer").addEventListener("change", () => { showOptimizerSettings(); start(); });
window.addEventListener("beforeunload", () => { if (state.id) navigator.sendBeacon && fetch(`/api/sessions/${state.id}`, { method: "DELETE", keepalive: true }); });

// Every choice the page offers is the library's own (the server's catalog): activations, losses, optimizers and their
// settings, data sets. None is written here or in the HTML.
let catalog = null;
async function loadCatalog() {
  catalog = await (await fetch("/api/catalog")).json();
  for (const activation of catalog.activations.filter((a) => a.elementWise)) {
    const choice = new Option(activation.name, activation.name);
    choice.title = activation.description;
    $("activations").append(new Option(activation.name, activation.name));
    $("output").append(choice);
  }
  const options = (select, items) => $(select).append(...items.map((item) => Object.assign(new Option(item.name ?? item), { title: item.description ?? "" })));
  options("loss", catalog.losses);
  options("optimizer", catalog.optimizers);
  options("data", catalog.data);
  showOptimizerSettings();
}
loadCatalog().catch((e) => showError(`the catalog could not be read: ${e.message}`)).finally(start);
