// The playground page: asks the server for a session, streams its frames (Server-Sent Events) and draws them.
// Modules: api (the server), state (what the page knows), controls (from the catalog), figure (canvas and SVG through
// one drawing), diagram and chain (the network and the chain rule), export (downloads), palette (style.css's colours).
import { $, showError } from "./dom.js";
import { state } from "./state.js";
import * as api from "./api.js";
import { settings, loadControls } from "./controls.js";
import { drawFigure, drawCost, canvasPen } from "./figure.js";
import { drawDiagram, clearDiagram, select } from "./diagram.js";
import { showChain, offerSamples } from "./chain.js";
import { offerWalkSamples } from "./walk.js";
import "./export.js";

// A new session for the current settings. Only the latest start counts: two quick changes (two clicks of − layer) can
// answer out of order, and a session the page no longer wants is deleted at once.
let starts = 0;
async function start() {
  const mine = ++starts;
  if (state.events) state.events.close();
  if (state.id) api.deleteSession(state.id);
  state.id = null;
  try {
    const created = await api.createSession(settings());
    if (mine !== starts) { api.deleteSession(created.id); return; }
    showError(null);
    state.id = created.id;
    state.inputLabels = created.inputLabels;
    $("model").href = api.modelUrl(state.id);
    state.events = api.events(state.id);
    state.events.onmessage = (message) => receive(JSON.parse(message.data));
    state.events.onerror = () => { if (state.events.readyState === EventSource.CLOSED) showError("the connection to the server closed; reload the page"); };
  } catch (e) {
    if (mine !== starts) return;
    showError(e.message);
    clear();
  }
}

// No session: nothing of the last run stays on the page (its curves, costs, diagram and command line).
function clear() {
  Object.assign(state, { trail: [], costs: [], outputs: null, plane: null, pictures: null, inputs: null, targets: null, frame: null, weights: null, biases: null });
  $("status").textContent = "not training";
  $("command").textContent = $("command-note").textContent = "";
  $("chain").hidden = true;
  if (state.selected) select(null);
  for (const id of ["curve", "cost"]) $(id).getContext("2d").clearRect(0, 0, $(id).width, $(id).height);
  clearDiagram();
}

// How it steps changed: the running session takes the new settings in place and goes on (playing or paused as it
// was); settings the server says need a new session start one.
async function tune() {
  if (!state.id) return start();
  try {
    const changed = await api.change(state.id, settings());
    if (changed === null) return start();
    showError(null);
    $("change-note").textContent = changed.iteration > 0
      ? `New settings from iteration ${changed.iteration.toLocaleString("en-US")} on; training goes on${changed.optimizerStartedAfresh ? " (another optimizer: its state starts afresh)" : ""}.`
      : "New settings; training goes on from here.";
  } catch (e) { showError(e.message); }
}

// The network, the data or the seed changed: a new session, said so.
function restart() {
  $("change-note").textContent = "The network, the data or the seed changed: started again at iteration 0.";
  return start();
}

function receive(frame) {
  frame.cost = Number(frame.cost);   // "Infinity" or "NaN" when the cost overflowed
  if (frame.newRun) { state.trail = []; state.costs = []; }
  if (frame.targets) {
    state.inputs = frame.inputs; state.targets = frame.targets; offerSamples(frame.inputs[0].length); offerWalkSamples(frame.inputs[0].length);
    state.testInputs = frame.testInputs; state.testTargets = frame.testTargets;
  }
  state.trail.push(...frame.trail);
  state.costs.push(...frame.costs.map(([i, c, t]) => [i, Number(c), t === undefined ? null : Number(t)]));
  state.outputs = frame.outputs;
  state.plane = frame.plane;
  if (frame.pictures || !frame.plane) state.pictures = frame.pictures;   // a large network's, while it plays: the last paused ones
  state.frame = frame;
  state.playing = frame.playing;
  $("play").textContent = frame.playing ? "Pause" : "Play";
  const rate = frame.playing ? ` · ${Math.round(frame.rate).toLocaleString("en-US")}/s` : "";
  const cost = Number.isFinite(frame.cost) ? frame.cost.toPrecision(3) : String(frame.cost);
  const test = frame.testCost === null || frame.testCost === undefined ? "" : ` · test ${Number(frame.testCost).toPrecision(3)}`;
  $("status").textContent = `iteration ${frame.iteration.toLocaleString("en-US")} · cost ${cost}${test}${rate}`;
  $("command").textContent = frame.commandLine;
  $("cost-what").textContent = frame.loss === "cross-entropy"
    ? (state.targets && state.targets.length > 1 ? "Cost C = −(1/N) Σ y·log a⁽ᴸ⁾ (cross-entropy over the classes)" : "Cost C = −(1/N) Σ [y log a + (1 − y) log(1 − a)] (cross-entropy)")
    : "Cost C = (1/N) Σ‖a⁽ᴸ⁾ − y‖² (squared)";
  $("command-note").textContent = frame.changedAt > 0
    ? ` (these settings from the start; this run took them at iteration ${frame.changedAt.toLocaleString("en-US")})` : "";
  if (frame.stopped) showError(`training stopped: ${frame.stopped}; the last finite weights are kept`);
  if (frame.weights) { state.weights = frame.weights; state.biases = frame.biases; }
  if (frame.newRun && state.selected) select(null);
  if (state.selected && (!frame.playing || performance.now() - state.chainAsked > 500)) showChain();
  if (!state.drawing) { state.drawing = true; requestAnimationFrame(() => { state.drawing = false; draw(); }); }   // one draw a screen frame
}

function draw() {
  const curve = $("curve"), cost = $("cost");
  const shown = drawFigure(canvasPen(curve), curve.width);
  if (shown) {
    $("curve-what").textContent = shown;
    $("curve-key").hidden = shown.includes("input plane") || shown === "The cost";
    $("intro").textContent = state.csvName ? `A network learning ${state.csvName}, trained live by Backprop's C# engine.`
      : $("data").value === "heart" ? "The worksheet's network learning the heart, trained live by Backprop's C# engine."
      : `A network learning the ${$("data").value} data, trained live by Backprop's C# engine.`;
  }
  drawCost(canvasPen(cost), cost.width, cost.height);
  drawDiagram();
  state.draws++;   // for measuring the page's frame rate (bench/playground-fps.sh)
}

async function act(action) {
  if (!state.id) return;
  try { await api.act(state.id, action); showError(null); } catch (e) { showError(e.message); }
}

$("play").addEventListener("click", () => act(state.playing ? "pause" : "play"));
$("step").addEventListener("click", () => act("step"));
$("reset").addEventListener("click", () => act("reset"));
$("discretize").addEventListener("change", () => draw());
$("pictures").addEventListener("change", () => drawDiagram());
window.addEventListener("beforeunload", () => { if (state.id) api.deleteSession(state.id, true); });

loadControls(restart, tune).catch((e) => showError(`the catalog could not be read: ${e.message}`)).finally(start);
