// Thin JSON client for the Playground HTTP API. Every failure becomes an ApiError carrying the HTTP status and
// the server's human-readable {error} message, so callers can show it instead of a blank screen.

export class ApiError extends Error {
  constructor(status, message, body = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }

  get timedOut() {
    return this.status === 0 && this.body === 'timeout';
  }
}

/** The ApiError of a refused answer: the server's {error} text, else the status line. */
export function errorOf(status, statusText, json) {
  const message = (json && typeof json.error === 'string' && json.error) || `${status} ${statusText ?? ''}`.trim();
  return new ApiError(status, message, json);
}

// Server time minus local time in ms, learned from the Date header, so countdowns do not drift with a wrong
// client clock.
let clockSkew = 0;

export function serverNow() {
  return Date.now() + clockSkew;
}

function learnClockSkew(response) {
  const date = response.headers.get('Date');
  if (!date) return;
  const server = Date.parse(date);
  // The header has one-second resolution; ignore small differences that are only rounding.
  if (Number.isFinite(server) && Math.abs(server - Date.now()) > 2000) clockSkew = server - Date.now();
}

/**
 * Calls the API. options: body (JSON-serialised), timeoutMs, signal.
 * Resolves to the parsed JSON (null for 204); rejects with ApiError.
 */
export async function api(method, path, options = {}) {
  const { body, timeoutMs, signal } = options;
  const controller = new AbortController();
  let timedOut = false;
  const timer = timeoutMs ? setTimeout(() => { timedOut = true; controller.abort(); }, timeoutMs) : null;
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let response;
    try {
      response = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
    } catch (error) {
      if (timedOut) throw new ApiError(0, 'timeout', 'timeout');
      if (signal?.aborted) throw new ApiError(0, 'aborted', 'aborted');
      throw new ApiError(0, `Network error: ${error.message}`);
    }
    learnClockSkew(response);
    if (response.status === 204) return null;
    const text = await response.text();
    let json = null;
    if (text) {
      try { json = JSON.parse(text); } catch { json = null; }
    }
    if (!response.ok) throw errorOf(response.status, response.statusText, json);
    return json;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (timedOut) throw new ApiError(0, 'timeout', 'timeout');
    throw new ApiError(0, error.message);
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

export const lessonPath = (track, lesson) => `/api/lessons/${encodeURIComponent(track)}/${encodeURIComponent(lesson)}`;
