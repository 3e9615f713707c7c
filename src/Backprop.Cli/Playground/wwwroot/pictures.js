// The neuron pictures: each neuron's output over the input plane (the server's frame.pictures, two inputs only), drawn in
// its node of the diagram as TensorFlow Playground draws them; row 0 at the top (the highest x₂), as on the input plane.
import { $ } from "./dom.js";
import { state } from "./state.js";
import { diverging } from "./palette.js";

const largest = 28, smallest = 8;   // px a side: a picture smaller than 8 px shows nothing and is not drawn
const pictures = { shape: "", side: () => 0, drawn: null };

// One canvas per neuron of the diagram, centred on it, as wide as the room between neurons allows (at most 28 px).
export function layOutPictures(sizes, x, y, gap) {
  const box = $("neuron-pictures"), border = $("diagram").clientLeft;
  pictures.shape = sizes.join(",");
  pictures.side = (l) => { const side = Math.min(largest, Math.floor(gap(l) - 6)); return side >= smallest ? side : 0; };
  pictures.drawn = null;
  box.replaceChildren();
  sizes.forEach((n, l) => { for (let j = 0; j < n && pictures.side(l) > 0; j++) {
    const canvas = document.createElement("canvas"), side = pictures.side(l);
    Object.assign(canvas.dataset, { layer: l, neuron: j + 1 });
    Object.assign(canvas.style, { left: `${border + x(l) - side / 2}px`, top: `${border + y(l, j) - side / 2}px`, width: `${side}px`, height: `${side}px` });
    box.append(canvas);
  } });
}

// The side of layer l's pictures as laid out (0: none), shown or not.
export const pictureSide = (l) => pictures.side(l);

// Whether the pictures are on the page: asked for, sent, and of the diagram's shape.
const shown = () => $("pictures").checked && !!state.pictures && state.pictures.layers.map((l) => l.neurons.length).join(",") === pictures.shape;

// How far from a neuron's centre its picture reaches (0 when none is shown): a click there is on the neuron.
export const pictureReach = (l) => (shown() ? pictures.side(l) / 2 : 0);

// Each neuron's picture, its bytes q decoded as v = low + q/255 · (high − low) and coloured on its layer's scale (the
// negative colour at scaleLow, the paper halfway, the positive colour at scaleHigh); the chosen neuron outlined.
export function drawPictures(isChosen) {
  const box = $("neuron-pictures"), p = state.pictures;
  box.hidden = !shown();
  if (box.hidden) return;
  for (const canvas of box.children) {
    const l = Number(canvas.dataset.layer), j = Number(canvas.dataset.neuron);
    canvas.classList.toggle("selected", l > 0 && isChosen(l, j, null));
    if (pictures.drawn === p) continue;   // the same frame's pictures: only the choice changed
    const layer = p.layers[l], neuron = layer.neurons[j - 1], bytes = atob(neuron.values), n = p.cells;
    if (canvas.width !== n) canvas.width = canvas.height = n;
    const image = new ImageData(n, n), span = layer.scaleHigh - layer.scaleLow;
    for (let i = 0; i < n * n; i++) {
      const v = neuron.low + bytes.charCodeAt(i) / 255 * (neuron.high - neuron.low);
      image.data.set(diverging((v - layer.scaleLow) / span), 4 * i);
      image.data[4 * i + 3] = 255;
    }
    canvas.getContext("2d").putImageData(image, 0, 0);
  }
  pictures.drawn = p;
}
