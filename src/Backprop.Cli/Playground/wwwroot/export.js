// The downloads: the figure as PNG (the canvas) or SVG (the same drawing through an SVG pen); the model's link is the session's.
import { $ } from "./dom.js";
import { drawFigure, svgPen } from "./figure.js";

function download(blob, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

$("figure").addEventListener("click", (e) => {
  e.preventDefault();
  $("curve").toBlob((blob) => download(blob, "figure.png"), "image/png");
});

$("figure-svg").addEventListener("click", (e) => {
  e.preventDefault();
  const size = $("curve").width, pen = svgPen(size, size);
  drawFigure(pen, size);
  download(new Blob([pen.svg()], { type: "image/svg+xml" }), "figure.svg");
});
