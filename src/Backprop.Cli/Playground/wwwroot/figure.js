// The figure and the cost, drawn through a pen: one drawing for the canvas and for the SVG download.
import { state } from "./state.js";
import { colors, diverging, mix, rgb } from "./palette.js";
import { $ } from "./dom.js";

// A pen on a canvas.
export function canvasPen(canvas) {
  const g = canvas.getContext("2d");
  return {
    rect(x, y, w, h, color, alpha = 1) { g.globalAlpha = alpha; g.fillStyle = color; g.fillRect(x, y, w, h); g.globalAlpha = 1; },
    polyline(points, color, width, alpha = 1) {
      g.globalAlpha = alpha; g.strokeStyle = color; g.lineWidth = width; g.beginPath();
      points.forEach(([x, y], i) => (i === 0 ? g.moveTo(x, y) : g.lineTo(x, y)));
      g.stroke(); g.globalAlpha = 1;
    },
    dot(x, y, r, fill, stroke) {
      g.beginPath(); g.arc(x, y, r, 0, 7); g.fillStyle = fill; g.fill();
      if (stroke) { g.strokeStyle = stroke; g.lineWidth = 1; g.stroke(); }
    },
    text(words, x, y, color, px) { g.fillStyle = color; g.font = `${px}px system-ui`; g.fillText(words, x, y); },
    picture(image) { g.putImageData(image, 0, 0); },
    // n × n cells of colour ([r, g, b] of cell i, row by row), stretched over size × size and blended between cells: a smooth plane.
    field(n, colourOf, size) {
      const image = new ImageData(n, n);
      for (let i = 0; i < n * n; i++) { image.data.set(colourOf(i), 4 * i); image.data[4 * i + 3] = 255; }
      const small = document.createElement("canvas");
      small.width = small.height = n;
      small.getContext("2d").putImageData(image, 0, 0);
      g.imageSmoothingEnabled = true; g.imageSmoothingQuality = "high";
      g.drawImage(small, 0, 0, size, size);
    },
  };
}

// A pen that writes SVG; svg() is the document.
export function svgPen(width, height) {
  const parts = [], n = (v) => Number(v).toFixed(2), n2 = n;
  const opacity = (name, alpha) => (alpha < 1 ? ` ${name}="${alpha}"` : "");
  const escape = (words) => words.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return {
    rect(x, y, w, h, color, alpha = 1) { parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${color}"${opacity("fill-opacity", alpha)}/>`); },
    polyline(points, color, width, alpha = 1) {
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="${width}"${opacity("stroke-opacity", alpha)} points="${points.map(([x, y]) => `${n(x)},${n(y)}`).join(" ")}"/>`);
    },
    dot(x, y, r, fill, stroke) { parts.push(`<circle cx="${n(x)}" cy="${n(y)}" r="${r}" fill="${fill}"${stroke ? ` stroke="${stroke}"` : ""}/>`); },
    text(words, x, y, color, px) { parts.push(`<text x="${n(x)}" y="${n(y)}" fill="${color}" font-size="${px}" font-family="system-ui, sans-serif">${escape(words)}</text>`); },
    picture(image) {   // the heart's background is a picture by nature: embedded as PNG
      const canvas = document.createElement("canvas");
      canvas.width = image.width; canvas.height = image.height;
      canvas.getContext("2d").putImageData(image, 0, 0);
      parts.push(`<image width="${image.width}" height="${image.height}" href="${canvas.toDataURL("image/png")}"/>`);
    },
    field(n, colourOf, size) {   // vectors: one square per cell
      const cell = size / n;
      for (let i = 0; i < n * n; i++)
        parts.push(`<rect x="${n2(i % n * cell)}" y="${n2(Math.floor(i / n) * cell)}" width="${n2(cell + 1)}" height="${n2(cell + 1)}" fill="rgb(${colourOf(i).join(",")})"/>`);
    },
    svg: () => `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join("")}</svg>`,
  };
}

// The worksheet's background: Blues by distance from (0.5, 1), white at the top centre, as backprop train draws it.
let background = null;
function worksheetBackground(size) {
  if (background && background.width === size) return background;
  background = new ImageData(size, size);
  const near = rgb(colors.near), far = rgb(colors.far);
  for (let row = 0; row < size; row++)
    for (let col = 0; col < size; col++) {
      const x = (col + 0.5) / size, y = 1 - (row + 0.5) / size;
      const t = Math.min(1, Math.sqrt((x - 0.5) ** 2 + (y - 1) ** 2) / Math.sqrt(1.25)), i = 4 * (row * size + col);
      for (let c = 0; c < 3; c++) background.data[i + c] = near[c] + (far[c] - near[c]) * t;
      background.data[i + 3] = 255;
    }
  return background;
}

// The trail fades: snapshot i of m, the latest at the worksheet's 0.1 and older ones lighter, so that the current curve
// stays clear however long the run.
const fading = (i, m) => 0.1 * Math.pow((i + 1) / m, 2);

// Bounds [low, high] of some arrays of numbers, widened a little.
function bounds(...arrays) {
  let low = Infinity, high = -Infinity;
  for (const a of arrays) for (const v of a) if (Number.isFinite(v)) { low = Math.min(low, v); high = Math.max(high, v); }
  if (!(high > low)) { low -= 0.5; high += 0.5; }
  const pad = 0.05 * (high - low);
  return [low - pad, high + pad];
}

// The figure of the session's state on a size × size square; returns what it shows, in words (null: nothing yet).
export function drawFigure(pen, size) {
  pen.rect(0, 0, size, size, colors.paper);
  const targets = state.targets, inputs = state.inputs;
  if (!targets) return null;
  if (targets.length === 2) return drawOutputPlane(pen, size);
  if (inputs.length === 1) return drawAgainstInput(pen, size);
  if (inputs.length === 2 && state.plane) return drawInputPlane(pen, size);
  pen.text(`${inputs.length} inputs and ${targets.length} outputs: the cost tells the story`, 20, size / 2, colors.text, 15);
  return "The cost";
}

// Two outputs: the curve (y₁, y₂) traces over the samples; the heart's square has the worksheet's background.
function drawOutputPlane(pen, size) {
  const t = state.targets, inUnit = t.every((row) => row.every((v) => v >= 0 && v <= 1));
  const [x0, x1] = inUnit ? [0, 1] : bounds(t[0]), [y0, y1] = inUnit ? [0, 1] : bounds(t[1]);
  if (inUnit) pen.picture(worksheetBackground(size));
  const plot = (xs, ys, color, width, alpha) =>
    pen.polyline(xs.map((x, i) => [(x - x0) / (x1 - x0) * size, (1 - (ys[i] - y0) / (y1 - y0)) * size]), color, width, alpha);
  plot(t[0], t[1], colors.target, 1.5);
  state.trail.forEach((snapshot, i) => plot(snapshot[0], snapshot[1], colors.trail, 2, fading(i, state.trail.length)));
  if (state.outputs) plot(state.outputs[0], state.outputs[1], colors.now, 2.5);
  return "Outputs (y₁, y₂) over the samples";
}

// Two inputs: the input plane in pale colours, the first output's probability as lightness (orange towards 0, blue
// towards 1, white at ½; two colours only when discretized), or with three or more classes the most likely class; the
// samples on top, filled with their own class's full colour and outlined.
function drawInputPlane(pen, size) {
  const p = state.plane, values = p.cells || p.classes, n = Math.round(Math.sqrt(values.length));
  const classes = !!p.classes, discrete = $("discretize").checked;
  const classColor = (k) => colors.classes[k % colors.classes.length];
  const pale = 0.45;   // the background's strongest colour: a sample's full colour stands out on it
  const lightness = (v) => diverging(discrete ? (v >= 0.5 ? 1 : 0) : v, pale);
  pen.field(n, (i) => (classes ? mix(colors.paper, classColor(values[i]), 0.35) : lightness(values[i])), size);
  const full = (v) => (v >= 0.5 ? colors.positive : colors.negative);
  const samples = (inputs, targets, held) => {
    const [x, y] = inputs, t = targets;
    for (let i = 0; i < x.length; i++) {
      let label = 0;
      for (let k = 1; k < t.length; k++) if (t[k][i] > t[label][i]) label = k;
      const colour = classes ? classColor(label) : full(t[0][i]);
      // training samples filled and outlined in ink; held-out test samples as rings of their class's colour
      pen.dot((x[i] - p.x0) / (p.x1 - p.x0) * size, (p.y1 - y[i]) / (p.y1 - p.y0) * size, 4, held ? colors.paper : colour, held ? colour : colors.ink);
    }
  };
  samples(state.inputs, state.targets, false);
  if (state.testInputs) samples(state.testInputs, state.testTargets, true);
  return classes ? "The most likely class over the input plane (pale), the samples on top in their class's colour"
    : "The probability of class 1 over the input plane (pale orange 0, white ½, pale blue 1), the samples on top in their class's colour";
}

// One input: each output against the input, the samples in order of their input.
function drawAgainstInput(pen, size) {
  const x = state.inputs[0], order = x.map((_, i) => i).sort((a, b) => x[a] - x[b]);
  const [x0, x1] = bounds(x), [y0, y1] = bounds(...state.targets, ...(state.outputs || []));
  const px = (v) => (v - x0) / (x1 - x0) * size, py = (v) => (1 - (v - y0) / (y1 - y0)) * size;
  const plot = (ys, color, width, alpha) => pen.polyline(order.map((i) => [px(x[i]), py(ys[i])]), color, width, alpha);
  for (const ys of state.targets) for (const i of order) pen.dot(px(x[i]), py(ys[i]), 2.5, colors.target);
  if (state.testInputs) state.testTargets.forEach((ys) => ys.forEach((v, i) => pen.dot(px(state.testInputs[0][i]), py(v), 3, colors.paper, colors.target)));
  state.trail.forEach((snapshot, i) => { for (const ys of snapshot) plot(ys, colors.trail, 2, fading(i, state.trail.length)); });
  if (state.outputs) for (const ys of state.outputs) plot(ys, colors.now, 2.5);
  return "Outputs against the input";
}

// The cost against iteration, log scale, on a w × h rectangle.
export function drawCost(pen, w, h) {
  const left = 60, right = 15, top = 15, bottom = 40;
  pen.rect(0, 0, w, h, colors.paper);
  const points = state.costs.filter((p) => p[1] > 0 && Number.isFinite(p[1]));
  if (points.length === 0) return;
  const maxIteration = Math.max(1, points[points.length - 1][0]);
  const tested = state.costs.filter((p) => p[2] > 0 && Number.isFinite(p[2]));   // the held-out samples' cost, beside it
  const values = [...points.map((p) => p[1]), ...tested.map((p) => p[2])];
  const low = Math.floor(Math.log10(Math.min(...values)));
  let high = Math.ceil(Math.log10(Math.max(...values)));
  if (high === low) high = low + 1;
  const px = (i) => left + (w - left - right) * i / maxIteration;
  const py = (c) => top + (h - top - bottom) * (high - Math.log10(c)) / (high - low);
  for (let e = low; e <= high; e++) {
    pen.polyline([[left, py(10 ** e)], [w - right, py(10 ** e)]], colors.grid, 1);
    pen.text(`1e${e}`, 8, py(10 ** e) + 4, colors.text, 12);
  }
  pen.text(`iteration ${maxIteration.toLocaleString("en-US")}`, w - right - 130, h - 12, colors.text, 12);
  pen.polyline(points.map((p) => [px(p[0]), py(p[1])]), colors.cost, 1.5);
  if (tested.length > 0) {
    pen.polyline(tested.map((p) => [px(p[0]), py(p[2])]), colors.testCost, 1.5);
    pen.text("training", left + 10, top + 14, colors.cost, 12);
    pen.text("test", left + 80, top + 14, colors.testCost, 12);
  }
}
