// Starts the page's first requests before the module graph of lesson.js has loaded (issue 13, "time to a usable
// prompt"): the lesson, the learner's language, the workspace and, once the workspace is known, the socket of its
// first terminal. No imports, so the browser runs it the moment this one small file arrives (it is the first,
// parser-blocking script of lesson.html: loaded first and at high priority, where an async script would queue behind
// the stylesheets and module preloads on HTTP/1.1's six connections). lesson.js and terminal.js pick the results up
// from window.playgroundEarly. A separate file, not an inline script: the pages' CSP allows scripts from 'self' only.
(() => {
  performance.mark('pg:early');
  const match = location.pathname.match(/^\/lessons\/([^/]+)\/([^/]+)\/?$/);
  if (!match) return;
  const [track, lesson] = [decodeURIComponent(match[1]), decodeURIComponent(match[2])];
  const json = (response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status))));
  const get = (url) => fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(json);
  // An HTTP answer the page takes over as it is, refusals included, instead of asking the server a second time:
  // { status, statusText, body (parsed JSON or null) }. Rejects only when there was no answer (network).
  const answer = (response) => response.text().then((text) => {
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch { body = null; }
    return { status: response.status, statusText: response.statusText, body };
  });
  let stored = null;
  try { stored = localStorage.getItem('pg.language'); } catch { /* private mode */ }
  const lessonUrl = `/api/lessons/${encodeURIComponent(track)}/${encodeURIComponent(lesson)}${stored ? `?lang=${encodeURIComponent(stored)}` : ''}`;
  const lessonAnswer = fetch(lessonUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(answer);

  // The first terminal's socket, opened while the page's modules, fonts and xterm are still loading; frames that
  // arrive before terminal.js adopts it are kept in order. Not adopted within ADOPT_LIMIT_MS (the page failed or
  // went another way): closed, and the page's own connection attaches as usual.
  const ADOPT_LIMIT_MS = 30000;
  let pending = null;

  // Leaving the page gives a queue place up (keepalive outlives the page), as queue.js does once it runs.
  let leaveLine = null;
  function guardTicket(ticket) {
    if (!ticket) return;
    leaveLine = () => {
      fetch(`/api/queue/${encodeURIComponent(ticket)}`, { method: 'DELETE', credentials: 'same-origin', keepalive: true }).catch(() => {});
    };
    window.addEventListener('pagehide', leaveLine);
  }
  function openTerminal(workspace) {
    if (!workspace?.id || !workspace.token || !window.WebSocket) return;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${location.host}/ws/workspaces/${encodeURIComponent(workspace.id)}/terminals/1?token=${encodeURIComponent(workspace.token)}`;
    let socket;
    try { socket = new WebSocket(url); } catch { return; }
    socket.binaryType = 'arraybuffer';
    const frames = [];
    const entry = { workspaceId: workspace.id, index: 1, socket, frames, closed: null };
    socket.onmessage = (event) => frames.push(event);
    socket.onclose = (event) => { entry.closed = event; };
    entry.timer = setTimeout(() => {
      if (pending !== entry) return;
      pending = null;
      try { socket.close(1000, 'not adopted'); } catch { /* closing already */ }
    }, ADOPT_LIMIT_MS);
    pending = entry;
  }

  // Without the server's hint (a page not served by PageEndpoints), the lesson's JSON decides, as lesson.js would.
  const hint = document.querySelector('meta[name="pg-terminal-environment"]')?.getAttribute('content') ?? null;
  const available = (data) => {
    const environment = data?.environment;
    return Boolean(environment && environment.name !== 'none' && environment.available);
  };

  const early = {
    track,
    lesson,
    // The lesson's available terminal environment as the server named it, '' for none, null when not named.
    terminalEnvironment: hint,
    me: get('/api/me'),
    // The lesson's answer as it came, refusals included (404, 422 with problems in author mode).
    lessonAnswer,
    // Only a lesson whose environment is available asks for a workspace (the same POST lesson.js would send). The
    // server names that environment in the page (meta pg-terminal-environment, empty for none), so the POST starts
    // now, beside the lesson's JSON; the pg_learner cookie came with the page, so it cannot mint a second learner.
    workspace: (hint === null ? lessonAnswer.then((a) => a.status === 200 && available(a.body)) : Promise.resolve(hint !== '')).then((wanted) => {
      if (!wanted) return null;
      performance.mark('pg:workspace-request');
      return fetch('/api/workspaces', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ track, lesson }),
      }).then(answer).then((reply) => {
        performance.mark('pg:workspace');
        // A queue ticket (202) has no token: nothing to attach to yet, but a place in line to give up if the learner
        // leaves before the page's own queue code takes the ticket over (lesson.js calls keepQueueTicket()).
        if (reply.status === 202 && reply.body?.queued) guardTicket(reply.body.ticket);
        else if (reply.status >= 200 && reply.status < 300) openTerminal(reply.body);
        return reply;
      });
    }),
    /** The page's queue code now holds the ticket (and gives it up on leaving): stop guarding it here. */
    keepQueueTicket() {
      if (leaveLine) window.removeEventListener('pagehide', leaveLine);
      leaveLine = null;
    },
    /**
     * The pre-opened socket of this workspace's terminal, once: { socket, frames (message events so far, in order),
     * closed (the close event, if it closed) }, or null. The caller takes over the socket's handlers.
     */
    takeTerminal(workspaceId, index) {
      const entry = pending;
      if (!entry || entry.workspaceId !== workspaceId || entry.index !== index) return null;
      pending = null;
      clearTimeout(entry.timer);
      return entry;
    },
  };
  // Refusals come back as answers that lesson.js shows as they are; only a request that got no answer at all (the
  // network) rejects, and lesson.js then asks again the ordinary way.
  for (const promise of [early.me, early.lessonAnswer, early.workspace]) promise.catch(() => {});
  window.playgroundEarly = early;
})();
