// The terminal wire protocol (see CONTEXT.md): binary WebSocket frames whose first byte is the opcode.
// Pure functions only, so the framing can be reasoned about apart from the socket and xterm.

export const Opcode = Object.freeze({
  INPUT: 0x00,
  RESIZE: 0x01,
  ACK: 0x02,
  PING: 0x03,
  PONG: 0x04,
  CONTROL: 0x05,
  OUTPUT: 0x10,
  STATUS: 0x11,
});

export const MAX_INPUT_PAYLOAD = 64 * 1024;

/** Close codes after which reconnecting cannot help. */
export const FINAL_CLOSE_CODES = new Set([4401, 4403, 4404, 4410]);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function frame(opcode, payload) {
  const bytes = new Uint8Array(1 + payload.length);
  bytes[0] = opcode;
  bytes.set(payload, 1);
  return bytes;
}

/** Splits typed text into INPUT frames of at most 64 KiB payload each, never cutting a UTF-8 sequence. */
export function inputFrames(text) {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  const frames = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + MAX_INPUT_PAYLOAD, bytes.length);
    // Step back over UTF-8 continuation bytes (10xxxxxx) so a character is never split across frames.
    while (end < bytes.length && end > start && (bytes[end] & 0xc0) === 0x80) end--;
    frames.push(frame(Opcode.INPUT, bytes.subarray(start, end)));
    start = end;
  }
  return frames;
}

function clampDimension(value) {
  return Math.max(1, Math.min(1000, Math.floor(value) || 1));
}

export function resizeFrame(cols, rows) {
  const payload = new Uint8Array(4);
  const view = new DataView(payload.buffer);
  view.setUint16(0, clampDimension(cols));
  view.setUint16(2, clampDimension(rows));
  return frame(Opcode.RESIZE, payload);
}

/** Instructor watch connections only: take over (true) or hand back (false) the watched terminal. */
export function controlFrame(take) {
  return frame(Opcode.CONTROL, Uint8Array.of(take ? 1 : 0));
}

export function ackFrame(byteCount) {
  const payload = new Uint8Array(4);
  new DataView(payload.buffer).setUint32(0, byteCount >>> 0);
  return frame(Opcode.ACK, payload);
}

export function pingFrame(payload = new Uint8Array(0)) {
  return frame(Opcode.PING, payload.subarray(0, 64));
}

/** Parses a server frame: {opcode, payload: Uint8Array} or {opcode, status: {...}} for STATUS. */
export function parseServerFrame(buffer) {
  const bytes = new Uint8Array(buffer);
  if (bytes.length === 0) return { opcode: -1, payload: bytes };
  const opcode = bytes[0];
  const payload = bytes.subarray(1);
  if (opcode === Opcode.STATUS) {
    let status;
    try {
      status = JSON.parse(decoder.decode(payload));
    } catch {
      status = { state: 'error', message: 'malformed STATUS frame' };
    }
    return { opcode, payload, status: status && typeof status === 'object' ? status : { state: 'error' } };
  }
  return { opcode, payload };
}

/**
 * Batches ACKs: bytes are reported once at least 64 KiB are pending, and otherwise at most 100 ms after the first
 * unreported byte, so the server's window never stalls and the socket is not flooded with tiny ACK frames.
 */
export class AckBatcher {
  constructor(send, { maxBytes = 64 * 1024, maxDelayMs = 100 } = {}) {
    this.send = send;
    this.maxBytes = maxBytes;
    this.maxDelayMs = maxDelayMs;
    this.pending = 0;
    this.timer = null;
  }

  consumed(byteCount) {
    if (byteCount <= 0) return;
    this.pending += byteCount;
    if (this.pending >= this.maxBytes) this.flush();
    else if (this.timer === null) this.timer = setTimeout(() => this.flush(), this.maxDelayMs);
  }

  flush() {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    // uint32 on the wire; a real pending count never gets near 4 GiB, but never send a wrapped value.
    while (this.pending > 0) {
      const chunk = Math.min(this.pending, 0xffffffff);
      this.pending -= chunk;
      this.send(ackFrame(chunk));
    }
  }

  /** Drops pending counts without sending: they belonged to a connection that is gone. */
  reset() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = 0;
  }
}
