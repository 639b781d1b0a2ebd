// Requests to the searchd API. Every failure becomes an ApiError carrying
// the API's own message and code ({"error": {"code", "message"}}), or a
// message saying the server could not be reached.

/** ApiError is a failed request: the API's message, its code and the HTTP status (0 without an answer). */
export class ApiError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** getJSON fetches an API URL; errors carry the API's own message. An abort rejects with the AbortError itself. */
export async function getJSON(url, signal) {
  let res;
  try {
    res = await fetch(url, { signal, headers: { Accept: "application/json" } });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError(`Cannot reach the searchd server (${e.message}).`, "network", 0);
  }
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    if (e.name === "AbortError") throw e;
  }
  return checked(res, body);
}

/**
 * sendJSON sends a write (POST, DELETE) with an optional JSON body and
 * resolves with the decoded answer; failures are ApiErrors as for getJSON.
 */
export async function sendJSON(method, url, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(`Cannot reach the searchd server (${e.message}).`, "network", 0);
  }
  let decoded = null;
  try {
    decoded = await res.json();
  } catch {
    // not JSON: checked says so, or gives the status
  }
  return checked(res, decoded);
}

/** checked turns an answer and its decoded body (null when it was not JSON) into the body or an ApiError. */
export function checked(res, body) {
  if (!res.ok) {
    const err = body && body.error;
    throw new ApiError(err && err.message ? err.message : `HTTP ${res.status} ${res.statusText}`, (err && err.code) || "http", res.status);
  }
  if (body == null) throw new ApiError("The server's answer was not JSON.", "bad_response", res.status);
  return body;
}

/**
 * latestOnly wraps load so that each call aborts the one before: a view
 * that refetches as the search changes only ever renders its newest answer.
 * The returned function rejects with an AbortError for a superseded call.
 */
export function latestOnly(load) {
  let ctrl = null;
  return (url) => {
    if (ctrl) ctrl.abort();
    const mine = (ctrl = new AbortController());
    return load(url, mine.signal).then((body) => {
      if (mine !== ctrl) throw new DOMException("superseded", "AbortError");
      return body;
    });
  };
}
