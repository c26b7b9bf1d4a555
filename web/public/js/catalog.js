// Catalog page: tracks in order, each with its lessons as cards (level, duration, environment, progress).
import { api } from './api.js';
import { byId, h, show, spinner } from './dom.js';
import { getLanguage, t } from './i18n.js';
import { initLanguage, initLanguageSwitch, initTheme } from './prefs.js';

window.playground = Object.assign(window.playground || {}, { ready: false });

function progressOf(lesson) {
  const progress = lesson.progress || {};
  const total = Number(progress.totalSteps) || 0;
  const passed = Math.min(Number(progress.passedSteps) || 0, total);
  const finished = Boolean(progress.finished) || (total > 0 && passed === total);
  return { total, passed, finished, percent: total === 0 ? 0 : Math.round((passed / total) * 100) };
}

function fill(percent) {
  const element = h('div', { class: 'pg-progress-fill' });
  element.style.width = `${percent}%`; // CSSOM, not a style attribute: works under a strict CSP
  return element;
}

function lessonCard(track, lesson) {
  const progress = progressOf(lesson);
  const href = `/lessons/${encodeURIComponent(track.id)}/${encodeURIComponent(lesson.id)}`;
  const environment = lesson.environment || 'none';
  const badges = [
    lesson.level ? h('span', { class: `pg-badge pg-badge-level pg-level-${lesson.level}` }, t(`level.${lesson.level}`)) : null,
    lesson.durationMinutes ? h('span', { class: 'pg-badge pg-badge-duration' }, h('span', { class: 'pg-icon pg-icon-clock', 'aria-hidden': 'true' }), t('catalog.minutes', { n: lesson.durationMinutes })) : null,
    h('span', { class: 'pg-badge pg-badge-env', title: environment }, environment === 'none' ? t('catalog.noTerminal') : environment),
    lesson.environmentAvailable === false
      ? h('span', { class: 'pg-badge pg-badge-unavailable', title: t('catalog.unavailableTitle') }, t('catalog.unavailable'))
      : null,
  ];
  const progressLabel = progress.finished
    ? t('catalog.done')
    : progress.passed > 0 ? t('catalog.progress', { passed: progress.passed, total: progress.total }) : t('catalog.notStarted');

  return h('a', {
    class: `pg-lesson-card${progress.finished ? ' is-done' : ''}${lesson.environmentAvailable === false ? ' is-unavailable' : ''}`,
    href, dataset: { lesson: `${track.id}/${lesson.id}`, level: lesson.level || '' },
  },
  h('div', { class: 'pg-card-head' },
    h('h3', { class: 'pg-card-title' }, lesson.title),
    progress.finished ? h('span', { class: 'pg-done', title: t('catalog.done') }, '✓') : null),
  h('p', { class: 'pg-card-summary' }, lesson.summary || ''),
  h('div', { class: 'pg-card-badges' }, badges),
  h('div', { class: 'pg-card-progress-row' },
    h('div', {
      class: 'pg-progress pg-card-progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100,
      'aria-valuenow': progress.percent, 'aria-label': progressLabel,
      dataset: { passed: progress.passed, total: progress.total },
    }, fill(progress.percent)),
    h('span', { class: 'pg-card-progress-text' }, progressLabel)));
}

function trackSection(track) {
  const lessons = track.lessons || [];
  return h('section', { class: 'pg-track', dataset: { track: track.id } },
    h('header', { class: 'pg-track-header' },
      h('h2', { class: 'pg-track-title' }, track.title),
      h('span', { class: 'pg-track-count' }, lessons.length === 1 ? t('catalog.lesson1') : t('catalog.lessons', { n: lessons.length }))),
    track.description ? h('p', { class: 'pg-track-description' }, track.description) : null,
    h('div', { class: 'pg-lesson-grid' }, lessons.map((lesson) => lessonCard(track, lesson))));
}

async function render() {
  const status = byId('catalog-status');
  const container = byId('catalog');
  status.replaceChildren(spinner(), t('common.loading'));
  status.dataset.state = 'loading';
  show(status, true);
  try {
    const catalog = await api('GET', `/api/catalog?lang=${encodeURIComponent(getLanguage())}`, { timeoutMs: 20000 });
    const tracks = catalog?.tracks || [];
    container.replaceChildren(...tracks.map(trackSection));
    if (tracks.length === 0) {
      status.dataset.state = 'empty';
      status.replaceChildren(t('catalog.empty'));
    } else {
      show(status, false);
    }
    window.playground.catalog = catalog;
  } catch (error) {
    status.dataset.state = 'error';
    status.replaceChildren(
      h('span', {}, `${t('catalog.loadFailed')} ${error.message}`), ' ',
      h('button', { type: 'button', class: 'pg-button pg-button-small', onclick: render }, t('common.retry')));
  }
  window.playground.ready = true;
}

async function main() {
  initTheme();
  await initLanguage();
  initLanguageSwitch(render);
  await render();
}

main();
