// Run and Copy buttons for the renderer's executable blocks (.pg-code) and clickable inline commands
// (code.pg-inline[data-action=run]).
import { h } from './dom.js';
import { t } from './i18n.js';

/** The command a block or inline element stands for: its text without trailing line breaks. */
export function commandOf(element) {
  const code = element.matches('code') ? element : element.querySelector('code') ?? element;
  return code.textContent.replace(/[\r\n]+$/, '');
}

/** Copies text; navigator.clipboard needs a secure context, so plain-http deployments use execCommand. */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission denied: fall through to the textarea method.
    }
  }
  const area = h('textarea', { class: 'pg-offscreen', readonly: true, 'aria-hidden': 'true' });
  area.value = text;
  document.body.append(area);
  area.select();
  let copied = false;
  try { copied = document.execCommand('copy'); } catch { copied = false; }
  area.remove();
  return copied;
}

function feedback(button, text, state) {
  const label = button.querySelector('.pg-button-label') ?? button;
  const original = button.dataset.label;
  label.textContent = text;
  button.dataset.feedback = state;
  clearTimeout(button.feedbackTimer);
  button.feedbackTimer = setTimeout(() => {
    label.textContent = original;
    delete button.dataset.feedback;
  }, 1500);
}

function runOptions(element) {
  return {
    terminal: Number.parseInt(element.dataset.terminal || '1', 10) || 1,
    interrupt: element.dataset.interrupt === 'true',
  };
}

/**
 * Enhances a rendered lesson fragment. runner.run(terminalIndex, text, interrupt) -> bool types into a terminal;
 * runner.canRun() says whether any terminal exists.
 */
export function enhanceCode(root, runner) {
  const canRun = runner.canRun();

  for (const block of root.querySelectorAll('.pg-code')) {
    if (block.querySelector('.pg-code-actions')) continue;
    const actions = h('div', { class: 'pg-code-actions' });
    const action = block.dataset.action;
    if (action === 'run') {
      const { terminal, interrupt } = runOptions(block);
      const label = t('code.run');
      const button = h('button', {
        type: 'button', class: 'pg-run-button', dataset: { label, terminal },
        title: canRun ? t('code.runTitle', { n: terminal }) : t('code.noTerminal'),
        disabled: !canRun,
      }, h('span', { class: 'pg-icon pg-icon-play', 'aria-hidden': 'true' }), h('span', { class: 'pg-button-label' }, label));
      button.addEventListener('click', () => {
        const command = commandOf(block);
        if (!runner.run(terminal, `${command}\r`, interrupt)) feedback(button, t('code.noTerminal'), 'error');
      });
      actions.append(button);
    }
    if (action === 'run' || action === 'copy') {
      const label = t('code.copy');
      const button = h('button', {
        type: 'button', class: `pg-copy-button${action === 'run' ? ' is-secondary' : ''}`, dataset: { label }, title: label,
      }, h('span', { class: 'pg-icon pg-icon-copy', 'aria-hidden': 'true' }), h('span', { class: 'pg-button-label' }, label));
      button.addEventListener('click', async () => {
        const copied = await copyText(commandOf(block));
        feedback(button, copied ? t('code.copied') : t('code.copyFailed'), copied ? 'ok' : 'error');
      });
      actions.append(button);
    }
    if (actions.childElementCount > 0) block.prepend(actions);
  }

  for (const inline of root.querySelectorAll('code.pg-inline[data-action]')) {
    const action = inline.dataset.action;
    inline.tabIndex = 0;
    inline.setAttribute('role', 'button');
    if (action === 'run') {
      const { terminal } = runOptions(inline);
      inline.title = canRun ? t('code.runTitle', { n: terminal }) : t('code.noTerminal');
      inline.classList.toggle('is-disabled', !canRun);
    } else {
      inline.title = t('code.copy');
    }
    const activate = async () => {
      if (action === 'run') {
        const { terminal, interrupt } = runOptions(inline);
        if (runner.run(terminal, `${commandOf(inline)}\r`, interrupt)) flashInline(inline, 'ok');
        else flashInline(inline, 'error');
      } else if (action === 'copy') {
        flashInline(inline, (await copyText(commandOf(inline))) ? 'ok' : 'error');
      }
    };
    inline.addEventListener('click', activate);
    inline.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        activate();
      }
    });
  }
}

function flashInline(element, state) {
  element.dataset.feedback = state;
  clearTimeout(element.feedbackTimer);
  element.feedbackTimer = setTimeout(() => delete element.dataset.feedback, 900);
}
