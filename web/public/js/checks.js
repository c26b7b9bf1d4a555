// The check area of a step: Check button, verdict with per-condition results, revealed hints, "Show solution",
// and watch mode (silent re-check every few seconds while the step is open).
import { ApiError, api, lessonPath } from './api.js';
import { fill, h, spinner } from './dom.js';
import { getLanguage, t } from './i18n.js';
import { solveButton } from './solve.js';

const CHECK_TIMEOUT_MS = 30000;
const WATCH_INTERVAL_MS = 4000;
const STATUS_ICONS = { passed: '✓', failed: '✗', 'timed-out': '!', error: '!', skipped: '–' };

/**
 * The checker words skipped and timed-out conditions itself, in English and with author ids ("Skipped because
 * \"exists\" did not pass."): show the learner's language instead. Author fail texts come translated from the server.
 */
function conditionMessage(condition, status) {
  if (status === 'skipped') return t('check.skippedNeeds');
  if (status === 'timed-out') return t('check.timedOut');
  return condition.message || t(`check.status.${status}`);
}

export class StepCheck {
  /**
   * step: the lesson API step; context: { track, lesson, workspaceId() -> id|null, isPassed() -> bool,
   * onProgress(progress), onWorkspaceGone(reason) }.
   */
  constructor(step, context) {
    this.step = step;
    this.context = context;
    this.inFlight = false;
    this.watchTimer = null;
    this.stopped = false;
    this.element = this.build();
  }

  url(action) {
    // The page's language, so fail texts, hints and solutions match what the learner reads.
    return `${lessonPath(this.context.track, this.context.lesson)}/steps/${this.step.number}/${action}?lang=${encodeURIComponent(getLanguage())}`;
  }

  build() {
    const step = this.step;
    this.button = h('button', { type: 'button', class: 'pg-check-button pg-button pg-button-primary', title: t('check.buttonTitle') });
    this.setButtonBusy(false);
    this.button.addEventListener('click', () => this.check({ silent: false }));
    this.result = h('div', { class: 'pg-check-result', role: 'status', 'aria-live': 'polite', hidden: true });
    this.hints = h('div', { class: 'pg-hints', hidden: true });
    this.solutionButton = h('button', {
      type: 'button', class: 'pg-show-solution pg-button', hidden: !step.solutionAvailable,
    }, t('check.showSolution'));
    this.solutionButton.addEventListener('click', () => this.showSolution());
    this.solution = h('div', { class: 'pg-solution', hidden: true });

    const bar = h('div', { class: 'pg-check-bar' },
      step.hasChecks ? this.button : null,
      step.hasChecks && step.checkMode === 'watch'
        ? h('span', { class: 'pg-watch-note' }, h('span', { class: 'pg-pulse', 'aria-hidden': 'true' }), t('check.watching'))
        : null,
      this.solutionButton,
      step.hasChecks ? (this.solveButton = solveButton(this)) : null);
    this.renderHints(step.revealedHints || []);
    const area = h('section', {
      class: 'pg-check-area', dataset: { step: step.number, mode: step.checkMode || 'click' },
    }, bar, this.result, this.hints, this.solution);
    return area;
  }

  setButtonBusy(busy) {
    this.button.disabled = busy;
    this.button.classList.toggle('is-busy', busy);
    this.button.replaceChildren(...(busy ? [spinner(), t('check.checking')] : [t('check.button')]));
  }

  /** Runs the step's checks. silent (watch mode): no spinner, and only a pass or new hints are shown. */
  async check({ silent }) {
    if (this.inFlight || this.stopped) return;
    const workspaceId = this.context.workspaceId();
    if (!workspaceId) {
      if (!silent) this.renderMessage('error', t('check.noWorkspace'));
      return;
    }
    this.inFlight = true;
    if (!silent) {
      this.setButtonBusy(true);
      this.result.hidden = false;
      this.result.dataset.verdict = 'checking';
      this.result.replaceChildren(h('p', { class: 'pg-check-verdict' }, spinner(), t('check.checking')));
    }
    try {
      // watch: a silent poll, which records a pass but neither failures nor hints.
      const response = await api('POST', this.url('check'), { body: { workspaceId, watch: Boolean(silent) }, timeoutMs: CHECK_TIMEOUT_MS });
      if (response.verdict === 'passed') this.stopWatch();
      if (!silent || response.verdict === 'passed') this.renderVerdict(response);
      const hintsBefore = this.hints.querySelectorAll('.pg-hint').length;
      this.renderHints(response.revealedHints || []);
      if (response.solutionAvailable && this.solution.hidden) this.solutionButton.hidden = false;
      const hints = this.hints.querySelectorAll('.pg-hint');
      // A newly revealed hint lands below the verdict, often below the fold: bring it into view (issue 13, item 12).
      if (hints.length > hintsBefore) hints[hints.length - 1].scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      else if (!silent || response.verdict === 'passed') this.result.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      // Progress counts even when the learner has already moved to another step.
      if (response.progress) this.context.onProgress(response.progress);
    } catch (error) {
      if (error instanceof ApiError && error.status === 410) this.context.onWorkspaceGone(error.body?.reason);
      if (!silent) {
        const message = error instanceof ApiError && error.timedOut ? t('check.timeout') : `${t('check.error')} ${error.message}`;
        this.renderMessage(error instanceof ApiError && error.timedOut ? 'timeout' : 'error', message);
        this.result.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      }
    } finally {
      this.inFlight = false;
      if (!silent) this.setButtonBusy(false);
    }
  }

  renderMessage(verdict, message) {
    this.result.hidden = false;
    this.result.dataset.verdict = verdict;
    this.result.replaceChildren(h('p', { class: 'pg-check-verdict' },
      h('span', { class: 'pg-verdict-icon', 'aria-hidden': 'true' }, '!'), message));
  }

  renderVerdict(response) {
    const verdict = ['passed', 'failed', 'error'].includes(response.verdict) ? response.verdict : 'error';
    const headline = { passed: t('check.passed'), failed: t('check.failed'), error: t('check.error') }[verdict];
    const list = h('ul', { class: 'pg-conditions' });
    for (const condition of response.conditions || []) {
      const status = condition.status || 'error';
      // A passed condition has no message; its id is the author's internal name, not something to show learners.
      if (status === 'passed' && !condition.message && !condition.output) continue;
      const details = condition.output
        ? h('details', { class: 'pg-condition-output' }, h('summary', {}, t('check.output')), h('pre', { text: condition.output }))
        : null;
      const message = h('span', { class: 'pg-condition-message' }, conditionMessage(condition, status));
      // Fail texts are inline Markdown (`code`, **bold**); the server renders and sanitizes them.
      if (status === 'failed' && condition.messageHtml) message.innerHTML = condition.messageHtml;
      list.append(h('li', { class: 'pg-condition', dataset: { status, id: condition.id || '' } },
        h('span', { class: 'pg-condition-icon', title: t(`check.status.${status}`), 'aria-label': t(`check.status.${status}`) }, STATUS_ICONS[status] ?? '?'),
        h('div', { class: 'pg-condition-body' }, message, details)));
    }
    this.result.hidden = false;
    this.result.dataset.verdict = verdict;
    fill(this.result,
      h('p', { class: 'pg-check-verdict' }, h('span', { class: 'pg-verdict-icon', 'aria-hidden': 'true' }, verdict === 'passed' ? '✓' : verdict === 'failed' ? '✗' : '!'), headline),
      list.childElementCount ? list : null);
  }

  renderHints(hints) {
    const total = Math.max(this.step.hintCount || 0, hints.length);
    if (hints.length === 0) {
      this.hints.hidden = true;
      return;
    }
    const items = hints.map((html, i) => {
      const item = h('li', { class: 'pg-hint', dataset: { hint: i + 1 } });
      item.innerHTML = html; // server-rendered, already escaped by the lesson renderer
      return item;
    });
    this.hints.replaceChildren(
      h('p', { class: 'pg-hints-title' }, h('span', { class: 'pg-icon pg-icon-bulb', 'aria-hidden': 'true' }), t('check.hints'),
        h('small', {}, t('check.hintsRevealed', { n: hints.length, total }))),
      h('ol', {}, items));
    this.hints.hidden = false;
  }

  async showSolution() {
    this.solutionButton.disabled = true;
    try {
      const response = await api('POST', this.url('solution'), { body: {}, timeoutMs: 15000 });
      this.solution.replaceChildren(h('p', { class: 'pg-solution-title' }, t('check.solution')));
      const body = h('div', { class: 'pg-solution-body' });
      body.innerHTML = response?.html ?? ''; // server-rendered markdown
      this.solution.append(body);
      this.solution.hidden = false;
      this.solutionButton.hidden = true;
      this.context.onContentAdded?.(body);
    } catch (error) {
      this.solution.replaceChildren(h('p', { class: 'pg-solution-error' }, `${t('check.solutionFailed')} ${error.message}`));
      this.solution.hidden = false;
    } finally {
      this.solutionButton.disabled = false;
    }
  }

  /** Watch mode: re-check silently every 4 s while the step is open, the tab is visible and it is not passed. */
  startWatch() {
    if (this.step.checkMode !== 'watch' || !this.step.hasChecks || this.context.isPassed()) return;
    this.stopWatch();
    const tick = () => {
      this.watchTimer = setTimeout(async () => {
        if (this.stopped) return;
        if (!document.hidden && !this.context.isPassed()) await this.check({ silent: true });
        if (!this.stopped && !this.context.isPassed()) tick();
      }, WATCH_INTERVAL_MS);
    };
    tick();
  }

  stopWatch() {
    clearTimeout(this.watchTimer);
    this.watchTimer = null;
  }

  /** The step is no longer shown: stop watching and ignore answers still on their way. */
  stop() {
    this.stopped = true;
    this.stopWatch();
  }

  markPassedQuietly() {
    if (this.solveButton) this.solveButton.hidden = true;
    if (!this.result.hidden) return;
    this.result.hidden = false;
    this.result.dataset.verdict = 'passed';
    this.result.replaceChildren(h('p', { class: 'pg-check-verdict' }, h('span', { class: 'pg-verdict-icon', 'aria-hidden': 'true' }, '✓'), t('lesson.stepPassed')));
  }
}
