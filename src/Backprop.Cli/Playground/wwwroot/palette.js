// The page's colours, one palette: the CSS variables of style.css, read here for the canvases and the SVG.

const style = getComputedStyle(document.documentElement);
const read = (name) => style.getPropertyValue(name).trim();

export const colors = {
  positive: read("--positive"), negative: read("--negative"),
  target: read("--target"), trail: read("--trail"), now: read("--now"), cost: read("--cost"), testCost: read("--test-cost"),
  grid: read("--grid"), text: read("--muted"), ink: read("--ink"), mark: read("--mark"), paper: read("--paper"),
  near: read("--background-near"), far: read("--background-far"),
  classes: Array.from({ length: 8 }, (_, i) => read(`--class-${i + 1}`)),
};

// [r, g, b] of a #rrggbb or #rgb colour, parsed once per colour (the input plane asks for thousands a frame).
const parsed = new Map();
export function rgb(hex) {
  if (!parsed.has(hex)) {
    const digits = hex.length === 4 ? [...hex.slice(1)].map((d) => d + d) : [hex.slice(1, 3), hex.slice(3, 5), hex.slice(5, 7)];
    parsed.set(hex, digits.map((d) => parseInt(d, 16)));
  }
  return parsed.get(hex);
}

// [r, g, b] a fraction t of the way from one colour to another.
export function mix(from, to, t) {
  const a = rgb(from), b = rgb(to);
  return a.map((v, i) => Math.round(v + (b[i] - v) * t));
}

// The colour a fraction t of the way from one colour to another, as rgb(…).
export const between = (from, to, t) => `rgb(${mix(from, to, t).join(",")})`;

// The diverging scale of the input plane and the neuron pictures: [r, g, b] for t in [0, 1], the negative colour (orange) at
// 0, the paper (white) at ½, the positive colour (blue) at 1; strength < 1 stops short of the full colours (a pale plane).
export function diverging(t, strength = 1) {
  t = Math.max(0, Math.min(1, t));
  return t < 0.5 ? mix(colors.paper, colors.negative, strength * (1 - 2 * t)) : mix(colors.paper, colors.positive, strength * (2 * t - 1));
}
