// Step through one sample: forward layer by layer, the loss, backward, the update, one phase per press (or → ←), each
// neuron's numbers in the table and beside it in the diagram, each phase's formula with its numbers; as the server's
// SampleWalk computes them at the weights of the moment (training is paused first).
import { $, showError } from "./dom.js";
import { state } from "./state.js";
import * as api from "./api.js";
import { labelNeurons } from "./diagram.js";

const walk = { phases: [], at: 0 };

// What each kind of phase shows per neuron.
const columns = {
  input: ["x"], forward: ["a", "z"], loss: ["a", "y", "∂C/∂a (or ∂C/∂z)"], backward: ["a", "", "δ = ∂C/∂z"], update: ["b after", "b before", "δ"],
};

export function offerWalkSamples(count) {
  const select = $("walk-sample");
  if (select.options.length === count) return;
  select.replaceChildren(...Array.from({ length: count }, (_, s) => new Option(String(s + 1), String(s + 1))));
}

function show() {
  const phase = walk.phases[walk.at];
  if (!phase) return;
  $("walk-title").textContent = `${walk.at + 1}/${walk.phases.length} · ${phase.title}`;
  $("walk-formula").textContent = phase.formula;
  const names = columns[phase.kind];
  const number = (v) => (v === null || v === undefined ? "" : Number(v.toPrecision(6)).toString());
  const row = (cells, header) => {
    const tr = document.createElement("tr");
    for (const text of cells) { const cell = document.createElement(header ? "th" : "td"); cell.textContent = text; tr.append(cell); }
    return tr;
  };
  $("walk-neurons").replaceChildren(row(["neuron", ...names], true),
    ...phase.neurons.map((n, j) => row([String(j + 1), number(n.value), number(n.second), number(n.gradient)].slice(0, names.length + 1))));
  labelNeurons(phase.layer, phase.neurons.map((n) => (n.gradient === null || n.gradient === undefined ? number(n.value) : `${number(n.value)} | ${number(n.gradient)}`)));
  $("walk-previous").disabled = walk.at === 0;
  $("walk-next").disabled = walk.at === walk.phases.length - 1;
}

function move(by) {
  walk.at = Math.max(0, Math.min(walk.phases.length - 1, walk.at + by));
  show();
}

$("walk-start").addEventListener("click", async () => {
  if (!state.id) return;
  if (state.playing) await api.act(state.id, "pause");
  const phases = await api.walk(state.id, $("walk-sample").value || 1);
  if (!phases) { showError("the sample could not be walked"); return; }
  walk.phases = phases;
  walk.at = 0;
  show();
  $("walk").focus();
});
$("walk-next").addEventListener("click", () => move(1));
$("walk-previous").addEventListener("click", () => move(-1));
$("walk").addEventListener("keydown", (e) => {
  if (e.key === "ArrowRight" || e.key === "n") { e.preventDefault(); move(1); }
  if (e.key === "ArrowLeft" || e.key === "p") { e.preventDefault(); move(-1); }
});
