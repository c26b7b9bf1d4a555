// The admission queue on the lesson page: when the server is full, POST /api/workspaces answers 202 with a ticket
// ({queued: true, ticket, state, position, etaSeconds, version}). The page shows "You are number N in line, about
// M min" and long-polls GET /api/queue/{ticket}?version=V, which answers when the line changes (or after ~25 s
// unchanged); every poll keeps the place. When the server admits the learner it starts the workspace itself, and the
// poll answers with it: the terminal opens without a click. Closing the page gives the place up.
import { ApiError, api } from './api.js';
import { byId, show } from './dom.js';
import { t } from './i18n.js';

const RETRY_MS = 2000;

function render(ticket) {
  const position = byId('workspace-queue-position');
  if (ticket.state === 'starting') {
    position.textContent = t('queue.starting');
  } else if (ticket.etaSeconds === null || ticket.etaSeconds === undefined) {
    position.textContent = t('queue.positionUnknown', { n: ticket.position });
  } else {
    position.textContent = t('queue.position', { n: ticket.position, m: Math.max(1, Math.ceil(ticket.etaSeconds / 60)) });
  }
  const panel = byId('workspace-queue');
  panel.dataset.position = String(ticket.position);
  panel.dataset.eta = ticket.etaSeconds === null || ticket.etaSeconds === undefined ? 'unknown' : String(ticket.etaSeconds);
  panel.dataset.state = ticket.state;
  show(panel, true);
}

/**
 * Waits in line with ticket (the 202 body); resolves to the workspace once admitted. Throws ApiError when starting
 * failed (503 with the server's message). requeue() asks for a new place when the ticket is gone (server restart).
 */
export async function waitInLine(first, requeue) {
  let ticket = first;
  const leave = () => {
    // keepalive lets the request outlive the page; the ticket's timeout is the fallback.
    fetch(`/api/queue/${encodeURIComponent(ticket.ticket)}`, { method: 'DELETE', credentials: 'same-origin', keepalive: true }).catch(() => {});
  };
  window.addEventListener('pagehide', leave);
  try {
    for (;;) {
      if (!ticket?.queued) return ticket; // a workspace after all (requeue found the seat free)
      if (ticket.state === 'admitted' && ticket.workspace) return ticket.workspace;
      if (ticket.state === 'failed') throw new ApiError(503, ticket.error || t('ws.failedTitle'), ticket);
      if (ticket.state === 'left') {
        ticket = await requeue();
        continue;
      }
      render(ticket);
      try {
        ticket = await api('GET', `/api/queue/${encodeURIComponent(ticket.ticket)}?version=${ticket.version}`, { timeoutMs: 60000 });
      } catch (error) {
        // 404: the ticket is gone (server restart, or it timed out): ask for a new place.
        if (error instanceof ApiError && error.status === 404) {
          ticket = await requeue();
          continue;
        }
        if (!(error instanceof ApiError) || (error.status !== 0 && error.status < 500)) throw error;
        // Network trouble or a restarting server: ask again shortly, not in a tight loop.
        await new Promise((resolve) => { setTimeout(resolve, RETRY_MS); });
      }
    }
  } finally {
    window.removeEventListener('pagehide', leave);
    show(byId('workspace-queue'), false);
  }
}
