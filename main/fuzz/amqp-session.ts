// One fuzz session against an AMQP 0-9-1 listener (TCP or WebSocket): a real handshake, then
// groups of generated, sometimes damaged frames on four channels, each group followed by a
// round trip (basic.qos on a channel the generator leaves alone) that must be answered: a session
// the broker neither answers nor closes within the timeout is a hang. A channel the broker closes
// is acknowledged and reopened, so later frames are still read. Sessions that fuzz the handshake
// itself send a damaged protocol header or handshake method instead.
import { FrameReader } from '../perf/raw-client';
import * as F from '../perf/frames';
import { FRAME_METHOD } from '../perf/frames';
import { hostileTable, methodFrame, oddFrame, publish, HEARTBEAT } from './amqp-gen';
import { mutate, shuffle } from './mutate';
import type { Pipe } from './pipe';
import type { Rng } from './rng';
import type { Tally } from './findings';

export interface AmqpLogin { user: string; pass: string; vhost: string }
export interface SessionOptions { frames: number; mutationRate: number; timeoutMs: number }

const SYNC_CHANNEL = 100;
const FUZZ_CHANNELS = [1, 2, 3, 4];
const GROUP = 16;
const INTERNAL_ERROR = 541;
const CHANNEL_CLOSE = (20 << 16) | 40;

type Waiter = { id: number; channel: number; resolve: () => void };

/** The client side: reads the broker's frames, answers closes, and lets the driver await replies. */
class AmqpPeer {
  readonly reader: FrameReader;
  /** the broker's connection.close reply code, once it closed */
  closeCode = 0;
  closeText = '';
  badReply = '';
  private waiters: Waiter[] = [];

  constructor(readonly pipe: Pipe) {
    this.reader = new FrameReader((type, ch, buf, p, size) => this.onFrame(type, ch, buf, p, size));
    pipe.onData = (b) => {
      try { this.reader.push(b); } catch (e) { this.badReply ||= (e as Error).message; pipe.destroy(); }
    };
    void pipe.closed.then(() => this.release());
  }

  /** Resolves when method `id` arrives on `channel`, or when the connection ends first (then false). */
  expect(channel: number, id: number): Promise<boolean> {
    if (this.pipe.isClosed || this.closeCode) return Promise.resolve(false);
    return new Promise((resolve) => this.waiters.push({ id, channel, resolve: () => resolve(!this.closeCode && !this.pipe.isClosed) }));
  }

  private release(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w.resolve();
  }

  private onFrame(type: number, ch: number, buf: Buffer, p: number, size: number): void {
    if (type !== FRAME_METHOD) return;
    if (size < 4) { this.badReply ||= `a ${size}-byte method frame`; return; }
    const id = buf.readUInt32BE(p);
    if (id === F.M.connectionClose) {
      this.closeCode = buf.readUInt16BE(p + 4);
      this.closeText = buf.toString('utf8', p + 7, p + 7 + buf[p + 6]);
      this.pipe.write(F.connectionCloseOk());
      this.release();
      return;
    }
    if (id === F.M.channelClose) {
      // acknowledge and reopen, so the rest of the group is read on a working channel
      this.pipe.write(F.channelCloseOk(ch));
      this.pipe.write(F.channelOpen(ch));
    }
    const i = this.waiters.findIndex((w) => w.id === id && w.channel === ch);
    if (i >= 0) this.waiters.splice(i, 1)[0].resolve();
  }
}

function channel(rng: Rng): number {
  if (rng.chance(0.005)) return 0;
  if (rng.chance(0.005)) { const c = rng.int(65536); return c === SYNC_CHANNEL ? 5 : c; }
  return rng.pick(FUZZ_CHANNELS);
}

/** What a group of units asks of the broker beyond answering it. */
interface GroupState {
  /** a frame was damaged (it may leave the broker waiting for more bytes) */
  damaged: boolean;
  /** an undamaged frame longer than frame-max: the broker must close the connection (501) */
  oversized: number;
}

/** The longest frame in `b` (a unit's buffer may hold several frames) if it is past frame-max, else 0. */
function largestFrame(b: Buffer, frameMax: number): number {
  let largest = 0;
  for (let o = 0; o + 7 <= b.length; ) {
    const len = b.readUInt32BE(o + 3) + 8;
    if (len > frameMax) largest = Math.max(largest, len);
    o += len;
  }
  return largest;
}

/** One unit of generated traffic: a method, a publish with its content, or an odd frame; pushed
 *  onto `out`, its damage and size noted in `g`. */
function unit(rng: Rng, frameMax: number, mutationRate: number, out: Buffer[], g: GroupState): void {
  const ch = channel(rng);
  const r = rng.float();
  // the rarer kinds end the connection: kept rare, so that sessions get past their first error
  let frames = r < 0.55 ? [methodFrame(rng, ch)] : r < 0.95 ? publish(rng, ch, frameMax) : r < 0.955 ? [hostileTable(rng, ch, frameMax)]
    : r < 0.965 ? [oddFrame(rng, ch, frameMax)] : r < 0.98 ? [HEARTBEAT] : [F.channelOpen(rng.range(5, 99))];
  // a channel the generator closes is reopened straight away (frames on a closed channel are a 504)
  if (frames.length === 1 && frames[0].length >= 11 && frames[0].readUInt32BE(7) === CHANNEL_CLOSE && ch !== 0) frames.push(F.channelOpen(ch));
  if (rng.chance(mutationRate)) {
    g.damaged = true;
    if (frames.length > 1 && rng.chance(0.3)) frames = shuffle(rng, frames);
    else { const i = rng.int(frames.length); frames[i] = mutate(rng, frames[i]); }
  } else {
    for (const f of frames) g.oversized = Math.max(g.oversized, largestFrame(f, frameMax));
  }
  out.push(...frames);
}

/** How long a group with a damaged frame may go unanswered: a length that lies leaves the broker
 *  rightly waiting for bytes that never come (RabbitMQ too, until the heartbeat timeout). */
export const DAMAGED_WAIT_MS = 300;

/** A session that damages the handshake: a wrong protocol header, or a damaged start-ok/tune-ok/open. */
async function handshakeSession(pipe: Pipe, rng: Rng, login: AmqpLogin, opts: SessionOptions): Promise<number> {
  const steps = [F.PROTOCOL_HEADER, F.startOk(login.user, login.pass), F.tuneOk(2047, 131072, 0), F.connectionOpen(login.vhost)];
  const upTo = rng.range(1, steps.length);
  const bad = rng.int(upTo);
  for (let i = 0; i < upTo; i++) pipe.write(i === bad ? mutate(rng, steps[i]) : steps[i]);
  const t = setTimeout(() => pipe.destroy(), Math.min(opts.timeoutMs, 1000));
  await pipe.closed;
  clearTimeout(t);
  return upTo;
}

/** Runs one session; returns how many frames it sent. */
export async function amqpSession(pipe: Pipe, rng: Rng, login: AmqpLogin, opts: SessionOptions, tally: Tally, session: number): Promise<number> {
  if (rng.chance(0.05)) {
    const n = await handshakeSession(pipe, rng, login, opts);
    tally.count('amqp handshake fuzzed');
    return n;
  }
  const peer = new AmqpPeer(pipe);
  let sent = 0;
  const hang = (what: string): number => { tally.find('hang', `no ${what} within ${opts.timeoutMs} ms`, session); pipe.destroy(); return sent; };
  const within = <T>(p: Promise<T>, ms = opts.timeoutMs): Promise<T | 'timeout'> => new Promise((resolve) => {
    const t = setTimeout(() => resolve('timeout'), ms);
    void p.then((v) => { clearTimeout(t); resolve(v); });
  });
  // handshake
  const start = peer.expect(0, F.M.connectionStart);
  pipe.write(F.PROTOCOL_HEADER);
  if ((await within(start)) === 'timeout') return hang('connection.start');
  const tune = peer.expect(0, (10 << 16) | 30);
  pipe.write(F.startOk(login.user, login.pass));
  if ((await within(tune)) === 'timeout') return hang('connection.tune');
  const frameMax = 131072;
  pipe.write(F.tuneOk(2047, frameMax, 0));
  const open = peer.expect(0, F.M.connectionOpenOk);
  pipe.write(F.connectionOpen(login.vhost));
  const opened = await within(open);
  if (opened === 'timeout') return hang('connection.open-ok');
  if (!opened) { tally.find('setup', `the handshake failed: ${peer.closeCode} ${peer.closeText}`, session); return sent; }
  for (const ch of [...FUZZ_CHANNELS, SYNC_CHANNEL]) pipe.write(F.channelOpen(ch));
  // the fuzzing proper
  while (sent < opts.frames && !pipe.isClosed && !peer.closeCode) {
    const group: Buffer[] = [];
    const g: GroupState = { damaged: false, oversized: 0 };
    for (let i = 0; i < GROUP; i++) unit(rng, frameMax, opts.mutationRate, group, g);
    sent += group.length;
    pipe.write(Buffer.concat(group));
    const answered = peer.expect(SYNC_CHANNEL, F.M.basicQosOk);
    pipe.write(F.basicQos(SYNC_CHANNEL, 0));
    const r = await within(answered, g.damaged ? DAMAGED_WAIT_MS : opts.timeoutMs);
    if (r === 'timeout') {
      if (!g.damaged) return hang(`basic.qos-ok after ${sent} frames`);
      tally.count('amqp waiting on a damaged frame');
      pipe.destroy();
      return sent;
    }
    // still open after all of the group was read: the frame past frame-max was taken
    if (r && g.oversized && !g.damaged) tally.find('not-refused', `a ${g.oversized}-byte frame (frame-max ${frameMax}) was accepted, not refused with 501`, session);
  }
  if (peer.badReply) tally.find('bad-reply', peer.badReply, session);
  if (peer.closeCode === INTERNAL_ERROR) tally.find('internal-error', peer.closeText, session);
  if (peer.closeCode) { tally.count(`amqp ${peer.closeCode}${process.env.FUZZ_DEBUG ? ` ${peer.closeText.slice(0, 60)}` : ''}`); pipe.destroy(); return sent; }
  if (pipe.isClosed) { tally.count('amqp socket closed'); return sent; }
  const closed = peer.expect(0, F.M.connectionCloseOk);
  pipe.write(F.connectionClose());
  if ((await within(closed)) === 'timeout') return hang('connection.close-ok');
  tally.count(peer.closeCode ? `amqp ${peer.closeCode}` : 'amqp clean close');
  pipe.destroy();
  return sent;
}
