// What the page knows of its session: the server's frames as they arrive, and the user's choices.

export const state = {
  id: null, events: null, playing: false, drawing: false,
  trail: [], costs: [], inputs: null, targets: null, outputs: null, plane: null, pictures: null, frame: null, draws: 0,
  csv: null, csvName: null,
  weights: null, biases: null, selected: null, chainAsked: 0, inputLabels: [],
};

window.playground = { state };   // for the browser's console, and the page's tests
