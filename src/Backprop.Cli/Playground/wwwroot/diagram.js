// The network diagram: the weights as lines, chosen by click, tap or keys for the chain-rule panel.
import { $ } from "./dom.js";
import { state } from "./state.js";
import { colors } from "./palette.js";
import { showChain } from "./chain.js";
import { layOutPictures, drawPictures, pictureReach, pictureSide } from "./pictures.js";

// The network diagram: neurons in columns, a line per weight coloured by sign and as wide as it is large. A layer of
// more than shownPerLayer weights draws its largest ones (and the chosen one), so a 64-wide network stays readable and
// each frame cheap; the note under the diagram says so. The diagram grows taller for wide layers.
const svg = "http://www.w3.org/2000/svg";
const shownPerLayer = 400;
const diagram = { shape: "", sizes: [], x: null, y: null, radius: null, shown: [] };
export function drawDiagram() {
  const W = state.weights, element = $("diagram");
  if (!W) return;
  const sizes = [W[0][0].length, ...W.map((w) => w.length)];
  const shape = `${sizes.join(",")} ${state.inputLabels.join(",")}`;   // new features with as many inputs: new labels
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
      set(line, "stroke", value >= 0 ? colors.positive : colors.negative);
      set(line, "stroke-width", Math.min(6, 0.4 + 1.2 * Math.abs(value)).toFixed(1));
      const isSelected = isChosen(l + 1, j + 1, k + 1);
      if (line.isSelected !== isSelected) { line.isSelected = isSelected; line.classList.toggle("selected", isSelected); }
    });
  });
  for (const circle of element.querySelectorAll("circle[data-layer]"))
    circle.classList.toggle("selected", isChosen(Number(circle.dataset.layer), Number(circle.dataset.neuron), null));
  drawPictures(isChosen);
}

// No network: nothing drawn, and the next one is laid out afresh.
export function clearDiagram() {
  diagram.shape = "";
  diagram.sizes = [];
  $("diagram").replaceChildren();
  $("neuron-pictures").replaceChildren();
}

// Neurons' places for a shape: columns across, each layer centred, spaced to fit (taller for wide layers).
function layOut(element, sizes, shape) {
  diagram.shape = shape;
  diagram.sizes = sizes;
  const height = Math.min(720, Math.max(300, 12 * Math.max(...sizes) + 40));
  element.setAttribute("height", height);
  const width = element.width.baseVal.value;
  const gap = (l) => Math.min(36, (height - 30) / Math.max(1, sizes[l] - 1));
  diagram.x = (l) => 50 + l * (width - 90) / (sizes.length - 1);   // room on the left for the inputs' names
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
  layOutPictures(sizes, diagram.x, diagram.y, gap);
  // What each input is (x₁, x₂, or features such as x₁² and sin x₁), left of its neuron (and of its picture).
  state.inputLabels.forEach((text, j) => {
    if (j >= sizes[0]) return;
    const label = document.createElementNS(svg, "text");
    label.setAttribute("x", diagram.x(0) - Math.max(diagram.radius(0), pictureSide(0) / 2) - 3);   // left of its picture too
    label.setAttribute("y", diagram.y(0, j) + 3.5);
    label.setAttribute("font-size", "10");
    label.setAttribute("text-anchor", "end");
    label.classList.add("input-label");
    label.textContent = text;
    element.appendChild(label);
  });
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
    const distance = Math.hypot(px - diagram.x(l), py - diagram.y(l, j)) - drawnRadius(l);
    if (distance < nearest) { nearest = distance; best = l > 0 ? { layer: l, neuron: j + 1, input: null } : null; }
  } });
  if (nearest <= reach && best === null) return;   // an input neuron: it has no bias
  if (nearest > reach) diagram.shown.forEach((chosen, l) => chosen.forEach(([j, k]) => {
    const distance = toSegment(px, py, diagram.x(l), diagram.y(l, k), diagram.x(l + 1), diagram.y(l + 1, j));
    if (distance < nearest) { nearest = distance; best = { layer: l + 1, neuron: j + 1, input: k + 1 }; }
  }));
  if (best && nearest <= reach) select(best);
});
// How far from its centre a neuron is drawn: its circle, or its picture over it.
const drawnRadius = (l) => Math.max(diagram.radius(l), pictureReach(l));
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

// The numbers of one layer's neurons written beside them (the sample walk's), or none when texts is empty.
export function labelNeurons(layer, texts) {
  const element = $("diagram");
  element.querySelector("g[data-labels]")?.remove();
  if (!diagram.sizes.length || texts.length === 0) return;
  const group = document.createElementNS(svg, "g");
  group.dataset.labels = layer;
  texts.forEach((text, j) => {
    const label = document.createElementNS(svg, "text");
    label.setAttribute("x", diagram.x(layer) + drawnRadius(layer) + 3);
    label.setAttribute("y", diagram.y(layer, j) - diagram.radius(layer) - 2);
    label.setAttribute("font-size", "10");
    label.textContent = text;
    group.append(label);
  });
  element.append(group);
}

// A weight or bias chosen (or none, null): its chain rule is asked for and the diagram marks it.
export function select(parameter) {
  state.selected = parameter;
  if (parameter) showChain(); else $("chain").hidden = true;
  drawDiagram();
}
