// Quizzes: the renderer emits form.pg-quiz without answers; the server grades what the learner submits.
import { api, lessonPath } from './api.js';
import { h, spinner } from './dom.js';
import { getLanguage, t } from './i18n.js';

/** {q1: [0, 2]} for single/multiple (choice indices as numbers), {q2: "text"} for text/numeric. */
export function collectAnswers(form) {
  const answers = {};
  for (const fieldset of form.querySelectorAll('fieldset.pg-question')) {
    const id = fieldset.dataset.question;
    if (!id) continue;
    const type = fieldset.dataset.type;
    if (type === 'single' || type === 'multiple') {
      answers[id] = [...fieldset.querySelectorAll('input[type=radio], input[type=checkbox]')]
        .filter((input) => input.checked)
        .map((input) => Number.parseInt(input.value, 10))
        .filter(Number.isFinite);
    } else {
      const input = fieldset.querySelector('input, textarea');
      answers[id] = input ? input.value.trim() : '';
    }
  }
  return answers;
}

/**
 * Explanations and answers come from the quiz source as Markdown text, not rendered HTML. Their inline code spans
 * (`mkdir -p`) are the one construct learners would otherwise read as stray backticks; built as DOM nodes, never HTML.
 */
export function inlineCode(text) {
  return String(text).split(/(`[^`\n]+`)/).filter((part) => part !== '')
    .map((part) => (/^`[^`\n]+`$/.test(part) ? h('code', {}, part.slice(1, -1)) : part));
}

function formatAnswer(answer) {
  if (answer === null || answer === undefined || answer === '') return '';
  if (Array.isArray(answer)) return answer.map(formatAnswer).join(', ');
  return String(answer);
}

function hasAnyAnswer(answers) {
  return Object.values(answers).some((value) => (Array.isArray(value) ? value.length > 0 : String(value).trim() !== ''));
}

/** The summary under the form: passed; or not yet, with attempts left; or the answers shown after the last attempt. */
function summaryText(response) {
  if (response.passed) return t('quiz.passed');
  if (response.revealed) return t('quiz.failedRevealed');
  if (Number.isInteger(response.attemptsLeft)) {
    return `${t('quiz.failed')} ${response.attemptsLeft === 1 ? t('quiz.attemptsLeft1') : t('quiz.attemptsLeft', { n: response.attemptsLeft })}`;
  }
  return `${t('quiz.failed')} ${t('quiz.answersAfterPass')}`;
}

/** context: { track, lesson, stepNumber, required, onProgress(progress) } */
export function enhanceQuizzes(root, context) {
  for (const form of root.querySelectorAll('form.pg-quiz')) {
    if (form.dataset.enhanced) continue;
    form.dataset.enhanced = 'true';
    const step = Number.parseInt(form.dataset.quizStep || String(context.stepNumber), 10) || context.stepNumber;
    const submit = form.querySelector('.pg-quiz-submit') ?? form.querySelector('button[type=submit]');
    if (submit) submit.textContent = t('quiz.submit');
    const summary = h('div', { class: 'pg-quiz-summary', role: 'status', 'aria-live': 'polite', hidden: true });
    form.append(summary);
    if (context.required) form.append(h('p', { class: 'pg-quiz-required' }, t('quiz.required')));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (form.dataset.busy) return;
      const answers = collectAnswers(form);
      if (!hasAnyAnswer(answers)) {
        // An empty Submit is not an attempt (the server refuses it too).
        summary.hidden = false;
        summary.dataset.result = 'empty';
        summary.textContent = t('quiz.empty');
        return;
      }
      form.dataset.busy = 'true';
      if (submit) {
        submit.disabled = true;
        submit.replaceChildren(spinner(), t('quiz.submitting'));
      }
      try {
        const response = await api('POST', `${lessonPath(context.track, context.lesson)}/steps/${step}/quiz?lang=${encodeURIComponent(getLanguage())}`, {
          body: { answers }, timeoutMs: 30000,
        });
        showResults(form, response);
        summary.hidden = false;
        summary.dataset.result = response.passed ? 'passed' : 'failed';
        summary.textContent = summaryText(response);
        form.dataset.result = response.passed ? 'passed' : 'failed';
        form.dataset.revealed = String(Boolean(response.revealed));
        form.dataset.attempts = String(response.attempts ?? '');
        if (response.progress) context.onProgress(response.progress);
      } catch (error) {
        summary.hidden = false;
        summary.dataset.result = 'error';
        summary.textContent = `${t('quiz.error')} ${error.timedOut ? t('check.timeout') : error.message}`;
      } finally {
        delete form.dataset.busy;
        if (submit) {
          submit.disabled = false;
          submit.textContent = t('quiz.submit');
        }
      }
    });
  }
}

function showResults(form, response) {
  const byId = new Map((response.results || []).map((result) => [result.id, result]));
  for (const fieldset of form.querySelectorAll('fieldset.pg-question')) {
    const result = byId.get(fieldset.dataset.question);
    fieldset.querySelector('.pg-question-feedback')?.remove();
    fieldset.classList.remove('is-correct', 'is-incorrect');
    if (!result) {
      delete fieldset.dataset.result;
      continue;
    }
    fieldset.dataset.result = result.correct ? 'correct' : 'incorrect';
    fieldset.classList.add(result.correct ? 'is-correct' : 'is-incorrect');
    const answer = formatAnswer(result.answer);
    fieldset.append(h('div', { class: 'pg-question-feedback' },
      h('p', { class: 'pg-question-verdict' }, result.correct ? `✓ ${t('quiz.correct')}` : `✗ ${t('quiz.incorrect')}`),
      answer ? h('p', { class: 'pg-question-answer' }, inlineCode(t('quiz.correctAnswer', { answer }))) : null,
      result.explanation ? h('p', { class: 'pg-question-explanation' }, inlineCode(result.explanation)) : null));
  }
}
