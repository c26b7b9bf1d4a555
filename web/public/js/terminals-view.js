// The terminal area of the lesson page: tabs (when there are several terminals), one status line and one
// xterm container per terminal, and the window.playground.terminals hook for browser tests.
import { h } from './dom.js';
import { t } from './i18n.js';
import { readStorage, writeStorage } from './prefs.js';
import { FONT_SIZES, TerminalClient } from './terminal.js';

const FONT_SIZE_KEY = 'pg.terminalFontSize';

function storedFontSize() {
  const size = Number.parseInt(readStorage(FONT_SIZE_KEY) ?? '', 10);
  return Number.isFinite(size) ? Math.max(FONT_SIZES.min, Math.min(FONT_SIZES.max, size)) : FONT_SIZES.standard;
}

/** The workspace's terminals ({index, name}); a workspace that lists none has one, "main". */
const terminalsOf = (workspace) => (workspace.terminals?.length ? workspace.terminals : [{ index: 1, name: 'main' }]);

export class TerminalsView {
  /**
   * host: element to build into; callbacks: onStatus, onEnded, onTrouble, onInput, onPrompt, onShellExited (see TerminalClient),
   * onReset() — the learner asked for a fresh sandbox.
   */
  constructor(host, callbacks) {
    this.host = host;
    this.callbacks = callbacks;
    this.clients = [];
    this.active = 1;
    this.fontSize = storedFontSize();
  }

  /** Font size −/+, copy/paste help and "Reset sandbox": one row above the terminals (beside the tabs). */
  buildTools() {
    const label = (key) => ({ title: t(key), 'aria-label': t(key), dataset: { i18nTitle: key, i18nAriaLabel: key } });
    this.fontSmaller = h('button', { type: 'button', class: 'pg-term-tool pg-font-smaller', ...label('term.fontSmaller'), onclick: () => this.changeFontSize(-1) }, 'A−');
    this.fontLarger = h('button', { type: 'button', class: 'pg-term-tool pg-font-larger', ...label('term.fontLarger'), onclick: () => this.changeFontSize(1) }, 'A+');
    const help = h('details', { class: 'pg-term-help' },
      h('summary', { class: 'pg-term-tool', ...label('term.helpTitle') }, h('span', { 'data-i18n': 'term.helpButton' }, t('term.helpButton'))),
      h('div', { class: 'pg-term-help-body', role: 'note' },
        h('p', { 'data-i18n': 'term.helpCopy' }, t('term.helpCopy')),
        h('p', { 'data-i18n': 'term.helpPaste' }, t('term.helpPaste')),
        h('p', { 'data-i18n': 'term.helpInterrupt' }, t('term.helpInterrupt'))));
    const reset = h('button', { type: 'button', class: 'pg-term-tool pg-reset-sandbox', ...label('ws.resetTitle'), onclick: () => this.callbacks.onReset?.() },
      h('span', { 'data-i18n': 'ws.reset' }, t('ws.reset')));
    // "Open preview": a server the learner started in the sandbox (e.g. python3 -m http.server 8000), in a new tab.
    const port = h('input', {
      type: 'number', min: '1', max: '65535', value: '8000', class: 'pg-preview-port', required: true,
      ...label('preview.port'),
    });
    const preview = h('form', {
      class: 'pg-preview-form',
      onsubmit: (event) => {
        event.preventDefault();
        if (port.reportValidity()) this.callbacks.onPreview?.(Number.parseInt(port.value, 10));
      },
    }, port, h('button', { type: 'submit', class: 'pg-term-tool pg-open-preview', ...label('preview.openTitle') },
      h('span', { 'data-i18n': 'preview.open' }, t('preview.open'))));
    this.syncFontButtons();
    return h('div', { class: 'pg-terminal-tools' }, this.fontSmaller, this.fontLarger, help, preview, reset);
  }

  changeFontSize(delta) {
    this.setFontSize(this.fontSize + delta);
  }

  setFontSize(size) {
    this.fontSize = Math.max(FONT_SIZES.min, Math.min(FONT_SIZES.max, size));
    writeStorage(FONT_SIZE_KEY, String(this.fontSize));
    for (const client of this.clients) client.setFontSize(this.fontSize);
    this.syncFontButtons();
  }

  syncFontButtons() {
    if (this.fontSmaller) this.fontSmaller.disabled = this.fontSize <= FONT_SIZES.min;
    if (this.fontLarger) this.fontLarger.disabled = this.fontSize >= FONT_SIZES.max;
  }

  /** Opens one terminal per workspace terminal ({index, name}) and connects them. */
  open(workspace) {
    this.build(terminalsOf(workspace), workspace);
  }

  /**
   * Opens the terminals ({index, name}) before their workspace is known, so xterm measures and lays itself out while
   * the workspace request is under way; attach() connects them (issue 13, time to a usable prompt).
   */
  prepare(terminals) {
    this.build(terminals, null);
  }

  /**
   * Connects the prepared terminals to the workspace when they are the workspace's own (same indexes and names);
   * otherwise opens the workspace's terminals afresh.
   */
  attach(workspace) {
    const terminals = terminalsOf(workspace);
    const prepared = this.clients.length === terminals.length && this.clients.every((client, i) =>
      !client.options.workspaceId && client.index === terminals[i].index && client.name === terminals[i].name);
    if (!prepared) {
      // Keystrokes and Run commands queued in the prepared terminals while starting go to the workspace's own.
      const queued = this.clients.filter((client) => !client.options.workspaceId).map((client) => [client.index, client.takeQueuedInput()]);
      this.open(workspace);
      for (const [index, chunks] of queued) {
        const client = this.client(index) ?? this.clients[0];
        for (const bytes of chunks) client?.sendBytes(bytes);
      }
      return;
    }
    for (const client of this.clients) client.attach(workspace.id, workspace.token);
  }

  /** Closes prepared terminals that never got their workspace (it is queued or failed: the page shows why instead). */
  discardPrepared() {
    if (this.clients.some((client) => !client.options.workspaceId)) this.close();
  }

  build(terminals, workspace) {
    this.close();
    const several = terminals.length > 1;
    const tabs = h('div', { class: 'pg-tabs', role: 'tablist', 'aria-label': t('term.tabs'), hidden: !several });
    const stack = h('div', { class: 'pg-terminal-stack' });
    this.host.replaceChildren(h('div', { class: 'pg-terminal-toolbar' }, tabs, this.buildTools()), stack);

    for (const { index, name } of terminals) {
      const tab = h('button', {
        type: 'button', class: 'pg-tab', role: 'tab', dataset: { index },
        id: `pg-tab-${index}`, 'aria-controls': `pg-terminal-${index}`,
        onclick: () => this.activate(index, true),
      }, h('span', { class: 'pg-tab-dot', 'aria-hidden': 'true' }), name || `${index}`);
      tabs.append(tab);

      const status = h('div', { class: 'pg-terminal-status', 'aria-live': 'polite' });
      const screen = h('div', { class: 'pg-terminal-screen' });
      // This terminal's shell ended: says so with the exit code and offers a new shell (the session goes on).
      const exitedText = h('span', { class: 'pg-shell-exited-text' });
      const restart = h('button', { type: 'button', class: 'pg-button pg-button-small pg-button-primary pg-restart-shell' }, t('term.restart'));
      const exited = h('div', { class: 'pg-shell-exited', role: 'status', hidden: true }, exitedText, restart);
      const panel = h('div', {
        class: 'pg-terminal', id: `pg-terminal-${index}`, role: several ? 'tabpanel' : null,
        'aria-labelledby': several ? `pg-tab-${index}` : null, dataset: { index, name: name || '' },
      }, h('div', { class: 'pg-terminal-bar' }, h('span', { class: 'pg-terminal-name' }, name || `${index}`), status), exited, screen);
      stack.append(panel);

      const client = new TerminalClient({
        container: screen,
        statusElement: status,
        workspaceId: workspace?.id ?? null,
        token: workspace?.token ?? null,
        index,
        name,
        onStatus: (s, c) => this.callbacks.onStatus?.(s, c),
        onEnded: (s, c) => this.callbacks.onEnded?.(s, c),
        onTrouble: (kind, c) => this.callbacks.onTrouble?.(kind, c),
        onInput: (c) => this.callbacks.onInput?.(c),
        onPrompt: (c) => this.callbacks.onPrompt?.(c),
        onConnectionState: (state, c) => this.syncTab(c),
        onShellExited: (exit, c) => {
          exitedText.textContent = c.exitText();
          exited.hidden = false;
          this.callbacks.onShellExited?.(exit, c);
        },
        onRestarted: () => { exited.hidden = true; },
        fontSize: this.fontSize,
      });
      restart.addEventListener('click', () => { client.restartShell(); client.focus(); });
      client.tab = tab;
      client.panel = panel;
      client.exitedNotice = { element: exited, text: exitedText, button: restart };
      this.syncTab(client);
      this.clients.push(client);
    }
    this.activate(terminals[0].index, false);
    for (const client of this.clients) client.start();
    this.publish();
  }

  client(index) {
    return this.clients.find((c) => c.index === Number(index)) ?? null;
  }

  get hasTerminals() {
    return this.clients.length > 0;
  }

  activate(index, focus) {
    const target = this.client(index) ?? this.clients[0];
    if (!target) return;
    this.active = target.index;
    for (const client of this.clients) {
      const selected = client === target;
      client.panel.hidden = !selected;
      client.tab.classList.toggle('is-active', selected);
      client.tab.setAttribute('aria-selected', String(selected));
      client.tab.tabIndex = selected ? 0 : -1;
    }
    // A hidden xterm cannot measure itself; fit once it is visible again.
    requestAnimationFrame(() => {
      target.fit();
      if (focus) target.focus();
    });
  }

  /** Types a command into terminal `index` (Ctrl-C first when interrupt), switching to its tab. */
  run(index, command, interrupt) {
    const client = this.client(index) ?? this.clients[0];
    if (!client || client.ended) return false;
    this.activate(client.index, true);
    if (interrupt) client.sendInput('\x03');
    client.sendInput(command);
    return true;
  }

  /** Re-translates the status lines after a language switch. */
  relabel() {
    for (const client of this.clients) {
      client.setConnectionState(client.connectionState, client.connectionDetail);
      client.exitedNotice.text.textContent = client.exitText();
      client.exitedNotice.button.textContent = t('term.restart');
    }
  }

  fitAll() {
    for (const client of this.clients) client.fit();
  }

  close() {
    for (const client of this.clients) client.dispose();
    this.clients = [];
    this.host.replaceChildren();
    this.publish();
  }

  syncTab(client) {
    if (!client.tab) return;
    client.tab.dataset.state = client.connectionState;
  }

  publish() {
    window.playground = window.playground || {};
    window.playground.terminals = this.clients;
  }
}
