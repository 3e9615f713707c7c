// The server's API: the catalog, sessions, their frames and actions.

export async function post(path, body) {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({ error: response.statusText }));
    throw new Error(problem.error || response.statusText);
  }
  return response.status === 204 ? null : response.json();
}

// Everything a run can be given, from the library's catalog.
export async function catalog() {
  const response = await fetch("/api/catalog");
  if (!response.ok) throw new Error(response.statusText);
  return response.json();
}

export const createSession = (settings) => post("/api/sessions", settings);
export const deleteSession = (id, keepalive = false) => fetch(`/api/sessions/${id}`, { method: "DELETE", keepalive });
export const act = (id, action) => post(`/api/sessions/${id}/${action}`);

// New steps for the running session (optimizer, its settings, learning rate, weight decay, batch size); null when the
// server says these settings need a new session (409).
export async function change(id, settings) {
  const response = await fetch(`/api/sessions/${id}/settings`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(settings) });
  if (response.status === 409) return null;
  if (!response.ok) {
    const problem = await response.json().catch(() => ({ error: response.statusText }));
    throw new Error(problem.error || response.statusText);
  }
  return response.json();
}
export const events = (id) => new EventSource(`/api/sessions/${id}/events`);
export const modelUrl = (id) => `/api/sessions/${id}/model`;

export async function walk(id, sample) {
  const response = await fetch(`/api/sessions/${id}/walk?sample=${sample}`);
  return response.ok ? response.json() : null;
}

export async function chain(id, { layer, neuron, input }, sample) {
  const response = await fetch(`/api/sessions/${id}/chain?layer=${layer}&neuron=${neuron}` + (input ? `&input=${input}` : "") + (sample ? `&sample=${sample}` : ""));
  return response.ok ? response.json() : null;
}
