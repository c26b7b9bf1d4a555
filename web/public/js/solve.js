// "Solve it for me": after a confirm, the server runs the step's solve script in the learner's sandbox, then the
// step's checks, and records the step as solved with help. The verdict is shown like a check's.
import { ApiError, api } from './api.js';
import { h, spinner } from './dom.js';
import { t } from './i18n.js';

// The solve script and the checks each have their own limit on the server; this only stops a hung request.
const SOLVE_TIMEOUT_MS = 180000;

/** The button for `check` (a StepCheck), or null when the step cannot be solved for the learner. */
export function solveButton(check) {
  if (!check.step.solvable) return null;
  const button = h('button', { type: 'button', class: 'pg-solve-button pg-button', title: t('solve.buttonTitle') }, t('solve.button'));
  const setBusy = (busy) => {
    button.disabled = busy;
    button.replaceChildren(...(busy ? [spinner(), t('solve.running')] : [t('solve.button')]));
  };
  button.addEventListener('click', async () => {
    const workspaceId = check.context.workspaceId();
    if (!workspaceId) {
      check.renderMessage('error', t('check.noWorkspace'));
      return;
    }
    if (check.inFlight || !window.confirm(t('solve.confirm'))) return;
    check.inFlight = true;
    setBusy(true);
    try {
      const response = await api('POST', check.url('solve'), { body: { workspaceId }, timeoutMs: SOLVE_TIMEOUT_MS });
      check.renderVerdict(response);
      if (response.message) check.result.prepend(h('p', { class: 'pg-solve-message' }, response.message));
      if (response.progress) check.context.onProgress(response.progress);
      if (response.verdict === 'passed') {
        check.stopWatch();
        button.hidden = true;
      }
      check.result.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    } catch (error) {
      if (error instanceof ApiError && error.status === 410) check.context.onWorkspaceGone(error.body?.reason);
      check.renderMessage('error', `${t('solve.failed')} ${error.message}`);
    } finally {
      check.inFlight = false;
      setBusy(false);
    }
  });
  // A passed step needs no help.
  if (check.context.isPassed()) button.hidden = true;
  return button;
}
