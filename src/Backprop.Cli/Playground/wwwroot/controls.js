// The controls: every choice offered is the library's own (the server's catalog: activations, losses, optimizers and
// their settings, data sets), none written here or in the HTML; settings() reads them for a new session.
import { $, showError } from "./dom.js";
import { state } from "./state.js";
import * as api from "./api.js";

let catalog = null;
let changed = () => {};   // the network, data or seed: a new session
let tuned = () => {};     // how it steps: the running session goes on

// The session's settings as the server reads them.
export function settings() {
  const hidden = $("hidden").value.trim() === "" ? [] : $("hidden").value.split(",").map((s) => Number(s.trim()));
  return {
    hidden, activation: $("activation").value, optimizer: $("optimizer").value,
    output: $("output").value || null, loss: $("loss").value, batchSize: $("batchSize").value.trim() === "" ? null : Number($("batchSize").value),
    ...optimizerSettings(),
    points: Number($("points").value), seed: Number($("seed").value), data: $("data").value,
    dataNoise: $("dataNoise").value.trim() === "" ? null : Number($("dataNoise").value),
    stepsPerSecond: $("speed").value === "" ? null : Number($("speed").value),
    testShare: $("testShare").value === "" ? null : Number($("testShare").value),
    features: state.csv ? null : chosenFeatures(),
    csv: state.csv, csvName: state.csvName,
    inputs: state.csv && $("target").value !== "" ? Number($("target").value) : null,
    csvClasses: state.csv && $("csvClasses").value !== "" ? $("csvClasses").value === "true" : null,
  };
}

// Fill the controls from the catalog; call onChange when the network, the data or the seed changes (a new session
// starts), onTune when how it steps changes (optimizer, its settings, learning rate, weight decay, batch size).
export async function loadControls(onChange, onTune) {
  changed = onChange;
  tuned = onTune;
  catalog = await api.catalog();
  for (const activation of catalog.activations.filter((a) => a.elementWise)) {
    $("activations").append(new Option(activation.name, activation.name));
    $("output").append(Object.assign(new Option(activation.name, activation.name), { title: activation.description }));
  }
  const options = (select, items) => $(select).append(...items.map((item) => Object.assign(new Option(item.name ?? item), { title: item.description ?? "" })));
  options("loss", catalog.losses);
  options("optimizer", catalog.optimizers);
  options("data", catalog.data);
  showOptimizerSettings();
  showFeatures();
  fromUrl();
  const changedThen = changed, tunedThen = tuned;
  changed = () => { toUrl(); changedThen(); };
  tuned = () => { toUrl(); tunedThen(); };
}

// The page's state in its URL (after #): every setting but a file's contents, so that a copied URL opens the same
// settings and, with the same seed, the same run.
const urlKeys = ["hidden", "activation", "output", "loss", "batchSize", "optimizer", "data", "points", "dataNoise", "testShare", "seed", "speed", "discretize", "pictures"];
function toUrl() {
  const params = new URLSearchParams();
  for (const id of urlKeys) {
    const control = $(id);
    const value = control.type === "checkbox" ? (control.checked === control.defaultChecked ? "" : String(control.checked)) : control.value;   // a switch when not as the page starts
    if (value !== "") params.set(id, value);
  }
  for (const input of $("optimizer-settings").querySelectorAll("input"))
    params.set(input.id, input.type === "checkbox" ? String(input.checked) : input.value);
  const features = chosenFeatures();
  if (features !== null) params.set("features", features);
  history.replaceState(null, "", "#" + params.toString());
}

function fromUrl() {
  const params = new URLSearchParams(location.hash.slice(1));
  if ([...params.keys()].length === 0) return;
  const set = (control, value) => { if (control.type === "checkbox") control.checked = value === "true"; else control.value = value; };
  for (const id of urlKeys) if (params.has(id)) set($(id), params.get(id));
  showOptimizerSettings();   // the chosen optimizer's controls, then their values
  for (const input of $("optimizer-settings").querySelectorAll("input")) if (params.has(input.id)) set(input, params.get(input.id));
  showFeatures(params.get("features"));
}

// The input features TensorFlow Playground offers, as the catalog lists them for the data's inputs (x₁, x₂, x₁², x₂²,
// x₁x₂, sin x₁, sin x₂ for two): one checkbox each, the inputs themselves checked unless told (a comma list of names).
function showFeatures(chosen = null) {
  const data = catalog.data.find((d) => d.name === $("data").value);
  const offered = catalog.features.find((f) => f.inputs === data?.inputSize)?.offered ?? [];
  const checked = chosen === null ? offered.slice(0, data?.inputSize ?? 0).map((f) => f.name) : chosen.split(",");
  $("features").replaceChildren(...offered.map((feature) => {
    const label = document.createElement("label");
    const box = Object.assign(document.createElement("input"), { type: "checkbox", checked: checked.includes(feature.name) });
    box.dataset.feature = feature.name;
    box.addEventListener("change", () => changed());
    label.append(box, ` ${feature.label}`);
    return label;
  }));
  $("features-label").hidden = offered.length === 0;
}

// The checked features as train --features takes them, or null when they are the inputs themselves (or there are none offered).
function chosenFeatures() {
  const boxes = [...$("features").querySelectorAll("input")];
  const names = boxes.filter((box) => box.checked).map((box) => box.dataset.feature);
  const inputs = catalog?.data.find((d) => d.name === $("data").value)?.inputSize ?? 0;
  const plain = boxes.slice(0, inputs).map((box) => box.dataset.feature);
  return boxes.length === 0 || names.join(",") === plain.join(",") ? null : names.join(",");
}

// The optimizer's controls: the learning rate (set to the optimizer's own default when it is chosen), the optimizer's
// own settings (labelled, described and defaulted by the catalog) and the weight decay.
function showOptimizerSettings() {
  const optimizer = catalog.optimizers.find((o) => o.name === $("optimizer").value);
  const control = (setting) => $(camelCase(setting.name));
  const weightDecay = control(catalog.weightDecay)?.value ?? null;
  $("optimizer-settings").replaceChildren(...[catalog.learningRate, ...optimizer.settings, catalog.weightDecay].map(settingControl));
  control(catalog.learningRate).value = optimizer.defaultLearningRate;
  if (weightDecay !== null) control(catalog.weightDecay).value = weightDecay;
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
  input.addEventListener("change", () => tuned());
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
  changed();
}
$("add-layer").addEventListener("click", () => editLayers((layers) => { if (layers.length < 6) layers.push("4"); }));
$("remove-layer").addEventListener("click", () => editLayers((layers) => { layers.pop(); }));
for (const id of ["hidden", "activation", "output", "loss", "points", "dataNoise", "testShare", "seed", "target", "csvClasses"])
  $(id).addEventListener("change", () => changed());
$("data").addEventListener("change", () => { showFeatures(); changed(); });
$("batchSize").addEventListener("change", () => tuned());
$("speed").addEventListener("change", () => tuned());
$("discretize").addEventListener("change", () => toUrl());
$("pictures").addEventListener("change", () => toUrl());
$("optimizer").addEventListener("change", () => { showOptimizerSettings(); tuned(); });

// The user's CSV, from the file picker or dropped on the figure: a new session trains on it.
async function useFile(file) {
  if (!file) return;
  if (file.size > 1000000) { showError(`${file.name} is larger than 1 MB; the playground takes small data sets`); return; }
  state.csv = await file.text();
  state.csvName = file.name;
  offerTargets(state.csv.split(/\r?\n/, 1)[0].split(",").map((name) => name.trim().replace(/^"|"$/g, "")));
  $("heart").hidden = false;
  $("points").disabled = $("dataNoise").disabled = true;
  $("features-label").hidden = true;
  changed();
}
$("file").addEventListener("change", () => useFile($("file").files[0]));
$("curve").addEventListener("dragover", (e) => e.preventDefault());
$("curve").addEventListener("drop", (e) => { e.preventDefault(); useFile(e.dataTransfer.files[0]); });
// The user's columns as targets: choosing one makes it and those after it the targets (a label column of any name).
function offerTargets(columns) {
  $("target").replaceChildren(new Option("by the header", ""),
    ...columns.slice(1).map((name, i) => new Option(i + 2 === columns.length ? name : `${name} … ${columns[columns.length - 1]}`, String(i + 1))));
  $("csvClasses").value = "";
  for (const label of document.querySelectorAll(".csv-only")) label.hidden = false;
}

$("heart").addEventListener("click", () => {
  state.csv = state.csvName = null;
  for (const label of document.querySelectorAll(".csv-only")) label.hidden = true;
  $("file").value = "";
  $("heart").hidden = true;
  $("points").disabled = $("dataNoise").disabled = false;
  showFeatures();
  changed();
});
