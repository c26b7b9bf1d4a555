// The learner's workspace for this lesson: creation, countdown to the earlier of expiresAt/idleExpiresAt, the
// warning banner with Extend, periodic re-sync with the server, and the "session ended" state.
import { ApiError, api, serverNow } from './api.js';
import { byId, show } from './dom.js';
import { reasonText, t } from './i18n.js';

const WARNING_SECONDS = 5 * 60;
const RESYNC_MS = 60 * 1000;

export function formatRemaining(seconds) {
  const safe = Math.max(0, Math.floor(seconds));
  const minutes = Math.floor(safe / 60);
  const rest = safe % 60;
  return `${String(minutes).padStart(2, '0')}:${String(rest).padStart(2, '0')}`;
}

export class WorkspaceSession {
  /** callbacks: onEnded(reason) — the workspace is gone for good. */
  constructor(callbacks) {
    this.callbacks = callbacks;
    this.workspace = null;
    this.ended = null;
    this.serverWarning = null;
    this.idleWindowMs = null;
    this.tickTimer = null;
    this.resyncTimer = null;
    this.lastActivityNote = 0;
    byId('extend-button')?.addEventListener('click', () => this.extend());
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && this.workspace && !this.ended) this.resync();
    });
  }

  /** POST /api/workspaces; throws ApiError (429/503 when full). Idempotent server-side. */
  async create(track, lesson) {
    return this.replace(() => api('POST', '/api/workspaces', { body: { track, lesson }, timeoutMs: 120000 }));
  }

  /**
   * Adopts the workspace that request() resolves to (create, or reset: the old one ends on the server meanwhile, so
   * re-syncs are held back until the new one is known).
   */
  async replace(request) {
    this.replacing = true;
    let workspace;
    try {
      workspace = await request();
    } finally {
      this.replacing = false;
    }
    this.ended = null;
    if (window.playground) window.playground.sessionEnded = null;
    this.serverWarning = null;
    this.idleWindowMs = null;
    this.adopt(workspace);
    this.startClock();
    return workspace;
  }

  get id() {
    return this.ended ? null : this.workspace?.id ?? null;
  }

  adopt(workspace) {
    if (!workspace) return;
    this.workspace = workspace;
    const idle = Date.parse(workspace.idleExpiresAt);
    // The idle deadline moves with activity; remember its length (the largest seen: it shrinks while the learner
    // is inactive) to move it locally between re-syncs.
    if (Number.isFinite(idle)) this.idleWindowMs = Math.max(this.idleWindowMs ?? 0, idle - serverNow());
    this.idleDeadline = Number.isFinite(idle) ? idle : null;
    window.playground = window.playground || {};
    window.playground.workspace = workspace;
    this.render();
  }

  /** Terminal input pushes the idle deadline forward (the server does the same; re-sync corrects any drift). */
  noteActivity() {
    const now = serverNow();
    if (this.idleWindowMs === null || now - this.lastActivityNote < 1000) return;
    this.lastActivityNote = now;
    this.idleDeadline = now + this.idleWindowMs;
  }

  /** The earlier deadline and which one it is. */
  deadline() {
    const hard = Date.parse(this.workspace?.expiresAt);
    const idle = this.idleDeadline;
    if (Number.isFinite(hard) && (idle === null || hard <= idle)) return { at: hard, kind: 'expires' };
    if (idle !== null) return { at: idle, kind: 'idle' };
    return null;
  }

  startClock() {
    this.stopClock();
    this.tickTimer = setInterval(() => this.render(), 1000);
    this.resyncTimer = setInterval(() => this.resync(), RESYNC_MS);
    this.render();
  }

  stopClock() {
    clearInterval(this.tickTimer);
    clearInterval(this.resyncTimer);
    this.tickTimer = this.resyncTimer = null;
  }

  render() {
    const countdown = byId('countdown');
    const banner = byId('session-warning');
    const deadline = this.workspace && !this.ended ? this.deadline() : null;
    if (!deadline) {
      show(countdown, false);
      show(banner, false);
      return;
    }
    const seconds = Math.max(0, Math.round((deadline.at - serverNow()) / 1000));
    if (countdown) {
      show(countdown, true);
      countdown.dataset.seconds = String(seconds);
      countdown.dataset.kind = deadline.kind;
      countdown.classList.toggle('is-warning', seconds <= WARNING_SECONDS);
      countdown.title = deadline.kind === 'idle' ? t('ws.countdownIdle') : t('ws.countdownTitle');
      const value = countdown.querySelector('.pg-countdown-value') ?? countdown;
      value.textContent = formatRemaining(seconds);
    }
    const warn = seconds <= WARNING_SECONDS || this.serverWarning !== null;
    if (banner) {
      show(banner, warn);
      const text = byId('session-warning-text');
      if (text) {
        const base = t('ws.warning', { time: formatRemaining(seconds) });
        text.textContent = this.serverWarning?.message ? `${base} ${this.serverWarning.message}` : base;
      }
      show(byId('extend-button'), Boolean(this.workspace.canExtend));
    }
    // At zero, ask the server rather than guess: the idle deadline may have moved with activity.
    if (seconds === 0 && !this.zeroChecked) {
      this.zeroChecked = true;
      this.resync();
    } else if (seconds > 0) {
      this.zeroChecked = false;
    }
  }

  /** STATUS from a terminal (warning carries an optional expiresAt/message). */
  onStatus(status) {
    if (status.state === 'warning') {
      this.serverWarning = status;
      if (status.expiresAt && this.workspace) {
        const at = Date.parse(status.expiresAt);
        // The warning names the deadline that is about to hit, whichever it is.
        if (Number.isFinite(at)) {
          const hard = Date.parse(this.workspace.expiresAt);
          if (Number.isFinite(hard) && Math.abs(hard - at) < 1000) this.workspace.expiresAt = status.expiresAt;
          else this.idleDeadline = at;
        }
      }
      this.render();
    } else if (status.state === 'attached' && status.expiresAt && this.workspace) {
      this.workspace.expiresAt = status.expiresAt;
      this.render();
    }
  }

  async extend() {
    const button = byId('extend-button');
    if (!this.workspace || !button) return;
    button.disabled = true;
    try {
      const workspace = await api('POST', `/api/workspaces/${encodeURIComponent(this.workspace.id)}/extend`, { timeoutMs: 15000 });
      this.serverWarning = null;
      this.adopt(workspace);
      this.flash(t('ws.extended'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) this.workspace.canExtend = false;
      if (error instanceof ApiError && error.status === 410) return this.end(error.body?.reason);
      this.flash(`${t('ws.extendFailed')} ${error.message}`);
      this.render();
    } finally {
      button.disabled = false;
    }
  }

  flash(message) {
    const text = byId('session-warning-text');
    const banner = byId('session-warning');
    if (!text || !banner) return;
    show(banner, true);
    text.textContent = message;
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => this.render(), 4000);
  }

  /** GET /api/workspaces/{id}: refreshes deadlines; 410/404 means the workspace is gone. */
  async resync() {
    if (!this.workspace || this.ended || this.replacing) return;
    const asked = this.workspace.id;
    try {
      const workspace = await api('GET', `/api/workspaces/${encodeURIComponent(asked)}`, { timeoutMs: 15000 });
      if (this.ended || this.replacing || this.workspace?.id !== asked) return;
      if (workspace && ['exited', 'expired', 'ended', 'destroyed'].includes(workspace.state)) {
        this.end(workspace.reason || workspace.state);
        return;
      }
      this.adopt(workspace);
    } catch (error) {
      if (!(error instanceof ApiError) || this.replacing || this.workspace?.id !== asked) return;
      if (error.status === 410) this.end(error.body?.reason || 'expired');
      else if (error.status === 404) this.end('destroyed');
      // Network trouble or 5xx: keep the local estimate and try again at the next re-sync.
    }
  }

  /** The workspace is over: stop the clock and show #session-ended with the reason. Idempotent. */
  end(reason) {
    if (this.ended) return;
    this.ended = { reason: reason || 'unknown' };
    this.stopClock();
    this.render();
    const panel = byId('session-ended');
    if (panel) {
      panel.dataset.reason = this.ended.reason;
      const text = byId('session-ended-reason');
      if (text) text.textContent = reasonText(this.ended.reason);
      show(panel, true);
    }
    window.playground = window.playground || {};
    window.playground.sessionEnded = this.ended;
    this.callbacks.onEnded?.(this.ended.reason);
  }

  /** Re-translates the parts that hold text. */
  relabel() {
    this.render();
    if (this.ended) {
      const text = byId('session-ended-reason');
      if (text) text.textContent = reasonText(this.ended.reason);
    }
  }
}
