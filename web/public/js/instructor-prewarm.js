// "Pre-warm N sandboxes" on the instructor page: fills the warm pool for the selected cohort's environments before
// class (POST /api/instructor/cohorts/{id}/prewarm), bounded by the server's admission. The result and the activity
// list (action "prewarm") show what was started. Kept apart from instructor.js, which exposes call/cohortId for it.
import { getLanguage } from './i18n.js';

const TEXT = {
  en: {
    label: 'Pre-warm',
    unit: 'sandboxes',
    button: 'Pre-warm',
    running: 'Starting sandboxes for the class…',
    done: 'Pre-warmed: {summary}',
  },
  ko: {
    label: '미리 준비',
    unit: '개 샌드박스',
    button: '미리 준비',
    running: '수업용 샌드박스를 시작하는 중…',
    done: '미리 준비 완료: {summary}',
  },
};

const text = (key, params = {}) => {
  const table = TEXT[getLanguage()] ?? TEXT.en;
  return (table[key] ?? TEXT.en[key]).replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
};

function translate() {
  for (const element of document.querySelectorAll('[data-prewarm-text]')) element.textContent = text(element.dataset.prewarmText);
}

function init() {
  const form = document.getElementById('prewarm-form');
  if (!form) return;
  translate();
  document.getElementById('lang-switch')?.addEventListener('change', () => setTimeout(translate, 0));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const page = window.playground?.instructor;
    const cohortId = page?.cohortId();
    if (!page || !cohortId) return;
    const button = form.querySelector('button');
    const status = document.getElementById('prewarm-status');
    button.disabled = true;
    status.textContent = text('running');
    try {
      const count = Number.parseInt(document.getElementById('prewarm-count').value, 10);
      const result = await page.call('POST', `/api/instructor/cohorts/${encodeURIComponent(cohortId)}/prewarm`,
        { count: Number.isFinite(count) ? count : null });
      const summary = result.environments.map((e) => `${e.environment} ${e.pooled}/${e.requested}${e.stoppedBy ? ` (${e.stoppedBy})` : ''}`).join(', ');
      status.textContent = text('done', { summary });
      status.dataset.done = 'true';
    } catch (error) {
      status.textContent = error.message;
    } finally {
      button.disabled = false;
      await page.reloadActivity?.();
    }
  });
}

init();
