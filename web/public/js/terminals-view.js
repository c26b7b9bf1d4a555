// The terminal area of the lesson page: tabs (when there are several terminals), one status line and one
// xterm container per terminal, and the window.playground.terminals hook for browser tests.
import { h } from './dom.js';
import { t } from './i18n.js';
import { TerminalClient } from './terminal.js';

export class TerminalsView {
  /** host: element to build into; callbacks: onStatus, onEnded, onTrouble, onInput (see TerminalClient). */
  constructor(host, callbacks) {
    this.host = host;
    this.callbacks = callbacks;
    this.clients = [];
    this.active = 1;
  }

  /** Opens one terminal per workspace terminal ({index, name}) and connects them. */
  open(workspace) {
    this.close();
    const terminals = workspace.terminals?.length ? workspace.terminals : [{ index: 1, name: 'main' }];
    const several = terminals.length > 1;
    const tabs = h('div', { class: 'pg-tabs', role: 'tablist', 'aria-label': t('term.tabs'), hidden: !several });
    const stack = h('div', { class: 'pg-terminal-stack' });
    this.host.replaceChildren(tabs, stack);

    for (const { index, name } of terminals) {
      const tab = h('button', {
        type: 'button', class: 'pg-tab', role: 'tab', dataset: { index },
        id: `pg-tab-${index}`, 'aria-controls': `pg-terminal-${index}`,
        onclick: () => this.activate(index, true),
      }, h('span', { class: 'pg-tab-dot', 'aria-hidden': 'true' }), name || `${index}`);
      tabs.append(tab);

      const status = h('div', { class: 'pg-terminal-status', 'aria-live': 'polite' });
      const screen = h('div', { class: 'pg-terminal-screen' });
      const panel = h('div', {
        class: 'pg-terminal', id: `pg-terminal-${index}`, role: several ? 'tabpanel' : null,
        'aria-labelledby': several ? `pg-tab-${index}` : null, dataset: { index, name: name || '' },
      }, h('div', { class: 'pg-terminal-bar' }, h('span', { class: 'pg-terminal-name' }, name || `${index}`), status), screen);
      stack.append(panel);

      const client = new TerminalClient({
        container: screen,
        statusElement: status,
        workspaceId: workspace.id,
        token: workspace.token,
        index,
        name,
        onStatus: (s, c) => this.callbacks.onStatus?.(s, c),
        onEnded: (s, c) => this.callbacks.onEnded?.(s, c),
        onTrouble: (kind, c) => this.callbacks.onTrouble?.(kind, c),
        onInput: (c) => this.callbacks.onInput?.(c),
        onConnectionState: (state, c) => this.syncTab(c),
      });
      client.tab = tab;
      client.panel = panel;
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
    for (const client of this.clients) client.setConnectionState(client.connectionState, client.connectionDetail);
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
