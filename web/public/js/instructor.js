// The instructor's page: cohorts, the live students × steps grid (server-sent events, no polling), per-student
// actions, a read-only view of a student's terminal, broadcasts, CSV export and the activity log.
import { Terminal } from '/vendor/xterm/xterm.mjs';
import { FitAddon } from '/vendor/xterm/addon-fit.mjs';
import { api } from './api.js';
import { ct, duration, localTime } from './cohort-i18n.js';
import { h, fill } from './dom.js';
import { Opcode, controlFrame, inputFrames, parseServerFrame } from './protocol.js';
import { initLanguage, initLanguageSwitch, initTheme } from './prefs.js';
import { getLanguage } from './i18n.js';

const $ = (id) => document.getElementById(id);
const state = { me: null, cohorts: [], cohortId: null, grid: null, events: null, watch: null };
window.playground = Object.assign(window.playground || {}, { ready: false });

function translate() {
  for (const element of document.querySelectorAll('[data-c]')) element.textContent = ct(element.dataset.c);
}

function showError(message) {
  $('ins-error').textContent = message || '';
  $('ins-error').hidden = !message;
}

function showStatus(message) {
  $('ins-status').textContent = message || '';
  $('ins-status').hidden = !message;
}

/** Instructor API call: state-changing requests carry the antiforgery token. */
async function call(method, path, body) {
  const headers = method === 'GET' ? {} : { [state.me.csrfHeader]: state.me.csrf };
  const response = await fetch(path, {
    method, credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) { location.href = '/instructor/sign-in'; throw new Error('signed out'); }
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error(json?.error || `${response.status}`);
  return json;
}

async function loadCohorts() {
  state.cohorts = await call('GET', '/api/instructor/cohorts');
  fill($('cohort-list'), state.cohorts.map((cohort) => h('li', {},
    h('a', { href: `/instructor?cohort=${encodeURIComponent(cohort.id)}`, 'aria-current': String(cohort.id === state.cohortId), dataset: { cohort: cohort.id },
      onclick: (event) => { event.preventDefault(); selectCohort(cohort.id); } }, cohort.name))));
}

function joinUrl(code) {
  return `${location.origin}/join/${encodeURIComponent(code)}`;
}

function renderCohortHead(cohort) {
  $('cohort-name').textContent = cohort.name;
  $('cohort-window').textContent = `${ct(`ins.window.${cohort.window}`)}${cohort.startsAt ? ` · ${localTime(cohort.startsAt)}` : ''}${cohort.endsAt ? ` – ${localTime(cohort.endsAt)}` : ''}`;
  $('join-code').textContent = cohort.joinCode || ct('ins.closed');
  $('join-link').textContent = cohort.joinCode ? joinUrl(cohort.joinCode) : '';
  $('join-link').href = cohort.joinCode ? joinUrl(cohort.joinCode) : '#';
  $('export-csv').href = `/api/instructor/cohorts/${encodeURIComponent(cohort.id)}/progress.csv`;
}

async function selectCohort(id) {
  state.cohortId = id;
  history.replaceState(null, '', `/instructor?cohort=${encodeURIComponent(id)}`);
  await loadCohorts();
  const cohort = await call('GET', `/api/instructor/cohorts/${encodeURIComponent(id)}`);
  $('cohort-view').hidden = false;
  renderCohortHead(cohort);
  fillEditForm(cohort);
  subscribeGrid();
  await loadActivity();
}

function subscribeGrid() {
  state.events?.close();
  const source = new EventSource(`/api/instructor/cohorts/${encodeURIComponent(state.cohortId)}/events?lang=${getLanguage()}`);
  state.events = source;
  source.addEventListener('open', () => { $('grid-live').textContent = `● ${ct('ins.live')}`; $('grid-live').classList.remove('is-down'); });
  source.addEventListener('error', () => { $('grid-live').textContent = ct('ins.reconnecting'); $('grid-live').classList.add('is-down'); });
  source.addEventListener('grid', (event) => {
    state.grid = JSON.parse(event.data);
    window.playground.grid = state.grid;
    renderCohortHead(state.grid.cohort);
    renderGrid();
  });
}

function renderGrid() {
  const grid = state.grid;
  if (!grid) return;
  $('stuck-rule').textContent = ct('ins.stuckRule', { checks: grid.stuckFailedChecks, minutes: grid.stuckMinutes });
  if (grid.students.length === 0) {
    fill($('grid'), h('p', { class: 'pg-panel-note', text: ct('ins.noStudents') }));
    return;
  }
  const head = h('tr', {},
    h('th', { text: ct('ins.student') }), h('th', { text: ct('ins.current') }), h('th', { text: ct('ins.timeOnStep') }),
    h('th', { text: ct('ins.failed') }), h('th', { text: ct('ins.hints') }), h('th', { text: ct('ins.solutions') }),
    grid.lessons.map((lesson) => h('th', { title: lesson.key }, lesson.title)),
    h('th', { text: ct('ins.sessions') }));
  const rows = grid.students.map((student) => h('tr', { class: student.stuck ? 'is-stuck' : '', dataset: { learner: student.learnerId, name: student.displayName } },
    h('td', {}, student.displayName, student.stuck ? h('span', { class: 'pg-stuck', title: student.stuck, text: `⚑ ${ct('ins.stuck')}` }) : null),
    h('td', { class: 'pg-current', text: student.lesson ? `${student.lesson} · ${student.step}` : '–' }),
    h('td', { class: 'pg-time-on-step', dataset: { since: student.stepSince || '' } }),
    h('td', { class: 'pg-failed', text: String(student.failedChecks) }),
    h('td', { text: String(student.hintsUsed) }),
    h('td', { text: String(student.solutionsViewed) }),
    grid.lessons.map((lesson) => h('td', {}, (student.cells[lesson.key] || []).map((cell, i) =>
      h('span', { class: `pg-step-cell ${cell}`, title: `${lesson.key} ${i + 1}${cell ? `: ${cell}` : ''}`, dataset: { step: i + 1, state: cell } })))),
    h('td', {}, h('div', { class: 'pg-row-actions' },
      student.sessions.map((session) => h('button', { type: 'button', class: 'pg-button pg-button-small pg-watch-button',
        title: session.lesson, text: `${ct('ins.watch')} ${session.lesson.split('/')[1] || session.lesson}`,
        onclick: () => openWatch(student, session) })),
      student.sessions.map((session) => h('button', { type: 'button', class: 'pg-button pg-button-small pg-preview-button',
        title: session.lesson, dataset: { workspace: session.id },
        text: `${ct('ins.preview')} ${session.lesson.split('/')[1] || session.lesson}`,
        onclick: () => openPreview(student, session) })),
      h('button', { type: 'button', class: 'pg-button pg-button-small pg-rename-button', text: ct('ins.rename'), onclick: () => renameLearner(student) }),
      h('button', { type: 'button', class: 'pg-button pg-button-small pg-remove-button', text: ct('ins.remove'), onclick: () => removeLearner(student) }),
      student.sessions.length ? [
        h('button', { type: 'button', class: 'pg-button pg-button-small', text: ct('ins.extend'), onclick: () => learnerAction(student, 'extend') }),
        h('button', { type: 'button', class: 'pg-button pg-button-small', text: ct('ins.reset'), onclick: () => learnerAction(student, 'reset') }),
        h('button', { type: 'button', class: 'pg-button pg-button-small', text: ct('ins.end'), onclick: () => learnerAction(student, 'end') }),
      ] : null))));
  fill($('grid'), h('table', { class: 'pg-grid', id: 'grid-table' }, h('thead', {}, head), h('tbody', {}, rows)));
  tick();
}

/** Time on step counts up on screen from the server's timestamp (display only; nothing is fetched). */
function tick() {
  const now = Date.now();
  for (const cell of document.querySelectorAll('.pg-time-on-step')) {
    cell.textContent = cell.dataset.since ? duration(now - Date.parse(cell.dataset.since)) : '–';
  }
}

async function learnerAction(student, action) {
  showError('');
  try {
    await call('POST', `/api/instructor/cohorts/${encodeURIComponent(state.cohortId)}/learners/${encodeURIComponent(student.learnerId)}/${action}`);
  } catch (error) {
    showError(error.message);
  }
  await loadActivity();
}

/**
 * Opens a learner's web preview in a new tab: asks for the port (default 8000), then /open-preview, which checks that
 * this instructor may see it, records it in the activity list and hands the tab to the preview's own host.
 */
function openPreview(student, session) {
  const answer = prompt(ct('ins.previewPrompt', { name: student.displayName, lesson: session.lesson }), '8000');
  if (answer === null) return;
  const port = Number(answer.trim());
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    showError(ct('ins.previewBadPort'));
    return;
  }
  showError('');
  window.open(`/open-preview/${encodeURIComponent(session.id)}/${port}/`, '_blank');
  // The server records the action when the new tab arrives; show it shortly after.
  setTimeout(() => loadActivity().catch(() => {}), 1500);
}

async function loadActivity() {
  const actions = await call('GET', `/api/instructor/cohorts/${encodeURIComponent(state.cohortId)}/actions`);
  fill($('activity'), actions.map((a) => h('li', {}, `${localTime(a.at)} · ${a.instructor} · ${a.action}${a.target ? ` · ${a.target}` : ''}${a.detail ? ` · ${a.detail}` : ''}`)));
}

/** A datetime-local input's value (local time, minutes) for an ISO instant, or '' for none. */
function localInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function fillEditForm(cohort) {
  $('edit-name').value = cohort.name;
  $('edit-seats').value = cohort.seatLimit;
  $('edit-reserved').value = cohort.reservedSeats ?? 0;
  $('edit-starts').value = localInput(cohort.startsAt);
  $('edit-ends').value = localInput(cohort.endsAt);
  $('edit-quota').value = cohort.sandboxQuota ?? '';
  $('edit-idle').value = cohort.idleTimeoutMinutes ?? '';
  $('edit-lifetime').value = cohort.lifetimeMinutes ?? '';
  $('edit-opens').value = (cohort.opens || []).join(', ');
}

async function saveCohort(event) {
  event.preventDefault();
  showError('');
  try {
    const cohort = await call('PUT', `/api/instructor/cohorts/${encodeURIComponent(state.cohortId)}`, {
      name: $('edit-name').value,
      opens: $('edit-opens').value.split(',').map((s) => s.trim()).filter(Boolean),
      startsAt: datetime($('edit-starts').value),
      endsAt: datetime($('edit-ends').value),
      seatLimit: number($('edit-seats').value),
      reservedSeats: number($('edit-reserved').value) ?? 0,
      sandboxQuota: number($('edit-quota').value),
      idleTimeoutMinutes: number($('edit-idle').value),
      lifetimeMinutes: number($('edit-lifetime').value),
    });
    renderCohortHead(cohort);
    fillEditForm(cohort);
    showStatus(ct('ins.saved'));
    await loadCohorts();
  } catch (error) {
    showError(error.message);
  }
  await loadActivity();
}

async function renameLearner(student) {
  const name = prompt(ct('ins.renamePrompt', { name: student.displayName }), student.displayName);
  if (name === null) return;
  showError('');
  try {
    await call('PUT', `/api/instructor/cohorts/${encodeURIComponent(state.cohortId)}/learners/${encodeURIComponent(student.learnerId)}`, { displayName: name });
  } catch (error) {
    showError(error.message);
  }
  await loadActivity();
}

async function removeLearner(student) {
  if (!confirm(ct('ins.removeConfirm', { name: student.displayName }))) return;
  showError('');
  try {
    await call('DELETE', `/api/instructor/cohorts/${encodeURIComponent(state.cohortId)}/learners/${encodeURIComponent(student.learnerId)}`);
  } catch (error) {
    showError(error.message);
  }
  await loadActivity();
}

async function loadInstructors() {
  const instructors = await call('GET', '/api/instructor/instructors');
  fill($('instructor-list'), instructors.map((i) => h('li', { dataset: { instructor: i.name } },
    i.name, i.hasPassword ? null : h('span', { class: 'pg-panel-note', text: ` (${ct('ins.pending')})` }))));
}

function closeWatch() {
  state.watch?.socket.close();
  state.watch?.terminal.dispose();
  state.watch = null;
  window.playground.watch = null;
  $('watch').hidden = true;
}

function renderTakeOver() {
  const watch = state.watch;
  const button = $('watch-takeover');
  button.hidden = !watch || watch.ended;
  if (!watch) return;
  button.textContent = ct(watch.controlling ? 'ins.handBack' : 'ins.takeOver');
  button.setAttribute('aria-pressed', String(watch.controlling));
  $('watch-title').textContent = ct(watch.controlling ? 'ins.takenOver' : 'ins.watching', { name: watch.name });
  $('watch').dataset.control = watch.controlling ? 'yes' : 'no';
  watch.terminal.options.disableStdin = !watch.controlling;
  if (watch.controlling) watch.terminal.focus();
}

/** Take over (or hand back) the watched terminal: explicit, told to the learner, recorded by the server. */
function toggleTakeOver() {
  const watch = state.watch;
  if (!watch || watch.socket.readyState !== WebSocket.OPEN) return;
  watch.socket.send(controlFrame(!watch.controlling));
}

function openWatch(student, session) {
  closeWatch();
  $('watch').hidden = false;
  $('watch-status').textContent = '';
  const terminal = new Terminal({ disableStdin: true, convertEol: false, fontSize: 14, scrollback: 5000 });
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  fill($('watch-screen'));
  terminal.open($('watch-screen'));
  fit.fit();
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/ws/instructor/workspaces/${encodeURIComponent(session.id)}/terminals/1`);
  socket.binaryType = 'arraybuffer';
  const watch = { socket, terminal, name: student.displayName, controlling: false, ended: false };
  socket.addEventListener('message', (event) => {
    const frame = parseServerFrame(event.data);
    if (frame.opcode === Opcode.OUTPUT) terminal.write(frame.payload);
    else if (frame.opcode === Opcode.STATUS) {
      const status = frame.status;
      if (status.state === 'expired') {
        watch.ended = true;
        $('watch-status').textContent = ct('ins.watchEnded');
      } else if (status.state === 'takeover' || status.state === 'released') {
        watch.controlling = status.state === 'takeover';
        $('watch-status').textContent = '';
      } else if (status.state === 'error' && status.message) {
        $('watch-status').textContent = status.message;
      }
      renderTakeOver();
    }
  });
  socket.addEventListener('close', (event) => {
    watch.ended = true;
    watch.controlling = false;
    renderTakeOver();
    if (event.code >= 4000) $('watch-status').textContent = event.reason || ct('ins.watchEnded');
  });
  // Keystrokes only go out while taken over; the server refuses them otherwise anyway.
  terminal.onData((data) => {
    if (!watch.controlling || socket.readyState !== WebSocket.OPEN) return;
    for (const f of inputFrames(data)) socket.send(f);
  });
  state.watch = watch;
  renderTakeOver();
  window.playground.watch = {
    learnerId: student.learnerId,
    workspaceId: session.id,
    /** Whether the instructor has taken over the terminal (tests read it). */
    controlling: () => watch.controlling,
    /** The visible text of the watched terminal (tests read it). */
    text: () => {
      const buffer = terminal.buffer.active;
      const lines = [];
      for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
      return lines.join('\n');
    },
  };
}

function datetime(value) {
  return value ? new Date(value).toISOString() : null;
}

function number(value) {
  return value === '' ? null : Number(value);
}

async function init() {
  initTheme();
  await initLanguage();
  translate();
  initLanguageSwitch(async () => { translate(); renderGrid(); if (state.cohortId) subscribeGrid(); });
  try {
    state.me = await call('GET', '/api/instructor/me');
  } catch {
    return;
  }
  $('instructor-name').textContent = state.me.name;
  // The operator let a root-equivalent environment (k8s) run: learners are not told, the instructor is.
  const unconfined = state.me.unconfinedEnvironments || [];
  if (unconfined.length) {
    document.querySelector('main').prepend(h('p', { id: 'ins-unconfined', class: 'pg-panel pg-panel-error', role: 'note' },
      ct('ins.unconfined', { names: unconfined.join(', ') })));
  }
  $('sign-out-token').value = state.me.csrf;
  $('link-oidc-row').hidden = !state.me.oidc;

  $('cohort-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    showError('');
    try {
      const cohort = await call('POST', '/api/instructor/cohorts', {
        name: $('cohort-name-input').value,
        opens: $('cohort-opens').value.split(',').map((s) => s.trim()).filter(Boolean),
        startsAt: datetime($('cohort-starts').value),
        endsAt: datetime($('cohort-ends').value),
        seatLimit: number($('cohort-seats').value),
        reservedSeats: number($('cohort-reserved').value) ?? 0,
        sandboxQuota: number($('cohort-quota').value),
        idleTimeoutMinutes: number($('cohort-idle').value),
        lifetimeMinutes: number($('cohort-lifetime').value),
      });
      showStatus(ct('ins.created'));
      await selectCohort(cohort.id);
    } catch (error) {
      showError(error.message);
    }
  });
  $('rotate-code').addEventListener('click', async () => {
    renderCohortHead(await call('POST', `/api/instructor/cohorts/${encodeURIComponent(state.cohortId)}/join-code/rotate`));
    await loadActivity();
  });
  $('close-code').addEventListener('click', async () => {
    renderCohortHead(await call('POST', `/api/instructor/cohorts/${encodeURIComponent(state.cohortId)}/join-code/close`));
    await loadActivity();
  });
  $('end-all').addEventListener('click', async () => {
    if (!confirm(ct('ins.endAllConfirm'))) return;
    try { await call('POST', `/api/instructor/cohorts/${encodeURIComponent(state.cohortId)}/end-all`); } catch (error) { showError(error.message); }
    await loadActivity();
  });
  $('broadcast-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const result = await call('POST', `/api/instructor/cohorts/${encodeURIComponent(state.cohortId)}/broadcast`, { message: $('broadcast-input').value });
      showStatus(ct('ins.sent', { n: result.count }));
      $('broadcast-input').value = '';
    } catch (error) {
      showError(error.message);
    }
    await loadActivity();
  });
  $('instructor-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const added = await call('POST', '/api/instructor/instructors', { name: $('instructor-input').value });
      // The link is shown once, here: only its hash is stored.
      $('new-instructor').hidden = false;
      $('new-instructor-text').textContent = ct('ins.addInstructorDone', { name: added.name, url: '' }).replace(/[:：]\s*$/, ':');
      $('new-instructor-link').textContent = added.signInUrl;
      $('instructor-input').value = '';
      await loadInstructors();
    } catch (error) {
      showError(error.message);
    }
  });
  $('edit-form').addEventListener('submit', saveCohort);
  $('password-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    showError('');
    try {
      await call('POST', '/api/instructor/me/password', {
        currentPassword: $('password-current').value, newPassword: $('password-new').value, confirm: $('password-confirm').value,
      });
      for (const id of ['password-current', 'password-new', 'password-confirm']) $(id).value = '';
      showStatus(ct('ins.passwordChanged'));
    } catch (error) {
      showError(error.message);
    }
  });
  $('watch-close').addEventListener('click', closeWatch);
  $('watch-takeover').addEventListener('click', toggleTakeOver);
  // For instructor-prewarm.js (the "Pre-warm N sandboxes" form).
  window.playground.instructor = { call, cohortId: () => state.cohortId, reloadActivity: loadActivity };
  setInterval(tick, 1000);

  await loadCohorts();
  await loadInstructors();
  const selected = new URLSearchParams(location.search).get('cohort');
  if (selected) await selectCohort(selected);
  window.playground.ready = true;
}

init();
