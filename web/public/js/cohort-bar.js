// Class features on every learner page: a notice when joining a class is required (or the class is not open),
// "My sessions" (lesson, clock, end, reset) in the header, and instructor broadcasts as a banner. Plain module,
// loaded beside the page's own script; it only adds elements, so the page works the same without it.
import { api, serverNow } from './api.js';
import { ct, duration, localTime } from './cohort-i18n.js';
import { h, fill } from './dom.js';

const state = { me: null, sessions: [], broadcast: null, panelOpen: false };
let panel;
let banner;
let broadcastBanner;
let takeoverBanner;
// Which terminals an instructor has taken over ({index: name}); the banner lasts while any is.
const takeovers = new Map();
let lastRelease = null;

function renderBanner() {
  const me = state.me;
  if (!me || !banner) return;
  let content = null;
  if (!me.cohort && me.access === 'cohort' && !me.instructor) {
    content = [h('span', { text: ct('bar.joinNeeded') }), ' ', h('a', { href: '/join', class: 'pg-button pg-button-small pg-button-primary', id: 'join-link', text: ct('bar.joinLink') })];
  } else if (me.cohort?.window === 'not-started') {
    content = h('span', { text: ct('bar.notStarted', { time: localTime(me.cohort.startsAt) }) });
  } else if (me.cohort?.window === 'ended') {
    content = h('span', { text: ct('bar.ended', { time: localTime(me.cohort.endsAt) }) });
  }
  banner.hidden = !content;
  if (content) fill(banner, content);

  const chip = document.getElementById('cohort-chip');
  if (chip) {
    chip.hidden = !me.cohort;
    if (me.cohort) chip.textContent = ct('bar.member', { name: me.displayName, cohort: me.cohort.name });
  }
  const button = document.getElementById('my-sessions-button');
  if (button) button.textContent = ct('sessions.button');
}

function renderBroadcast() {
  if (!broadcastBanner) return;
  const message = state.broadcast;
  broadcastBanner.hidden = !message;
  if (!message) return;
  fill(broadcastBanner,
    h('strong', { text: ct('bar.broadcast', { from: message.from }) }), ' ',
    h('span', { id: 'broadcast-text', text: message.text }), ' ',
    h('button', { type: 'button', class: 'pg-button pg-button-small', text: ct('bar.dismiss'), onclick: () => { state.broadcast = null; renderBroadcast(); } }));
}

/** "Your instructor X is typing in your terminal" while a take-over lasts (STATUS takeover/released, see terminal.js). */
function renderTakeover() {
  if (!takeoverBanner) return;
  const [name] = takeovers.values();
  const text = name ? ct('bar.takeover', { name }) : lastRelease ? ct('bar.released', { name: lastRelease }) : '';
  takeoverBanner.hidden = !text;
  takeoverBanner.dataset.state = name ? 'takeover' : 'released';
  fill(takeoverBanner, text ? h('strong', { id: 'takeover-text', text }) : '');
}

function onTakeover(event) {
  const { state: which, by, index } = event.detail || {};
  if (which === 'takeover') {
    takeovers.set(index, by || '?');
    lastRelease = null;
  } else {
    takeovers.delete(index);
    lastRelease = by || '?';
    // The hand-back note goes away by itself; the take-over banner stays as long as the take-over.
    setTimeout(() => { if (lastRelease === (by || '?') && takeovers.size === 0) { lastRelease = null; renderTakeover(); } }, 8000);
  }
  renderTakeover();
}

function lessonTitle(key) {
  return key;
}

async function loadSessions() {
  try {
    state.sessions = await api('GET', '/api/workspaces', { timeoutMs: 10000 }) || [];
  } catch {
    state.sessions = [];
  }
  renderPanel();
}

function onThisPage(session) {
  return location.pathname === `/lessons/${session.lesson}`;
}

async function endSession(session) {
  if (!confirm(ct('sessions.endConfirm', { lesson: lessonTitle(session.lesson) }))) return;
  await api('DELETE', `/api/workspaces/${encodeURIComponent(session.id)}`, { timeoutMs: 30000 }).catch(() => {});
  await loadSessions();
}

async function resetSession(session) {
  if (!confirm(ct('sessions.resetConfirm', { lesson: lessonTitle(session.lesson) }))) return;
  try {
    await api('POST', `/api/workspaces/${encodeURIComponent(session.id)}/reset`, { timeoutMs: 120000 });
  } catch (error) {
    alert(error.message);
  }
  // The lesson page finds its (new) workspace on load and reopens the learner's step, running its setup.
  if (onThisPage(session)) location.reload();
  else await loadSessions();
}

function renderPanel() {
  if (!panel) return;
  panel.hidden = !state.panelOpen;
  if (!state.panelOpen) return;
  const rows = state.sessions.map((session) => {
    const ends = Math.min(Date.parse(session.expiresAt), Date.parse(session.idleExpiresAt));
    return h('li', { class: 'pg-session-row', dataset: { workspace: session.id, lesson: session.lesson } },
      h('a', { href: `/lessons/${session.lesson}`, class: 'pg-session-lesson', text: lessonTitle(session.lesson) }),
      h('span', { class: 'pg-session-clock', text: ct('sessions.endsIn', { time: duration(ends - serverNow()) }) }),
      h('button', { type: 'button', class: 'pg-button pg-button-small pg-session-reset', text: ct('sessions.reset'), onclick: () => resetSession(session) }),
      h('button', { type: 'button', class: 'pg-button pg-button-small pg-session-end', text: ct('sessions.end'), onclick: () => endSession(session) }));
  });
  fill(panel,
    h('div', { class: 'pg-sessions-head' },
      h('strong', { text: ct('sessions.title') }),
      h('button', { type: 'button', class: 'pg-icon-button', 'aria-label': ct('bar.dismiss'), text: '×', onclick: () => togglePanel(false) })),
    rows.length ? h('ul', { class: 'pg-sessions-list' }, rows) : h('p', { class: 'pg-panel-note', text: ct('sessions.none') }),
    state.me?.resumeCode ? h('p', { class: 'pg-panel-note', id: 'my-resume-code', text: ct('sessions.resumeCode', { code: state.me.resumeCode }) }) : null);
}

async function togglePanel(open = !state.panelOpen) {
  state.panelOpen = open;
  renderPanel();
  if (open) await loadSessions();
}

function listenForBroadcasts() {
  if (!state.me?.cohort || typeof EventSource === 'undefined') return;
  const source = new EventSource('/api/me/events');
  source.addEventListener('message', (event) => {
    try {
      state.broadcast = JSON.parse(event.data);
      renderBroadcast();
    } catch { /* a malformed event is ignored */ }
  });
}

/** The workspace error panel of a lesson page (capacity, quota) links to "My sessions". */
function linkCapacityMessage() {
  const error = document.getElementById('workspace-error');
  if (!error || document.getElementById('workspace-error-sessions')) return;
  error.append(h('p', { class: 'pg-panel-note', id: 'workspace-error-sessions' },
    h('span', { text: ct('sessions.capacityHint') }), ' ',
    h('button', { type: 'button', class: 'pg-button pg-button-small', text: ct('sessions.button'), onclick: () => togglePanel(true) })));
}

async function init() {
  const header = document.querySelector('.pg-header');
  const tools = document.querySelector('.pg-header-tools');
  if (!header || !tools) return;
  tools.prepend(
    h('span', { id: 'cohort-chip', class: 'pg-cohort-chip', hidden: true }),
    h('button', { id: 'my-sessions-button', type: 'button', class: 'pg-button pg-button-small', 'aria-controls': 'my-sessions', onclick: () => togglePanel() }, ct('sessions.button')));
  panel = h('div', { id: 'my-sessions', class: 'pg-sessions-panel', role: 'dialog', 'aria-label': ct('sessions.title'), hidden: true });
  banner = h('div', { id: 'cohort-banner', class: 'pg-banner pg-banner-info', role: 'status', hidden: true });
  broadcastBanner = h('div', { id: 'broadcast-banner', class: 'pg-banner pg-banner-warning', role: 'alert', hidden: true });
  takeoverBanner = h('div', { id: 'takeover-banner', class: 'pg-banner pg-banner-warning', role: 'alert', hidden: true });
  header.after(banner, broadcastBanner, takeoverBanner, panel);
  window.addEventListener('pg:takeover', onTakeover);
  linkCapacityMessage();

  // Follow the page's language (set by the page's own script through <html lang>).
  new MutationObserver(() => { renderBanner(); renderBroadcast(); renderTakeover(); renderPanel(); linkCapacityRelabel(); })
    .observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  if (location.hash === '#my-sessions') togglePanel(true);
  window.addEventListener('hashchange', () => { if (location.hash === '#my-sessions') togglePanel(true); });

  try {
    state.me = await api('GET', '/api/me/cohort', { timeoutMs: 10000 });
  } catch {
    return;
  }
  window.playground = Object.assign(window.playground || {}, { cohort: state.me });
  renderBanner();
  listenForBroadcasts();
}

function linkCapacityRelabel() {
  const note = document.getElementById('workspace-error-sessions');
  if (!note) return;
  note.firstChild.textContent = ct('sessions.capacityHint');
  note.lastChild.textContent = ct('sessions.button');
}

init();
