// One browser terminal: xterm.js bound to one WebSocket of the terminal wire protocol, with flow-control ACKs,
// keep-alive pings, replay handling and automatic reconnection.
import { Terminal } from '/vendor/xterm/xterm.mjs';
import { FitAddon } from '/vendor/xterm/addon-fit.mjs';
import { WebLinksAddon } from '/vendor/xterm/addon-web-links.mjs';
import { Unicode11Addon } from '/vendor/xterm/addon-unicode11.mjs';
import { AckBatcher, FINAL_CLOSE_CODES, Opcode, inputFrames, parseServerFrame, pingFrame, resizeFrame } from './protocol.js';
import { reasonText, t } from './i18n.js';

const RECONNECT_DELAYS_MS = [500, 1000, 2000, 4000, 8000];
const PING_INTERVAL_MS = 20000;
// No frame at all (not even a PONG) for this long means the connection is dead even if the socket has not noticed.
const SILENCE_LIMIT_MS = 50000;
const MAX_QUEUED_INPUT = 64 * 1024;

// The bundled Korean coding font (vendor/fonts/nanum-gothic-coding): its Hangul is exactly twice its Latin advance, so
// Hangul fills two cells without gaps ("안 녕"), and it is there on machines without Korean fonts. Nothing between it
// and the generic family: each named family the machine lacks is a blocking font lookup (see app.css).
export const TERMINAL_FONT = '"Nanum Gothic Coding", monospace';
export const FONT_SIZES = Object.freeze({ min: 10, max: 28, standard: 15 });

// xterm's DOM renderer measures each character's width once and keeps it. A Hangul syllable measured before its font
// subset (unicode-range) had loaded keeps the fallback's width, and bash's two cells show as "안 녕 하세 요". When a
// font finishes loading, the open terminals measure again: another spelling of the same font list resets the cache.
const TERMINAL_FONT_RESPELLED = TERMINAL_FONT.replace(', ', ',');
const liveClients = new Set();
let fontsTimer = 0;
document.fonts?.addEventListener?.('loadingdone', () => {
  clearTimeout(fontsTimer);
  fontsTimer = setTimeout(() => { for (const client of liveClients) client.remeasureFont(); }, 30);
});
const FONT_WAIT_MS = 1500;
let fontsLoaded = null;

/**
 * Resolves when the terminal font's Latin and Hangul faces are loaded (or after FONT_WAIT_MS): xterm measures its cell
 * once, on open, so it must measure the real font, not a fallback.
 */
export function terminalFontReady() {
  if (!document.fonts?.load) return Promise.resolve();
  fontsLoaded ??= Promise.race([
    Promise.all(['400', '700'].map((weight) => document.fonts.load(`${weight} 15px "Nanum Gothic Coding"`, 'W가'))).catch(() => {}),
    new Promise((resolve) => setTimeout(resolve, FONT_WAIT_MS)),
  ]);
  return fontsLoaded;
}

const TERMINAL_THEME = {
  background: '#0f1419',
  foreground: '#e6e6e6',
  cursor: '#f8f8f2',
  cursorAccent: '#0f1419',
  selectionBackground: '#3b5070',
  black: '#1c2128', red: '#ff6b6b', green: '#7ee787', yellow: '#f2cc60',
  blue: '#6cb6ff', magenta: '#d2a8ff', cyan: '#76e3ea', white: '#d0d7de',
  brightBlack: '#6e7681', brightRed: '#ff8e8e', brightGreen: '#a5f3a8', brightYellow: '#f8e08e',
  brightBlue: '#9ccbff', brightMagenta: '#e2c5ff', brightCyan: '#b3f0f5', brightWhite: '#ffffff',
};

export class TerminalClient {
  /**
   * options: container (element for xterm), statusElement (the terminal's status line), workspaceId, token,
   * index (1-based), name, onStatus(status, client), onEnded({state, reason, message}, client),
   * onTrouble(kind, client) — kind is 'retrying' (several reconnects failed) or 'refused' (final close code),
   * onConnectionState(state, client) — starting (no workspace yet) | connecting | reconnecting | connected | exited | ended | error, onInput(client),
   * onShellExited({code}, client) — this terminal's shell ended, the workspace may go on; onRestarted(client),
   * onPrompt(client) — a shell prompt is on screen for the first time (once per terminal),
   * fontSize (px).
   */
  constructor(options) {
    this.options = options;
    this.index = options.index;
    this.name = options.name;
    this.connected = false;
    this.ended = false;
    this.lastStatus = null;
    this.lastCloseCode = null;
    this.reconnectAttempt = 0;
    this.generation = 0;
    this.socket = null;
    this.queuedInput = [];
    this.queuedBytes = 0;
    this.disposed = false;
    this.lastFrameAt = 0;

    this.term = new Terminal({
      scrollback: 5000,
      cursorBlink: true,
      fontSize: options.fontSize ?? FONT_SIZES.standard,
      lineHeight: 1.15,
      fontFamily: TERMINAL_FONT,
      theme: TERMINAL_THEME,
      // term.unicode (the Unicode 11 width tables) is still a "proposed" API in xterm.js 6.
      allowProposedApi: true,
    });
    this.fitAddon = new FitAddon();
    this.term.loadAddon(this.fitAddon);
    this.term.loadAddon(new WebLinksAddon());
    // bash/readline count emoji and other wide characters with Unicode 11+ widths; xterm's default (Unicode 6)
    // counts many as one cell, so the cursor drifts from where bash edits (issue 13, item 2).
    this.term.loadAddon(new Unicode11Addon());
    this.term.unicode.activeVersion = '11';
    this.term.attachCustomKeyEventHandler((event) => this.handleKey(event));

    this.acks = new AckBatcher((frame) => this.sendFrame(frame));
    this.term.onData((data) => this.sendInput(data));
    // onBinary carries raw bytes (some mouse reports) as a latin1 string.
    this.term.onBinary((data) => this.sendBytes(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)));
    this.term.onResize(({ cols, rows }) => this.sendFrame(resizeFrame(cols, rows)));

    liveClients.add(this);
    this.resizeObserver = new ResizeObserver(() => this.scheduleFit());
    this.resizeObserver.observe(options.container);
    this.setConnectionState(options.workspaceId ? 'connecting' : 'starting');
  }

  // ---- public API -------------------------------------------------------------------------------------------

  /** Opens the xterm once its font is ready (so cells are measured on the real font), then connects if attached. */
  start() {
    terminalFontReady().then(() => {
      if (this.disposed) return;
      this.term.open(this.options.container);
      this.opened = true;
      this.fit();
      if (this.index === 1) performance.mark('pg:terminal');
      if (this.options.workspaceId) this.connect();
    });
    return this;
  }

  /** Binds a terminal opened before its workspace was known (TerminalsView.prepare) to it, and connects. */
  attach(workspaceId, token) {
    if (this.options.workspaceId || this.disposed) return;
    this.options.workspaceId = workspaceId;
    this.options.token = token;
    this.setConnectionState('connecting');
    if (this.opened) this.connect();
  }

  /** Ctrl+Shift+C copies the selection, Ctrl+Shift+V and Shift+Insert paste (the browser's paste event). */
  handleKey(event) {
    if (event.type !== 'keydown') return true;
    const key = event.key.toLowerCase();
    if (event.ctrlKey && event.shiftKey && key === 'c') {
      const selection = this.term.getSelection();
      if (selection) navigator.clipboard?.writeText(selection).catch(() => {});
      event.preventDefault();
      return false;
    }
    // Returning false lets the browser fire its paste event, which xterm turns into (bracketed) input.
    if ((event.ctrlKey && event.shiftKey && key === 'v') || (event.shiftKey && event.key === 'Insert')) return false;
    return true;
  }

  setFontSize(size) {
    this.term.options.fontSize = size;
    this.fit();
  }

  /** Types text into the terminal as if the learner had typed it. Queued (bounded) while reconnecting. */
  sendInput(text) {
    if (!text) return;
    this.sendBytes(new TextEncoder().encode(text));
  }

  focus() {
    this.term.focus();
  }

  /** Fits the terminal to its container; does nothing while the container is hidden (0×0). */
  fit() {
    const element = this.options.container;
    if (!this.opened || !element.isConnected || element.clientWidth === 0 || element.clientHeight === 0) return;
    try {
      this.fitAddon.fit();
    } catch {
      // The renderer is not measured yet; the ResizeObserver fits again when it is.
    }
  }

  /** Visible + scrollback text, wrapped lines joined, trailing blank lines dropped. For tests and debugging. */
  text() {
    const buffer = this.term.buffer.active;
    const lines = [];
    for (let i = 0; i < buffer.length; i++) {
      const line = buffer.getLine(i);
      if (!line) continue;
      const content = line.translateToString(true);
      if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += content;
      else lines.push(content);
    }
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.join('\n');
  }

  /** Measures the font's characters again (see liveClients): same font, respelled, so xterm drops its width cache. */
  remeasureFont() {
    if (!this.opened || this.disposed) return;
    this.term.options.fontFamily = this.term.options.fontFamily === TERMINAL_FONT ? TERMINAL_FONT_RESPELLED : TERMINAL_FONT;
  }

  /** What was typed or run before the socket opened, taken out (a replacement terminal sends it instead). */
  takeQueuedInput() {
    const queued = this.queuedInput;
    this.queuedInput = [];
    this.queuedBytes = 0;
    return queued;
  }

  dispose() {
    liveClients.delete(this);
    this.disposed = true;
    this.stopTimers();
    this.acks.reset();
    this.resizeObserver.disconnect();
    this.detachSocket(1000, 'page closed terminal');
    this.term.dispose();
  }

  // ---- connection -------------------------------------------------------------------------------------------

  url() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const { workspaceId, token } = this.options;
    return `${scheme}//${location.host}/ws/workspaces/${encodeURIComponent(workspaceId)}/terminals/${this.index}?token=${encodeURIComponent(token)}`;
  }

  connect() {
    if (this.disposed || this.ended || this.shellExited) return;
    const generation = ++this.generation;
    this.acks.reset();
    // early.js may have opened this terminal's socket already, while the page was still loading; adopt it with the
    // frames it received so far (the same handlers, in arrival order) instead of a second handshake.
    const early = window.playgroundEarly?.takeTerminal?.(this.options.workspaceId, this.index) ?? null;
    let socket = early?.socket ?? null;
    if (!socket) {
      try {
        socket = new WebSocket(this.url());
      } catch {
        this.handleClose(generation, 1006, '');
        return;
      }
      socket.binaryType = 'arraybuffer';
    }
    this.socket = socket;
    socket.onopen = () => this.handleOpen(generation);
    socket.onmessage = (event) => this.handleMessage(generation, event);
    socket.onclose = (event) => this.handleClose(generation, event.code, event.reason);
    socket.onerror = () => { /* onclose follows with the code */ };
    if (!early) return;
    if (socket.readyState === WebSocket.OPEN || early.frames.length > 0) this.handleOpen(generation);
    for (const event of early.frames) this.handleMessage(generation, event);
    if (early.closed) this.handleClose(generation, early.closed.code, early.closed.reason);
  }

  handleOpen(generation) {
    if (generation !== this.generation) return;
    this.connected = true;
    this.lastFrameAt = Date.now();
    this.sendFrame(resizeFrame(this.term.cols, this.term.rows));
    this.flushQueuedInput();
    this.startPing(generation);
  }

  handleMessage(generation, event) {
    if (generation !== this.generation) return;
    this.lastFrameAt = Date.now();
    if (typeof event.data === 'string') return; // the protocol is binary only
    this.handleFrame(generation, parseServerFrame(event.data));
  }

  handleFrame(generation, frame) {
    switch (frame.opcode) {
      case Opcode.OUTPUT: {
        const byteCount = frame.payload.length;
        // ACK only after xterm has parsed the bytes, and only on the connection that delivered them.
        this.term.write(frame.payload, () => {
          if (generation === this.generation) this.acks.consumed(byteCount);
          if (!this.promptSeen) this.notePrompt();
        });
        break;
      }
      case Opcode.STATUS:
        this.handleStatus(frame.status);
        break;
      case Opcode.PONG:
      default:
        break;
    }
  }

  /** Marks `pg:prompt` (terminal 1) the first time the cursor sits after a shell prompt ("$ " or "# "). */
  notePrompt() {
    const buffer = this.term.buffer.active;
    const line = buffer.getLine(buffer.baseY + buffer.cursorY)?.translateToString(true) ?? '';
    if (!/[$#] ?$/.test(line)) return;
    this.promptSeen = true;
    if (this.index === 1) performance.mark('pg:prompt');
    this.options.onPrompt?.(this);
  }

  handleStatus(status) {
    this.lastStatus = status;
    switch (status.state) {
      case 'replay':
        // RIS through the write queue (not term.reset()) so it lands after output still queued from before and
        // before the replayed bytes that follow.
        this.term.write('\x1bc');
        this.setConnectionState('connecting');
        break;
      case 'attached':
        if (this.index === 1 && !performance.getEntriesByName('pg:attached').length) performance.mark('pg:attached');
        this.reconnectAttempt = 0;
        this.setConnectionState('connected');
        break;
      case 'exited':
        // Only this terminal's shell ended (`exit`, Ctrl-D, a crash of bash): the workspace, its clock and the other
        // terminals go on. The page offers "Restart shell", which reconnects and gets a new shell in the same sandbox.
        this.markShellExited(status);
        break;
      case 'expired':
        this.markEnded(status);
        break;
      case 'error':
        this.setConnectionState('error', status.message);
        break;
      case 'takeover':
      case 'released':
        // An instructor took over (or handed back) this terminal: cohort-bar.js shows who, as a banner.
        window.dispatchEvent(new CustomEvent('pg:takeover', { detail: { state: status.state, by: status.by, index: this.index } }));
        break;
      default:
        break;
    }
    this.options.onStatus?.(status, this);
  }

  markShellExited(status) {
    if (this.ended || this.shellExited) return;
    const code = Number.isInteger(status.exitCode) ? status.exitCode : null;
    this.shellExited = { code };
    this.stopTimers();
    // The server ends the exited session once nobody is attached; the next connection starts a new shell.
    this.detachSocket(1000, 'shell exited');
    this.term.write(`\r\n\x1b[1;33m[${this.exitText()}]\x1b[0m\r\n`);
    this.setConnectionState('exited');
    this.options.onShellExited?.(this.shellExited, this);
  }

  exitText() {
    const code = this.shellExited?.code;
    return code === null || code === undefined ? t('term.exitedUnknown') : t('term.exited', { code });
  }

  /** A new shell in the same sandbox after `exit`: reconnecting starts one (see PROTOCOL.md, "Shell exit"). */
  restartShell() {
    if (!this.shellExited || this.ended || this.disposed) return;
    this.shellExited = null;
    this.reconnectAttempt = 0;
    this.setConnectionState('connecting');
    this.options.onRestarted?.(this);
    this.connect();
  }

  markEnded(status) {
    if (this.ended) return;
    this.ended = true;
    this.connected = false;
    this.stopTimers();
    const text = status.message ? `${reasonText(status.reason)} ${status.message}` : reasonText(status.reason);
    this.term.write(`\r\n\x1b[1;33m[${text}]\x1b[0m\r\n`);
    this.setConnectionState('ended', reasonText(status.reason));
    this.options.onEnded?.(status, this);
  }

  handleClose(generation, code, reason) {
    if (generation !== this.generation) return;
    this.connected = false;
    this.lastCloseCode = code;
    this.stopTimers();
    this.acks.reset();
    this.socket = null;
    if (this.disposed || this.ended || this.shellExited) return;
    if (code === 4410) {
      this.markEnded({ state: 'expired', reason: reason || 'destroyed' });
      return;
    }
    if (code === 4000) {
      // Opened in another tab or window: taking it back automatically would make both tabs fight
      // over the shell forever. Reconnect only when the learner asks (click or keypress here).
      this.setConnectionState('error', t('term.replaced'));
      const resume = () => { this.term.element?.removeEventListener('mousedown', resume); this.connect(); };
      this.term.element?.addEventListener('mousedown', resume, { once: true });
      return;
    }
    if (FINAL_CLOSE_CODES.has(code)) {
      this.setConnectionState('error', `${t('term.denied')} (${code}${reason ? `: ${reason}` : ''})`);
      this.options.onTrouble?.('refused', this);
      return;
    }
    const delay = RECONNECT_DELAYS_MS[Math.min(this.reconnectAttempt, RECONNECT_DELAYS_MS.length - 1)];
    this.reconnectAttempt++;
    this.setConnectionState('reconnecting');
    if (this.reconnectAttempt >= 3) this.options.onTrouble?.('retrying', this);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  /** Drops the current socket without letting its close event trigger anything. */
  detachSocket(code, reason) {
    const socket = this.socket;
    this.generation++;
    this.socket = null;
    this.connected = false;
    if (socket && socket.readyState <= WebSocket.OPEN) {
      try { socket.close(code, reason); } catch { /* already closing */ }
    }
  }

  startPing(generation) {
    this.pingTimer = setInterval(() => {
      if (generation !== this.generation) return;
      if (Date.now() - this.lastFrameAt > SILENCE_LIMIT_MS) {
        // A sleeping laptop or dropped network: treat the socket as closed and reconnect now.
        this.detachSocket(4000, 'no answer to ping');
        this.handleClose(this.generation, 1006, 'silent');
        return;
      }
      this.sendFrame(pingFrame());
    }, PING_INTERVAL_MS);
  }

  stopTimers() {
    clearInterval(this.pingTimer);
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.fitTimer);
    this.pingTimer = this.reconnectTimer = this.fitTimer = null;
  }

  // ---- sending ----------------------------------------------------------------------------------------------

  sendBytes(bytes) {
    if (this.ended || this.disposed) return;
    if (this.shellExited) {
      // Enter in an exited terminal restarts its shell, like a terminal emulator's "press Enter to restart".
      if (bytes.length === 1 && bytes[0] === 0x0d) this.restartShell();
      return;
    }
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      for (const frame of inputFrames(bytes)) this.sendFrame(frame);
      this.options.onInput?.(this);
    } else if (this.queuedBytes + bytes.length <= MAX_QUEUED_INPUT) {
      this.queuedInput.push(bytes);
      this.queuedBytes += bytes.length;
    }
  }

  flushQueuedInput() {
    const queued = this.queuedInput;
    this.queuedInput = [];
    this.queuedBytes = 0;
    for (const bytes of queued) this.sendBytes(bytes);
  }

  sendFrame(frame) {
    const socket = this.socket;
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(frame);
  }

  scheduleFit() {
    clearTimeout(this.fitTimer);
    this.fitTimer = setTimeout(() => this.fit(), 30);
  }

  // ---- status line ------------------------------------------------------------------------------------------

  setConnectionState(state, detail) {
    this.connectionState = state;
    this.connectionDetail = detail;
    const element = this.options.statusElement;
    if (!element) {
      this.options.onConnectionState?.(state, this);
      return;
    }
    const texts = {
      starting: t('ws.starting'),
      connecting: t('term.connecting'),
      reconnecting: t('term.reconnecting'),
      connected: t('term.connected'),
      ended: t('term.ended'),
      exited: t('term.exitedState'),
      error: t('term.error'),
    };
    element.dataset.state = state;
    element.textContent = detail ? `${texts[state]} — ${detail}` : texts[state];
    this.options.onConnectionState?.(state, this);
  }
}
