// Theme and language preferences shared by the catalog and lesson pages, plus the header controls for them.
import { api } from './api.js';
import { LANGUAGES, getLanguage, normalizeLanguage, setLanguage, t, translatePage } from './i18n.js';

const THEME_KEY = 'pg.theme';
const LANGUAGE_KEY = 'pg.language';

function readStorage(key) {
  try { return localStorage.getItem(key); } catch { return null; }
}

export function writeStorage(key, value) {
  try { localStorage.setItem(key, value); } catch { /* private mode: the preference just is not remembered */ }
}

export { readStorage };

export function currentTheme() {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

const themeListeners = new Set();

export function onThemeChange(listener) {
  themeListeners.add(listener);
}

export function applyTheme(theme, remember) {
  document.documentElement.dataset.theme = theme;
  if (remember) writeStorage(THEME_KEY, theme);
  updateThemeToggle();
  for (const listener of themeListeners) listener(theme);
}

function updateThemeToggle() {
  const toggle = document.getElementById('theme-toggle');
  if (!toggle) return;
  const dark = currentTheme() === 'dark';
  toggle.dataset.theme = currentTheme();
  toggle.setAttribute('aria-pressed', String(dark));
  const label = dark ? t('theme.toLight') : t('theme.toDark');
  toggle.title = label;
  toggle.setAttribute('aria-label', label);
}

/** Wires #theme-toggle and follows the OS preference until the learner picks a theme explicitly. */
export function initTheme() {
  const stored = readStorage(THEME_KEY);
  const media = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  applyTheme(stored === 'dark' || stored === 'light' ? stored : media?.matches ? 'dark' : 'light', false);
  media?.addEventListener?.('change', (event) => {
    if (!readStorage(THEME_KEY)) applyTheme(event.matches ? 'dark' : 'light', false);
  });
  document.getElementById('theme-toggle')?.addEventListener('click', () => {
    applyTheme(currentTheme() === 'dark' ? 'light' : 'dark', true);
  });
}

/**
 * Decides the initial language: the server's remembered choice (GET /api/me), else the last local choice, else
 * the browser's language. Applies it to the page and returns it.
 */
export async function initLanguage(earlyMe = null) {
  let language = readStorage(LANGUAGE_KEY) || navigator.language;
  try {
    // earlyMe: the same GET started by early.js before the modules loaded.
    const me = await (earlyMe ?? api('GET', '/api/me', { timeoutMs: 10000 }));
    if (me && me.language) language = me.language;
  } catch {
    // The page still works in the locally remembered language; the server is asked again on the next switch.
  }
  setLanguage(normalizeLanguage(language));
  writeStorage(LANGUAGE_KEY, getLanguage());
  translatePage();
  updateThemeToggle();
  syncLanguageSwitch();
  return getLanguage();
}

function syncLanguageSwitch() {
  const select = document.getElementById('lang-switch');
  if (select) select.value = getLanguage();
}

/** Wires #lang-switch: remembers the choice on the server and locally, then lets the page re-render. */
export function initLanguageSwitch(onChanged) {
  const select = document.getElementById('lang-switch');
  if (!select) return;
  select.replaceChildren(...LANGUAGES.map((language) => {
    const option = document.createElement('option');
    option.value = language;
    option.textContent = language === 'ko' ? '한국어' : 'English';
    return option;
  }));
  select.value = getLanguage();
  select.addEventListener('change', async () => {
    const language = setLanguage(select.value);
    writeStorage(LANGUAGE_KEY, language);
    translatePage();
    updateThemeToggle();
    try {
      await api('PUT', '/api/me/language', { body: { language }, timeoutMs: 10000 });
    } catch {
      // Kept locally; the page still switches. The server learns it on the next successful switch.
    }
    await onChanged(language);
  });
}
