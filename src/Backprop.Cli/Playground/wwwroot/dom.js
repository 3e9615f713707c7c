// The page's elements by id, and its one line for errors.

export const $ = (id) => document.getElementById(id);

export function showError(message) {
  $("error").textContent = message || "";
  $("error").hidden = !message;
}
