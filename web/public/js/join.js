// The join page: a learner enters the class's join code (or arrives by /join/CODE) and a display name, and gets a
// resume code/link that brings the same identity (and progress) to another browser.
import { api } from './api.js';
import { ct } from './cohort-i18n.js';
import { initLanguage, initLanguageSwitch, initTheme } from './prefs.js';

const $ = (id) => document.getElementById(id);

function translate() {
  for (const element of document.querySelectorAll('[data-c]')) element.textContent = ct(element.dataset.c);
}

function showError(message) {
  $('join-error').textContent = message;
  $('join-error').hidden = !message;
}

function showJoined(result) {
  $('join-form').hidden = true;
  $('join-done').hidden = false;
  $('join-done-text').textContent = ct('join.joined', { cohort: result.cohort.name, name: result.displayName });
  $('resume-code').textContent = result.resumeCode;
  $('resume-url').textContent = result.resumeUrl;
  $('resume-url').href = result.resumeUrl;
}

async function init() {
  // The forms work from the first moment the page's code runs: a click while the language and the learner's cohort
  // are still being asked for must not fall through to the browser's own form submission.
  const fromPath = decodeURIComponent(location.pathname.split('/')[2] || '');
  const params = new URLSearchParams(location.search);
  $('join-code').value = fromPath || params.get('code') || '';
  $('join-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    showError('');
    $('join-submit').disabled = true;
    try {
      showJoined(await api('POST', '/api/join', { body: { code: $('join-code').value, displayName: $('join-name').value }, timeoutMs: 15000 }));
    } catch (error) {
      showError(error.message);
    } finally {
      $('join-submit').disabled = false;
    }
  });

  $('resume-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    showError('');
    try {
      const me = await api('POST', '/api/resume', { body: { code: $('resume-input').value }, timeoutMs: 15000 });
      $('join-status').hidden = false;
      $('join-status').textContent = ct('join.resumed', { name: me.displayName });
    } catch (error) {
      showError(error.message);
    }
  });
  initTheme();
  await initLanguage();
  translate();
  initLanguageSwitch(async () => translate());

  if (params.get('resume') === 'invalid') showError(ct('join.resumeInvalid'));

  try {
    const me = await api('GET', '/api/me/cohort', { timeoutMs: 10000 });
    if (me.cohort) {
      $('join-status').hidden = false;
      $('join-status').textContent = ct('join.already', { cohort: me.cohort.name, name: me.displayName });
    }
  } catch { /* the form still works */ }

  window.playground = Object.assign(window.playground || {}, { ready: true });
}

init();
