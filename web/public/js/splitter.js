// Draggable splitter between the lesson and terminal panes. Side by side it sets the lesson width, stacked (narrow
// screens) it sets the lesson height; each orientation remembers its own size.
import { readStorage, writeStorage } from './prefs.js';

const MIN = 20;
const MAX = 80;
const STACKED_QUERY = '(max-width: 899px)';

export function initSplitter({ container, splitter, storageKey = 'pg.split' }) {
  const media = window.matchMedia(STACKED_QUERY);
  const keyFor = () => `${storageKey}.${media.matches ? 'v' : 'h'}`;
  const property = () => (media.matches ? '--split-v' : '--split-h');
  const defaults = () => (media.matches ? 50 : 42);

  function clamp(value) {
    return Math.max(MIN, Math.min(MAX, value));
  }

  function apply(percent, remember) {
    const value = clamp(percent);
    container.style.setProperty(property(), `${value}%`);
    splitter.setAttribute('aria-valuenow', String(Math.round(value)));
    splitter.setAttribute('aria-orientation', media.matches ? 'horizontal' : 'vertical');
    if (remember) writeStorage(keyFor(), String(value));
  }

  function restore() {
    const stored = Number.parseFloat(readStorage(keyFor()) ?? '');
    apply(Number.isFinite(stored) ? stored : defaults(), false);
  }

  function percentAt(event) {
    const rect = container.getBoundingClientRect();
    return media.matches
      ? ((event.clientY - rect.top) / rect.height) * 100
      : ((event.clientX - rect.left) / rect.width) * 100;
  }

  splitter.setAttribute('role', 'separator');
  splitter.setAttribute('tabindex', '0');
  splitter.setAttribute('aria-valuemin', String(MIN));
  splitter.setAttribute('aria-valuemax', String(MAX));

  splitter.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    splitter.setPointerCapture(event.pointerId);
    container.classList.add('is-resizing');
    const move = (moveEvent) => apply(percentAt(moveEvent), false);
    const up = (upEvent) => {
      apply(percentAt(upEvent), true);
      container.classList.remove('is-resizing');
      splitter.removeEventListener('pointermove', move);
      splitter.removeEventListener('pointerup', up);
      splitter.removeEventListener('pointercancel', up);
    };
    splitter.addEventListener('pointermove', move);
    splitter.addEventListener('pointerup', up);
    splitter.addEventListener('pointercancel', up);
  });

  splitter.addEventListener('keydown', (event) => {
    const current = Number(splitter.getAttribute('aria-valuenow')) || defaults();
    const back = media.matches ? 'ArrowUp' : 'ArrowLeft';
    const forward = media.matches ? 'ArrowDown' : 'ArrowRight';
    if (event.key === back) apply(current - 2, true);
    else if (event.key === forward) apply(current + 2, true);
    else if (event.key === 'Home') apply(MIN, true);
    else if (event.key === 'End') apply(MAX, true);
    else return;
    event.preventDefault();
  });

  splitter.addEventListener('dblclick', () => apply(defaults(), true));
  media.addEventListener('change', restore);
  restore();
}
