// The playground page: asks the server for a session, streams its frames (Server-Sent Events) and draws them.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { id: null, events: null, playing: false, trail: [], costs: [], target: null, outputs: null, frame: null };

function settings() {
  const hidden = $("hidden").value.trim() === "" ? [] : $("hidden").value.split(",").map((s) => Number(s.trim()));
  return {
    hidden, activation: $("activation").value, optimizer: $("optimizer").value,
    learningRate: Number($("learningRate").value), noise: Number($("noise").value),
    points: Number($("points").value), seed: Number($("seed").value),
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

async function start() {
  if (state.events) state.events.close();
  if (state.id) fetch(`/api/sessions/${state.id}`, { method: "DELETE" });
  state.id = null;
  try {
    const created = await post("/api/sessions", settings());
    showError(null);
    state.id = created.id;
    $("model").href = `/api/sessions/${state.id}/model`;
    state.events = new EventSource(`/api/sessions/${state.id}/events`);
    state.events.onmessage = (message) => receive(JSON.parse(message.data));
    state.events.onerror = () => { if (state.events.readyState === EventSource.CLOSED) showError("the connection to the server closed; reload the page"); };
  } catch (e) {
    showError(e.message);
    $("status").textContent = "not training";
  }
}

function receive(frame) {
  if (frame.newRun) { state.trail = []; state.costs = []; }
  if (frame.target) state.target = frame.target;
  state.trail.push(...frame.trail);
  state.costs.push(...frame.costs);
  state.outputs = frame.outputs;
  state.frame = frame;
  state.playing = frame.playing;
  $("play").textContent = frame.playing ? "Pause" : "Play";
  const rate = frame.playing ? ` · ${Math.round(frame.rate).toLocaleString("en-US")}/s` : "";
  $("status").textContent = `iteration ${frame.iteration.toLocaleString("en-US")} · cost ${frame.cost.toPrecision(3)}${rate}`;
  $("command").textContent = frame.commandLine;
  if (frame.stopped) showError(`training stopped: ${frame.stopped}; the last finite weights are kept`);
  requestAnimationFrame(draw);
}

// The worksheet's background: Blues by distance from (0.5, 1), dark at the top centre.
let background = null;
function drawBackground(g, size) {
  if (!background) {
    background = g.createImageData(size, size);
    for (let row = 0; row < size; row++)
      for (let col = 0; col < size; col++) {
        const x = (col + 0.5) / size, y = 1 - (row + 0.5) / size;
        const z = Math.min(1, Math.sqrt((x - 0.5) ** 2 + (y - 1) ** 2) / Math.sqrt(1.25));
        const t = 1 - z, i = 4 * (row * size + col);   // Blues: white (247,251,255) to dark blue (8,48,107)
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

function draw() {
  const canvas = $("curve"), g = canvas.getContext("2d"), size = canvas.width;
  drawBackground(g, size);
  if (state.target) curve(g, state.target[0], state.target[1], size, "#008000", 1.5);
  for (const snapshot of state.trail) curve(g, snapshot[0], snapshot[1], size, "rgba(255,0,255,0.1)", 2);
  if (state.outputs) curve(g, state.outputs[0], state.outputs[1], size, "#ff8c00", 2.5);
  drawCost();
}

function drawCost() {
  const canvas = $("cost"), g = canvas.getContext("2d"), w = canvas.width, h = canvas.height;
  const left = 60, right = 15, top = 15, bottom = 40;
  g.fillStyle = "#fff";
  g.fillRect(0, 0, w, h);
  const points = state.costs.filter((p) => p[1] > 0);
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

async function act(action) {
  if (!state.id) return;
  try { await post(`/api/sessions/${state.id}/${action}`); showError(null); } catch (e) { showError(e.message); }
}

$("play").addEventListener("click", () => act(state.playing ? "pause" : "play"));
$("step").addEventListener("click", () => act("step"));
$("reset").addEventListener("click", () => act("reset"));
for (const id of ["hidden", "activation", "optimizer", "learningRate", "noise", "points", "seed"])
  $(id).addEventListener("change", start);
window.addEventListener("beforeunload", () => { if (state.id) navigator.sendBeacon && fetch(`/api/sessions/${state.id}`, { method: "DELETE", keepalive: true }); });
start();
