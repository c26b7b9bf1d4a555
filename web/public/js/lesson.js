// Lesson page: lesson pane (intro, steps, finish) beside the terminal pane, wired to the workspace session.
import { ApiError, api, errorOf, lessonPath } from './api.js';
import { StepCheck } from './checks.js';
import { enhanceCode } from './code-actions.js';
import { renderDiagrams } from './diagrams.js';
import { byId, fill, h, show } from './dom.js';
import { getLanguage, reasonText, t, translatePage } from './i18n.js';
import { initLanguage, initLanguageSwitch, initTheme, onThemeChange, readStorage, writeStorage } from './prefs.js';
import { enhanceQuizzes } from './quiz.js';
import { waitInLine } from './queue.js';
import { WorkspaceSession } from './session.js';
import { initSplitter } from './splitter.js';
import { TerminalsView } from './terminals-view.js';

const state = {
  track: '',
  lesson: '',
  data: null,
  position: 0, // 0 = intro, 1..N = step N, N+1 = finish
  passed: new Set(),
  mode: 'loading', // loading | terminal | none | unavailable | error
  stepCheck: null,
  pendingRuns: [],
};

performance.mark('pg:lesson-module');
window.playground = Object.assign(window.playground || {}, { terminals: [], ready: false });

// Requests early.js started before this module graph loaded; each is used at most once, else asked again here.
const early = window.playgroundEarly ?? null;
function takeEarly(name) {
  const value = early?.[name] ?? null;
  if (early) early[name] = null;
  return value;
}

/** The page's own timeline: performance marks (ms since navigation) of the steps to a usable prompt. */
window.playground.timings = () => Object.fromEntries(performance.getEntriesByType('mark')
  .filter((mark) => mark.name.startsWith('pg:')).map((mark) => [mark.name.slice(3), Math.round(mark.startTime)]));

const session = new WorkspaceSession({ onEnded: onSessionEnded });
// Resolves when terminal 1 first shows a shell prompt: the lesson's first render waits for it, briefly.
let firstPrompt;
const firstPromptShown = new Promise((resolve) => { firstPrompt = resolve; });
const terminals = new TerminalsView(byId('terminal-area'), {
  onPrompt: (client) => { if (client.index === 1) firstPrompt(); },
  onStatus: (status, client) => {
    session.onStatus(status);
    // Back after longer than the detach grace: same sandbox and files, but the old shell was closed. Say so.
    if (status.state === 'attached' && status.reason === 'new-shell') showReturnedNotice(t('term.newShell', { n: client.index }), 'new-shell');
  },
  onEnded: (status) => session.end(status.reason || status.state),
  onTrouble: () => session.resync(),
  onInput: () => session.noteActivity(),
  // A shell ended: usually `exit`, which ends only that terminal. It is also what a dying sandbox looks like first,
  // so ask the server whether the workspace itself is still there (it answers 410 with the reason if not).
  onShellExited: () => session.resync(),
  onReset: () => resetSandbox(),
  onPreview: (port) => openPreview(port),
});

/**
 * Opens the learner's preview of a sandbox port in a new tab. The server checks it is this learner's workspace, then
 * redirects to the preview's own host (p-PORT-WORKSPACE.<host>), so the app never runs on Playground's origin.
 */
function openPreview(port, path = '/') {
  if (!session.id || !Number.isInteger(port) || port < 1 || port > 65535) return;
  window.open(`/open-preview/${encodeURIComponent(session.id)}/${port}${path}`, '_blank', 'noopener');
}

// Lesson links written as [text](preview:8000) arrive as href="#preview-8000" (or "#preview-8000/path").
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[href^="#preview-"]') : null;
  if (!link) return;
  const match = /^#preview-([0-9]{1,5})(\/[A-Za-z0-9._~/-]*)?$/.exec(link.getAttribute('href'));
  if (!match) return;
  event.preventDefault();
  openPreview(Number.parseInt(match[1], 10), match[2] || '/');
});

// ---- lesson data ------------------------------------------------------------------------------------------

function parseLocation() {
  const match = location.pathname.match(/^\/lessons\/([^/]+)\/([^/]+)\/?$/);
  return match ? { track: decodeURIComponent(match[1]), lesson: decodeURIComponent(match[2]) } : null;
}

const stepCount = () => state.data?.steps?.length ?? 0;
const finishPosition = () => stepCount() + 1;
const visitedKey = () => `pg.visited.${state.track}/${state.lesson}`;

async function fetchLesson() {
  // early.js's answer as it came: a refusal (404, 422 in author mode) is used as it is, not asked for a second time.
  const started = early?.track === state.track && early?.lesson === state.lesson ? takeEarly('lessonAnswer') : null;
  if (started) {
    const reply = await started.catch(() => null);
    if (reply && reply.status !== 200) throw errorOf(reply.status, reply.statusText, reply.body);
    if (reply?.body && reply.body.language === getLanguage()) return reply.body;
  }
  return api('GET', `${lessonPath(state.track, state.lesson)}?lang=${encodeURIComponent(getLanguage())}`, { timeoutMs: 20000 });
}

function adoptProgress(progress) {
  if (!progress) return;
  state.passed = new Set((progress.passedSteps || []).map(Number));
  state.helped = new Set((progress.solvedWithHelpSteps || []).map(Number));
  if (state.data) state.data.progress = progress;
}

/** #intro/#step-N/#finish in the URL wins; else the server's currentStep (intro on a first visit). */
function initialPosition() {
  const fromHash = positionFromHash();
  if (fromHash !== null) return fromHash;
  const current = Number(state.data.progress?.currentStep) || 0;
  if (current < 1) return 0;
  if (current > stepCount()) return finishPosition();
  if (current === 1 && state.passed.size === 0 && !readStorage(visitedKey())) return 0;
  return current;
}

function positionFromHash() {
  const hash = location.hash.slice(1);
  if (hash === 'intro') return 0;
  if (hash === 'finish') return finishPosition();
  const match = hash.match(/^step-(\d+)$/);
  if (match) return clampPosition(Number(match[1]));
  return null;
}

function clampPosition(position) {
  return Math.max(0, Math.min(finishPosition(), position));
}

function hashFor(position) {
  if (position === 0) return '#intro';
  if (position === finishPosition()) return '#finish';
  return `#step-${position}`;
}

// ---- rendering --------------------------------------------------------------------------------------------

function renderChrome() {
  const data = state.data;
  byId('lesson-title').textContent = data.title;
  const notice = byId('fallback-notice');
  notice.textContent = t('lesson.fallback');
  show(notice, Boolean(data.fallback));
  renderStepList();
  renderProgress();
}

function renderStepList() {
  const list = byId('step-list');
  const entries = [{ position: 0, title: t('lesson.intro') }];
  for (const step of state.data.steps) entries.push({ position: step.number, title: step.title });
  entries.push({ position: finishPosition(), title: t('lesson.finish') });
  list.replaceChildren(...entries.map(({ position, title }) => {
    const isStep = position >= 1 && position <= stepCount();
    const passed = isStep && state.passed.has(position);
    const current = position === state.position;
    const button = h('button', {
      type: 'button', class: 'pg-step-link', dataset: { step: position },
      'aria-current': current ? 'step' : null,
      onclick: () => { byId('step-menu').open = false; goTo(position); },
    },
    h('span', { class: 'pg-step-marker', 'aria-hidden': 'true' }, passed ? '✓' : isStep ? String(position)
      : h('span', { class: `pg-icon ${position === 0 ? 'pg-icon-book' : 'pg-icon-flag'}` })),
    h('span', { class: 'pg-step-link-title' }, title));
    const helped = passed && state.helped?.has(position);
    return h('li', { class: `pg-step-item${passed ? ' is-passed' : ''}${helped ? ' is-helped' : ''}${current ? ' is-current' : ''}`,
      dataset: { step: position }, title: helped ? t('lesson.solvedWithHelp') : null }, button);
  }));
}

function renderProgress() {
  const total = stepCount();
  const passed = state.data.steps.filter((step) => state.passed.has(step.number)).length;
  const percent = total === 0 ? 0 : Math.round((passed / total) * 100);
  const bar = byId('progress-bar');
  bar.setAttribute('aria-valuenow', String(percent));
  bar.dataset.passed = String(passed);
  bar.dataset.total = String(total);
  bar.querySelector('.pg-progress-fill').style.width = `${percent}%`;
  bar.classList.toggle('is-complete', total > 0 && passed === total);
  byId('progress-text').textContent = `${passed}/${total}`;
  const position = state.position;
  byId('step-counter').textContent = position >= 1 && position <= total ? `${position}/${total}` : '';
  window.playground.progress = { passed, total, percent, passedSteps: [...state.passed].sort((a, b) => a - b) };
}

function renderNav() {
  const position = state.position;
  const total = stepCount();
  const prev = byId('step-prev');
  const next = byId('step-next');
  prev.disabled = position === 0;
  next.hidden = position === finishPosition();
  // The author made this step's quiz a gate: Next/Finish waits until it is passed.
  const gated = position >= 1 && position <= total && Boolean(currentStep()?.quizRequired) && !state.passed.has(position);
  next.disabled = gated;
  next.title = gated ? t('quiz.required') : '';
  next.dataset.gated = String(gated);
  const label = position === 0 ? t('lesson.start') : position === total ? t('lesson.finishButton') : t('lesson.next');
  next.querySelector('.pg-button-label').textContent = label;
  const highlight = position === 0 || (position >= 1 && position <= total && state.passed.has(position))
    || (position >= 1 && position <= total && !currentStep()?.hasChecks && !currentStep()?.hasQuiz);
  next.classList.toggle('is-highlighted', Boolean(highlight));
  next.dataset.highlight = String(Boolean(highlight));
  byId('step-position').textContent = position >= 1 && position <= total
    ? t('lesson.stepOf', { n: position, total })
    : position === 0 ? t('lesson.intro') : t('lesson.finish');
}

function currentStep() {
  return state.data?.steps?.find((step) => step.number === state.position) ?? null;
}

function stepHeader(kicker, title) {
  return h('header', { class: 'pg-step-header' },
    h('p', { class: 'pg-step-kicker' }, kicker),
    h('div', { class: 'pg-step-title-row' },
      h('h1', { id: 'step-title' }, title),
      h('span', { class: 'pg-step-badge', hidden: true }, '✓ ', t('lesson.stepPassed'))));
}

function markdown(html) {
  const body = h('div', { class: 'pg-markdown' });
  body.innerHTML = html || ''; // rendered and sanitised by the server's lesson renderer
  return body;
}

function metaLine() {
  const data = state.data;
  const items = [];
  if (data.level) items.push(h('span', { class: `pg-badge pg-badge-level pg-level-${data.level}` }, t(`level.${data.level}`)));
  if (data.durationMinutes) items.push(h('span', { class: 'pg-badge' }, h('span', { class: 'pg-icon pg-icon-clock', 'aria-hidden': 'true' }), t('catalog.minutes', { n: data.durationMinutes })));
  const environment = data.environment?.name;
  if (environment && environment !== 'none') items.push(h('span', { class: 'pg-badge pg-badge-env' }, environment));
  return h('div', { class: 'pg-lesson-meta' }, items);
}

function renderPosition() {
  state.stepCheck?.stop();
  state.stepCheck = null;
  const data = state.data;
  const position = state.position;
  const total = stepCount();
  const article = byId('step-content');
  article.dataset.position = String(position);
  let title;

  if (position === 0) {
    title = data.title;
    article.dataset.kind = 'intro';
    fill(article, stepHeader(t('lesson.intro'), data.title), metaLine(),
      data.summary ? h('p', { class: 'pg-lead' }, data.summary) : null, markdown(data.introHtml));
  } else if (position === finishPosition()) {
    // finish.md's own title ("Well done"); the generic one only when the lesson has none.
    title = data.finishTitle || t('lesson.finishTitle');
    article.dataset.kind = 'finish';
    const passed = data.steps.filter((step) => state.passed.has(step.number)).length;
    const allDone = passed === total;
    fill(article, stepHeader(t('lesson.finish'), title),
      h('p', { class: `pg-finish-status${allDone ? ' is-complete' : ''}` },
        allDone ? t('lesson.finishAllDone') : t('lesson.finishIncomplete', { passed, total })),
      markdown(data.finishHtml),
      h('p', {}, h('a', { class: 'pg-button pg-button-primary', href: '/' }, t('common.backToCatalog'))));
  } else {
    const step = currentStep();
    title = step.title;
    article.dataset.kind = 'step';
    article.dataset.step = String(step.number);
    const parts = [stepHeader(t('lesson.stepOf', { n: step.number, total }), step.title), markdown(step.html)];
    if (step.hasChecks || (step.revealedHints || []).length > 0 || step.solutionAvailable) {
      state.stepCheck = new StepCheck(step, {
        track: state.track,
        lesson: state.lesson,
        workspaceId: () => session.id,
        isPassed: () => state.passed.has(step.number),
        onProgress: onProgress,
        onWorkspaceGone: (reason) => session.end(reason || 'expired'),
        onContentAdded: enhance,
      });
      parts.push(state.stepCheck.element);
    }
    article.replaceChildren(...parts);
    openStepSetup();
  }

  article.hidden = false;
  show(byId('lesson-loading'), false);
  enhance(article);
  document.title = `${title} · ${data.title} · ${t('app.name')}`;
  history.replaceState(null, '', hashFor(position));
  if (position > 0) writeStorage(visitedKey(), '1');
  renderStepList();
  renderProgress();
  renderNav();
  syncPassedBadge();
  if (state.stepCheck && state.passed.has(state.position)) state.stepCheck.markPassedQuietly();
  state.stepCheck?.startWatch();
  window.playground.position = position;
  window.playground.ready = true;
}

/** Lesson markup enhancements: assets URLs, Run/Copy, quizzes, diagrams, external links. */
function enhance(root) {
  rewriteRelativeUrls(root);
  enhanceCode(root, runner);
  enhanceQuizzes(root, { track: state.track, lesson: state.lesson, stepNumber: state.position, required: Boolean(currentStep()?.quizRequired), onProgress });
  renderDiagrams(root);
  for (const link of root.querySelectorAll('a[href]')) {
    try {
      const url = new URL(link.getAttribute('href'), location.href);
      if (url.origin !== location.origin) {
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
      }
    } catch { /* leave odd hrefs alone */ }
  }
}

/**
 * The renderer already points assets/x.png at /lessons-assets/{track}/{lesson}/x.png; this only catches a relative
 * assets/ URL that slipped through (it would otherwise resolve against /lessons/{track}/ and 404).
 */
function rewriteRelativeUrls(root) {
  const base = `/lessons-assets/${encodeURIComponent(state.track)}/${encodeURIComponent(state.lesson)}/`;
  const relativeAsset = /^(\.\/)?assets\//;
  for (const [selector, attribute] of [['img[src]', 'src'], ['a[href]', 'href']]) {
    for (const element of root.querySelectorAll(selector)) {
      const value = element.getAttribute(attribute);
      if (relativeAsset.test(value)) element.setAttribute(attribute, base + value.replace(relativeAsset, ''));
    }
  }
  for (const image of root.querySelectorAll('img')) image.loading = 'lazy';
}

function syncPassedBadge() {
  const badge = document.querySelector('#step-content .pg-step-badge');
  const passed = state.position >= 1 && state.position <= stepCount() && state.passed.has(state.position);
  if (badge) badge.hidden = !passed;
  // Passed through "Solve it for me": a state of its own, on the badge and the article.
  const helped = passed && Boolean(state.helped?.has(state.position));
  if (badge) badge.lastChild.textContent = t(helped ? 'lesson.solvedWithHelp' : 'lesson.stepPassed');
  badge?.classList.toggle('is-helped', helped);
  byId('step-content').dataset.passed = String(passed);
  byId('step-content').dataset.solvedWithHelp = String(helped);
}

function onProgress(progress) {
  const wasPassed = state.passed.has(state.position);
  adoptProgress(progress);
  renderStepList();
  renderProgress();
  renderNav();
  syncPassedBadge();
  if (!wasPassed && state.passed.has(state.position)) byId('step-next').focus({ preventScroll: true });
}

/** The first step before `target` whose required quiz is not passed yet: moving forward stops there. */
function gateBefore(target) {
  for (const step of state.data?.steps ?? []) {
    if (step.number >= state.position && step.number < target && step.quizRequired && !state.passed.has(step.number)) return step.number;
  }
  return null;
}

function goTo(position) {
  const wanted = clampPosition(position);
  const target = wanted > state.position ? gateBefore(wanted) ?? wanted : wanted;
  if (target === state.position && byId('step-content').dataset.position === String(target)) return;
  state.position = target;
  renderPosition();
  byId('lesson-scroll').scrollTop = 0;
}

/**
 * Lets tasks already queued run before the next long piece of work. The terminal socket early.js opens only starts its
 * handshake in a later task of this thread; opening xterm first (tens of ms) held the handshake back by as long
 * (issue 13: keep the main thread free while the terminal attaches).
 */
const yieldToBrowser = () => new Promise((resolve) => { setTimeout(resolve, 0); });

/** The longest the lesson's first render waits for terminal 1's prompt (see loadLesson). */
const PROMPT_FIRST_MS = 200;

async function loadLesson({ initial }) {
  const data = await fetchLesson();
  if (initial && state.terminalFirst) {
    // The terminal is opening beside the lesson: let it open, attach and write its prompt before the lesson's render
    // (tens of ms of main thread, and its layout) takes the thread, but never hold the lesson back for long (issue 13:
    // keep the main thread free while the terminal attaches). A warm sandbox's prompt comes well within the limit.
    await Promise.race([firstPromptShown, new Promise((resolve) => { setTimeout(resolve, PROMPT_FIRST_MS); })]);
  }
  state.data = data;
  adoptProgress(data.progress);
  state.position = initial ? initialPosition() : clampPosition(state.position);
  window.playground.lesson = data;
  renderChrome();
  renderPosition();
}

// ---- terminals and workspace ------------------------------------------------------------------------------

const runner = {
  canRun: () => state.mode === 'terminal' || state.mode === 'loading',
  run(index, text, interrupt) {
    if (terminals.hasTerminals) return terminals.run(index, text, interrupt);
    if (state.mode === 'terminal' && !session.ended) {
      // The workspace is still starting: type it as soon as the terminal exists.
      state.pendingRuns.push([index, text, interrupt]);
      return true;
    }
    return false;
  },
};

function setMode(mode) {
  state.mode = mode;
  byId('workspace').dataset.mode = mode;
  window.playground.mode = mode;
}

/** started: the workspace was asked for before the lesson loaded (the page's hint); else it is asked for here. */
function setupEnvironment({ started = false } = {}) {
  const environment = state.data.environment || { name: 'none', available: true };
  if (environment.name === 'none') {
    setMode('none');
  } else if (!environment.available) {
    setMode('unavailable');
    byId('env-unavailable-reason').textContent = environment.reason || '';
    // The server sends install steps only in author mode (instructors); students read "ask your instructor".
    byId('env-install-hint').textContent = environment.installHint || '';
    show(byId('env-operator'), Boolean(environment.installHint));
    show(byId('env-ask-instructor'), !environment.installHint);
    show(byId('env-unavailable'), true);
  } else {
    setMode('terminal');
    if (!started) startWorkspace();
  }
  // Run buttons were rendered before the mode was known.
  if (state.data) renderPosition();
}

// A step's setup script prepares the sandbox for it (the server runs it once per workspace and step).
function openStepSetup() {
  const step = state.position > 0 && state.position < finishPosition() ? currentStep() : null;
  if (!(step?.hasSetup || step?.runsCleanup) || !session.id) return;
  api('POST', `/api/lessons/${encodeURIComponent(state.track)}/${encodeURIComponent(state.lesson)}/steps/${step.number}/open`,
    { body: { workspaceId: session.id }, timeoutMs: 60000 }).catch(() => { /* the check will report what is missing */ });
}

async function startWorkspace() {
  show(byId('workspace-error'), false);
  show(byId('session-ended'), false);
  // Prepared terminals say "starting" in their own status line.
  show(byId('workspace-starting'), !terminals.hasTerminals);
  try {
    const started = takeEarly('workspace');
    const reply = started ? await started.catch(() => null) : null;
    const create = () => api('POST', '/api/workspaces', { body: { track: state.track, lesson: state.lesson }, timeoutMs: 120000 });
    // early.js's answer as it came; a refusal (429, 403, 503) is shown as it is, not asked for a second time.
    if (reply && !(reply.status >= 200 && reply.status < 300)) throw errorOf(reply.status, reply.statusText, reply.body);
    let answer = reply ? reply.body : await create();
    if (answer?.queued) {
      // Full: wait in line (position and estimate shown) until the server starts this learner's workspace. The
      // queue code gives the place up if the learner leaves; early.js stops guarding it.
      early?.keepQueueTicket?.();
      terminals.discardPrepared();
      show(byId('workspace-starting'), false);
      answer = await waitInLine(answer, create);
      show(byId('workspace-starting'), true);
    }
    const workspace = await session.replace(async () => answer);
    show(byId('workspace-starting'), false);
    terminals.attach(workspace);
    noticeIfReplaced(workspace);
    const pending = state.pendingRuns;
    state.pendingRuns = [];
    for (const [index, text, interrupt] of pending) terminals.run(index, text, interrupt);
    state.stepCheck?.startWatch();
    openStepSetup();
  } catch (error) {
    terminals.discardPrepared();
    show(byId('workspace-starting'), false);
    showWorkspaceError(error);
  }
}

/** "Reset sandbox": after a warning, a fresh sandbox for this lesson (files lost, progress kept). */
async function resetSandbox() {
  const id = session.id;
  if (!id || state.resetting || !window.confirm(t('ws.resetConfirm'))) return;
  state.resetting = true;
  state.stepCheck?.stopWatch();
  // Close the terminals first: the old sandbox's end must not show up as "your session has ended".
  terminals.close();
  show(byId('workspace-starting'), true);
  byId('workspace-starting').dataset.kind = 'reset';
  try {
    const workspace = await session.replace(
      () => api('POST', `/api/workspaces/${encodeURIComponent(id)}/reset`, { timeoutMs: 120000 }));
    show(byId('workspace-starting'), false);
    terminals.open(workspace);
    writeStorage(workspaceKey(), workspace.id);
    session.flash(t('ws.resetDone'));
    state.stepCheck?.startWatch();
    openStepSetup();
  } catch (error) {
    show(byId('workspace-starting'), false);
    if (error instanceof ApiError && error.status === 404) session.end('destroyed');
    else showWorkspaceError(error, { afterReset: true });
  } finally {
    state.resetting = false;
    delete byId('workspace-starting').dataset.kind;
  }
}

/**
 * Coming back after the old session ended (idle, lifetime...) silently gives a fresh sandbox: say so, with the reason,
 * so nobody looks for files that are gone. The page remembers the last workspace of this lesson to tell.
 */
const workspaceKey = () => `pg.workspace.${state.track}/${state.lesson}`;

async function noticeIfReplaced(workspace) {
  const key = workspaceKey();
  const previous = readStorage(key);
  writeStorage(key, workspace.id);
  if (!previous || previous === workspace.id) return;
  try {
    await api('GET', `/api/workspaces/${encodeURIComponent(previous)}`, { timeoutMs: 10000 });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 410) return;
    const reason = error.body?.reason || 'unknown';
    showReturnedNotice(t('ws.returned', { reason: reasonText(reason).replace(/[.。]$/, '') }), reason);
  }
}

function showReturnedNotice(text, reason) {
  const notice = byId('session-returned');
  notice.dataset.reason = reason;
  byId('session-returned-text').textContent = text;
  show(notice, true);
}

/**
 * afterReset: the error answers "Reset sandbox". A 503 is "full" only when the server says so (reason capacity, or no
 * reason from an older server); a sandbox that failed to start is a failure with its own advice, and after a reset it
 * also says the old sandbox is already gone (the server ends it before starting the fresh one).
 */
function showWorkspaceError(error, { afterReset = false } = {}) {
  // Commands clicked while it was starting must not be typed minutes later into a retried workspace.
  state.pendingRuns = [];
  state.workspaceError = { error, afterReset };
  const reason = error instanceof ApiError ? error.body?.reason : undefined;
  const limit = error instanceof ApiError && (reason === 'learner-limit' || (error.status === 429 && !reason));
  const full = !limit && error instanceof ApiError && (reason === 'capacity' || (error.status === 503 && !reason));
  const startFailed = reason === 'start-failed';
  byId('workspace-error').dataset.status = String(error.status ?? 0);
  byId('workspace-error').dataset.kind = limit ? 'learner-limit' : full ? 'capacity' : startFailed ? 'start-failed' : 'failed';
  byId('workspace-error-title').textContent = t(limit ? 'ws.limitTitle' : full ? 'ws.capacityTitle' : 'ws.failedTitle');
  // The server's own sentence is English; where the page says the same in the learner's language, it is left out.
  byId('workspace-error-message').textContent = (limit || full) && getLanguage() !== 'en' ? '' : error.message;
  byId('workspace-error-hint').textContent = limit ? t('ws.limitText') : full ? t('ws.capacityText')
    : startFailed ? t(afterReset ? 'ws.resetStartFailed' : 'ws.startFailed') : '';
  show(byId('workspace-error'), true);
}

function onSessionEnded() {
  // The learner sees why it ended; the next session needs no "while you were away" notice.
  writeStorage(workspaceKey(), '');
  state.stepCheck?.stopWatch();
  state.pendingRuns = [];
}

// ---- author mode ------------------------------------------------------------------------------------------

function watchAuthorEvents() {
  if (!window.EventSource) return;
  const source = new EventSource('/api/author/events');
  let timer = null;
  source.addEventListener('changed', (event) => {
    let changed = null;
    try { changed = JSON.parse(event.data); } catch { return; }
    if (changed?.lesson !== `${state.track}/${state.lesson}`) return;
    // Editors write several files at once; re-render once they are done.
    clearTimeout(timer);
    timer = setTimeout(async () => {
      // The page opened on a broken lesson never set up its terminal: start it properly once the lesson loads.
      if (!state.data) {
        try { await api('GET', `/api/lessons/${state.track}/${state.lesson}`); location.reload(); } catch (error) { showLessonProblems(error); }
        return;
      }
      const scroll = byId('lesson-scroll').scrollTop;
      try {
        await loadLesson({ initial: false });
        byId('lesson-scroll').scrollTop = scroll;
        const notice = byId('author-notice');
        notice.textContent = t('lesson.authorReloaded');
        show(notice, true);
        setTimeout(() => show(notice, false), 2500);
      } catch (error) {
        const notice = byId('author-notice');
        const problems = error instanceof ApiError ? error.body?.problems : null;
        notice.textContent = `${t('lesson.loadFailed')} ${problems?.length ? problems.join('\n') : error.message}`;
        show(notice, true);
      }
    }, 200);
  });
}

// ---- page -------------------------------------------------------------------------------------------------

function showPageError(message, detail) {
  setMode('error');
  show(byId('lesson-loading'), false);
  const panel = byId('page-error');
  fill(panel,
    h('p', { class: 'pg-panel-title' }, message),
    detail ? h('p', {}, detail) : null,
    h('p', {}, h('a', { class: 'pg-button', href: '/' }, t('common.backToCatalog'))));
  show(panel, true);
}

/** Author mode: the lesson does not load; show each problem as file:line:col: message (same as the validator). */
function showLessonProblems(error) {
  const problems = error instanceof ApiError ? error.body?.problems : null;
  if (!problems?.length) return false;
  showPageError(error.message);
  byId('page-error').insertBefore(h('pre', { class: 'pg-lesson-problems', text: problems.join('\n') }), byId('page-error').lastChild);
  return true;
}

async function main() {
  initTheme();
  onThemeChange(() => renderDiagrams(byId('lesson-pane')));
  await initLanguage(takeEarly('me'));
  initLanguageSwitch(async () => {
    translatePage();
    session.relabel();
    terminals.relabel();
    if (state.workspaceError && !byId('workspace-error').hidden) showWorkspaceError(state.workspaceError.error, { afterReset: state.workspaceError.afterReset });
    if (!state.data) return;
    try {
      await loadLesson({ initial: false });
    } catch (error) {
      showPageError(t('lesson.loadFailed'), error.message);
    }
  });
  initSplitter({ container: byId('workspace'), splitter: byId('splitter') });
  byId('step-prev').addEventListener('click', () => goTo(state.position - 1));
  byId('step-next').addEventListener('click', () => goTo(state.position + 1));
  byId('workspace-retry').addEventListener('click', () => startWorkspace());
  byId('session-returned-close').addEventListener('click', () => show(byId('session-returned'), false));
  byId('new-session-button').addEventListener('click', () => {
    terminals.close();
    startWorkspace();
  });
  window.addEventListener('hashchange', () => {
    const position = positionFromHash();
    if (position !== null && state.data) goTo(position);
  });
  window.playground.goTo = (position) => goTo(position);
  // The step menu is a <details>: close it on outside clicks and Escape like any popover.
  document.addEventListener('click', (event) => {
    const menu = byId('step-menu');
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') byId('step-menu').open = false;
  });

  const where = parseLocation();
  if (!where) {
    showPageError(t('lesson.notFound'));
    return;
  }
  Object.assign(state, where);
  // The server named this lesson's terminal environment in the page (early.js has asked for the workspace already):
  // open the terminal now, beside loading and rendering the lesson, not after them (issue 13, time to a usable prompt).
  const terminalFirst = Boolean(early?.terminalEnvironment) && early.track === state.track && early.lesson === state.lesson;
  state.terminalFirst = terminalFirst;
  if (terminalFirst) {
    await yieldToBrowser();
    setMode('terminal');
    // Most lessons have one terminal, "main"; attach() opens the workspace's own set when it differs.
    terminals.prepare([{ index: 1, name: 'main' }]);
    startWorkspace();
  }
  try {
    await loadLesson({ initial: true });
  } catch (error) {
    if (error instanceof ApiError && error.status === 422 && error.body?.authorMode && showLessonProblems(error)) {
      watchAuthorEvents();
      return;
    }
    // The server's detail is English; the title says the same in the learner's language.
    if (error instanceof ApiError && error.status === 404) showPageError(t('lesson.notFound'), getLanguage() === 'en' ? error.message : null);
    else showPageError(t('lesson.loadFailed'), error.message);
    return;
  }
  performance.mark('pg:lesson');
  setupEnvironment({ started: terminalFirst });
  if (state.data.authorMode) watchAuthorEvents();
}

main();
