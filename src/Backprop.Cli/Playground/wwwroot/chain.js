// The chain-rule panel: ∂C/∂w as a product of factors, checked by a finite difference, and every layer's ∂C/∂W.
import { $ } from "./dom.js";
import { state } from "./state.js";
import { colors } from "./palette.js";
import * as api from "./api.js";

const digits = (v) => (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(5) : v.toExponential(3));
function values(rows) {
  const shown = rows.slice(0, 8).map((row) => row.slice(0, 8).map(digits).join("  ") + (row.length > 8 ? "  …" : ""));
  return (rows[0].length === 1 ? "[" + rows.slice(0, 8).map((r) => digits(r[0])).join(", ") + (rows.length > 8 ? ", …" : "") + "]ᵀ"
    : shown.join("\n") + (rows.length > 8 ? "\n…" : ""));
}

// The chosen parameter's derivative by the chain rule: its factors, their product and the finite difference, as the server computes them.
export async function showChain() {
  const p = state.selected;
  if (!state.id || !p) return;
  state.chainAsked = performance.now();
  const chain = await api.chain(state.id, p);
  if (!chain) return;
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
      g.globalAlpha = t;
      g.fillStyle = v >= 0 ? colors.positive : colors.negative;
      g.fillRect(k * cell, j * cell, cell - 1, cell - 1);
      g.globalAlpha = 1;
    }));
    if (l + 1 === p.layer && p.input) { g.strokeStyle = colors.mark; g.lineWidth = 2; g.strokeRect((p.input - 1) * cell, (p.neuron - 1) * cell, cell - 1, cell - 1); }
  });
  const sup = (n) => String(n).replace(/\d/g, (d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[d]);
  $("heatmap-caption").textContent = `∂C/∂W⁽${sup(1)}⁾ … ∂C/∂W⁽${sup(layers.length)}⁾, one scale: largest |∂C/∂w| ${largest.toPrecision(3)}`;
}
