// Starts the page's first requests before the module graph of lesson.js has loaded (issue 13, "time to a usable
// prompt"): the lesson, the learner's language and, for a lesson with a terminal, the workspace. No imports, so the
// browser runs it as soon as this one small file arrives; lesson.js picks the promises up from window.playgroundEarly.
// A separate file, not an inline script: the pages' CSP allows scripts from 'self' only.
(() => {
  performance.mark('pg:early');
  const match = location.pathname.match(/^\/lessons\/([^/]+)\/([^/]+)\/?$/);
  if (!match) return;
  const [track, lesson] = [decodeURIComponent(match[1]), decodeURIComponent(match[2])];
  const json = (response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status))));
  const get = (url) => fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(json);
  let stored = null;
  try { stored = localStorage.getItem('pg.language'); } catch { /* private mode */ }
  const lessonUrl = `/api/lessons/${encodeURIComponent(track)}/${encodeURIComponent(lesson)}${stored ? `?lang=${encodeURIComponent(stored)}` : ''}`;
  const lessonData = get(lessonUrl);
  const early = {
    track,
    lesson,
    me: get('/api/me'),
    lessonData,
    // Only a lesson whose environment is available asks for a workspace (the same POST lesson.js would send).
    workspace: lessonData.then((data) => {
      const environment = data?.environment;
      if (!environment || environment.name === 'none' || !environment.available) return null;
      performance.mark('pg:workspace-request');
      return fetch('/api/workspaces', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ track, lesson }),
      }).then((response) => (response.ok ? response.json() : null)).then((workspace) => {
        performance.mark('pg:workspace');
        return workspace;
      });
    }),
  };
  // Failures are handled (and reported) by lesson.js, which then asks again the ordinary way.
  for (const promise of [early.me, early.lessonData, early.workspace]) promise.catch(() => {});
  window.playgroundEarly = early;
})();
