// The chain-rule panel: ∂C/∂w as a product of factors, checked by a finite difference, and every layer's ∂C/∂W.
import { $ } from "./dom.js";
import { state } from "./state.js";
import { colors } from "./palette.js";
import * as api from "./api.js";

// One sample's numbers, six significant digits: what a learner multiplies by hand.
const hand = (v) => Number(v.toPrecision(6)).toString();
const row = (cells) => {
  const tr = document.createElement("tr");
  for (const text of cells) {
    const td = document.createElement("td");
    td.textContent = text;
    td.style.whiteSpace = "pre";
    tr.append(td);
  }
  return tr;
};

// The samples the panel offers: all (the sum), or one of them.
export function offerSamples(count) {
  const select = $("chain-sample");
  if (select.options.length === count + 1) return;
  const chosen = select.value;
  select.replaceChildren(new Option("all (the sum)", ""), ...Array.from({ length: count }, (_, s) => new Option(String(s + 1), String(s + 1))));
  select.value = Number(chosen) <= count ? chosen : "";
}
$("chain-sample").addEventListener("change", () => showChain());

// The chosen parameter's derivative by the chain rule, as the server computes it. For one sample: its factors, the
// product after each (a σ′ multiplies element by element, a W as Wᵀg), and its contribution, every number to six
// digits so that it multiplies out by hand. For all: the sum of each sample's product, its first terms and the total
// (never a product of averages), checked by a finite difference.
export async function showChain() {
  const p = state.selected;
  if (!state.id || !p) return;
  state.chainAsked = performance.now();
  const sample = $("chain-sample").value;
  const chain = await api.chain(state.id, p, sample);
  if (!chain) return;
  $("chain").hidden = false;
  $("chain-title").textContent = `∂C/∂${chain.parameter}`;
  const chainOf = chain.factors.map((f) => f.name).join(" · ");
  const table = $("chain-factors");
  const product = $("chain-product");
  product.dataset.value = chain.value;
  product.dataset.finiteDifference = chain.finiteDifference;
  if (chain.sample) {
    $("chain-formula").textContent = `sample ${chain.sample}: (∂C/∂${chain.parameter})ₛ = ${chainOf}`;
    const rows = [row(["factor", "this sample's value"]), ...chain.factors.map((f) => row([f.name, f.values.map((r) => r.map(hand).join("  ")).join("\n")]))];
    rows.push(row(["product so far", ""]));
    chain.products.forEach((step, i) => {
      const how = i === 0 ? step.name : chain.factors[i].name.startsWith("∂a") ? `${chain.products[i - 1].name} ⊙ ${chain.factors[i].name}` : `(${chain.factors[i].name})ᵀ ${chain.products[i - 1].name}`;
      rows.push(row([`${step.name} = ${how}`, step.values[0].map(hand).join("  ")]));
    });
    table.replaceChildren(...rows);
    const last = chain.products[chain.products.length - 1], neuron = p.neuron - 1;
    product.dataset.contribution = chain.contribution;
    product.textContent = `this sample's contribution: ${hand(last.values[0][neuron])} × ${hand(chain.factors[chain.factors.length - 1].values[0][0])} = ${hand(chain.contribution)}`
      + ` · of ∂C/∂${chain.parameter} = ${chain.value.toPrecision(8)}, the sum over all ${chain.samples} samples`;
  } else {
    $("chain-formula").textContent = `∂C/∂${chain.parameter} = Σₛ (${chainOf})ₛ: each sample's product, summed over the ${chain.samples} samples`;
    table.replaceChildren(row(["sample", "its product"]), ...chain.firstContributions.map((c, s) => row([String(s + 1), hand(c)])));
    const terms = chain.firstContributions.map(hand).join(" + ") + (chain.samples > chain.firstContributions.length ? ` + … (${chain.samples} terms)` : "");
    product.textContent = `= ${terms} = ${chain.value.toPrecision(8)} · finite difference: ${chain.finiteDifference.toPrecision(8)}`;
  }
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
