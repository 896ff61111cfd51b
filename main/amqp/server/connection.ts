// An AMQP 0-9-1 connection: the handshake state machine, channel multiplexing, heartbeats and the
// batched writer. It writes to any Duplex stream (a TCP socket in production); its owner feeds it
// the bytes read, through receive().
//
//   protocol-header ─▶ start-ok ─▶ tune-ok ─▶ open ─▶ running ─▶ closing ─▶ closed
//   (a wrong header gets AMQP 0-9-1's header back and the socket closed; an error at any point
//    sends connection.close and waits for close-ok in `closing`)
import type { Duplex } from 'node:stream';
import type { Broker } from '../../broker/broker';
import type { Client, HeldMessage } from '../../broker/client';
import type { AmqpConsumer } from './consumer';
import { BrokerError, ConnectionError, Reply } from '../../broker/errors';
import type { EventBus } from '../../broker/events';
import { tableToJson } from '../../broker/field-values';
import type { VHost } from '../../broker/vhost';
import type { Queue } from '../../broker/queues/queue';
import type { ChannelInfo, ConnectionInfo } from '../../../shared/model/topology';
import { CodecError } from '../codec/errors';
import { FrameParser } from '../codec/frame-parser';
import { FrameWriter } from '../codec/frame-writer';
import type { FieldTable, Frame, Method } from '../codec/types';
import { FRAME_MIN_SIZE, PROTOCOL_HEADER, replyName } from '../spec';
import { MECHANISMS, parseCredentials } from './auth';
import { Channel, type ChannelHost } from './channel';
import { channelHandlers } from './methods';
import { serverProperties } from './server-properties';
import { LARGE_BODY, type ReadBuffers } from './read-buffers';

export interface ConnectionLimits {
  frameMax: number;
  channelMax: number;
  /** heartbeat interval proposed in connection.tune, seconds */
  heartbeat: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = { frameMax: 131072, channelMax: 2047, heartbeat: 60 };

type State = 'protocol-header' | 'start-ok' | 'tune-ok' | 'open' | 'running' | 'closing' | 'closed';

/** Output beyond this many buffered bytes pauses deliveries until the socket drains. */
const WRITE_HIGH_WATER = 4 * 1024 * 1024;

export interface ConnectionLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

export class AmqpConnection implements ChannelHost, Client {
  private state: State = 'protocol-header';
  private header = Buffer.alloc(0);
  private readonly parser = new FrameParser({ frameMax: FRAME_MIN_SIZE });
  readonly writer: FrameWriter;
  private readonly channelMap = new Map<number, Channel>();
  private flushScheduled = false;
  private limits: ConnectionLimits;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private lastReceived = Date.now();
  private lastSent = Date.now();
  private closeTimer: NodeJS.Timeout | null = null;
  private waitingForDrain = false;
  /** a consumer was refused a delivery for backpressure: kick the queues once output drains */
  private deliveriesPaused = false;

  /** this connection has published: alarms block it (consumers-only connections keep going) */
  private publisher = false;
  /** blocked by a resource alarm: the socket is not read until it clears */
  private blocked = false;
  /** the client understands connection.blocked / unblocked */
  private blockedNotify = false;
  private readonly offAlarms: () => void;

  user = '';
  vhost!: VHost;
  cancelNotify = false;
  info: ConnectionInfo;
  private clientProperties: FieldTable = [];

  constructor(
    private readonly socket: Duplex,
    private readonly broker: Broker,
    address: string,
    limits: ConnectionLimits,
    private readonly log: ConnectionLogger,
    /** where the socket's reads land, told the size of bodies to come (absent for other streams) */
    private readonly reads: ReadBuffers | null = null,
  ) {
    this.limits = { ...limits };
    this.writer = new FrameWriter(FRAME_MIN_SIZE);
    this.info = { id: broker.newClientId('amqp'), protocol: 'AMQP 0-9-1', address, user: '', vhost: '', clientProperties: {}, connectedAt: Date.now() };
    socket.on('drain', () => this.onDrain());
    socket.on('error', () => this.teardown('socket error'));
    socket.on('close', () => this.teardown('socket closed'));
    this.offAlarms = broker.alarms.subscribe((on, reason) => this.onAlarm(on, reason));
  }

  // ---- views for the UI -----------------------------------------------------------------------

  *unacked(): Iterable<HeldMessage> {
    for (const ch of this.channelMap.values()) {
      for (const [deliveryTag, entry] of ch.unacked) {
        yield { entry, channel: ch.id, deliveryTag, consumerTag: (entry.consumer as AmqpConsumer | null)?.tag ?? null };
      }
    }
  }

  channels(): ChannelInfo[] {
    return [...this.channelMap.values()].map((ch) => ({
      connectionId: this.info.id, channel: ch.id, prefetch: ch.consumerPrefetch, globalPrefetch: ch.channelPrefetch,
      unacked: ch.unacked.size, confirm: ch.confirmSeq > 0, transactional: ch.tx !== null,
      consumers: [...ch.consumers.values()].map((c) => ({ tag: c.tag, queue: c.queue.name, noAck: c.noAck, exclusive: c.exclusive, unacked: c.unacked })),
    }));
  }

  // ---- resource alarms ----------------------------------------------------------------------

  /** A channel began a publish: from now on this connection is a publisher. */
  notePublish(): void {
    this.publisher = true;
    if (this.broker.alarms.blocked && !this.blocked) this.block(this.broker.alarms.reason);
  }

  private onAlarm(on: boolean, reason: string): void {
    if (this.state !== 'running') return;
    if (on && this.publisher) this.block(reason);
    else if (!on && this.blocked) this.unblock();
  }

  /** Stop reading the socket (TCP back-pressures the publisher) and tell the client why. */
  private block(reason: string): void {
    this.blocked = true;
    this.socket.pause();
    if (this.blockedNotify) { this.writer.method(0, 'connection.blocked', { reason }); this.scheduleFlush(); }
    if (this.events.active) this.log.info(`amqp: ${this.info.id} blocked: ${reason}`);
  }

  private unblock(): void {
    this.blocked = false;
    this.lastReceived = Date.now();
    if (this.blockedNotify) { this.writer.method(0, 'connection.unblocked', {}); this.scheduleFlush(); }
    this.socket.resume();
  }

  get events(): EventBus { return this.broker.events; }
  get client(): Client { return this; }

  // ---- input --------------------------------------------------------------------------------

  /** Bytes from the socket (the listener reads it: see read-buffers.ts). */
  receive(chunk: Buffer): void {
    this.lastReceived = Date.now();
    if (this.state === 'closed') return;
    try {
      if (this.state === 'protocol-header') {
        chunk = this.readProtocolHeader(chunk);
        if (chunk.length === 0) return;
      }
      this.parser.push(chunk, this.frameHandler);
    } catch (err) {
      this.fail(err);
      return;
    }
    this.yieldReads();
  }

  private readonly frameHandler = (frame: Frame): void => this.onFrame(frame);

  /** Fairness: after each chunk a connection steps aside until the next event-loop turn, so one
   *  publisher flooding its socket cannot starve other clients (consumers' acks above all). */
  private yieldReads(): void {
    if (this.readYielded || this.blocked || this.state === 'closed') return;
    this.readYielded = true;
    this.socket.pause();
    setImmediate(this.resumeReads);
  }

  /** Flow control: stop reading after this chunk until the queue catches up. */
  throttle(queue: Queue): void {
    if (this.flowWaiting) return;
    this.flowWaiting = true;
    this.socket.pause();
    queue.waitForDrain(this.endFlow);
  }

  private flowWaiting = false;
  private readonly endFlow = (): void => {
    this.flowWaiting = false;
    if (!this.readYielded && !this.blocked && this.state !== 'closed') this.socket.resume();
  };

  private readYielded = false;
  private readonly resumeReads = (): void => {
    this.readYielded = false;
    if (!this.blocked && !this.flowWaiting && this.state !== 'closed') this.socket.resume();
  };

  private readProtocolHeader(chunk: Buffer): Buffer {
    const need = 8 - this.header.length;
    this.header = Buffer.concat([this.header, chunk.subarray(0, need)]);
    if (this.header.length < 8) return Buffer.alloc(0);
    if (!this.header.equals(PROTOCOL_HEADER)) {
      // AMQP 0-9-1 §4.2.2: answer with the protocol we speak, then close.
      this.state = 'closed';
      this.socket.end(PROTOCOL_HEADER);
      return Buffer.alloc(0);
    }
    this.state = 'start-ok';
    this.writer.method(0, 'connection.start', {
      versionMajor: 0, versionMinor: 9, serverProperties: serverProperties(),
      mechanisms: Buffer.from(MECHANISMS), locales: Buffer.from('en_US'),
    });
    this.scheduleFlush();
    return chunk.subarray(need);
  }

  private onFrame(frame: Frame): void {
    if (this.state === 'closed') return;
    if (frame.type === 'heartbeat') {
      if (frame.channel !== 0) throw new ConnectionError(Reply.UNEXPECTED_FRAME, `heartbeat frame on channel ${frame.channel}`);
      return;
    }
    if (this.state === 'closing') {
      // After sending connection.close only close/close-ok matter (AMQP 0-9-1 §2.2.4).
      if (frame.type === 'method' && frame.channel === 0) {
        if (frame.method.name === 'connection.close-ok') this.destroy();
        else if (frame.method.name === 'connection.close') { this.writer.method(0, 'connection.close-ok', {}); this.flushNow(); this.destroy(); }
      }
      return;
    }
    if (frame.channel === 0) {
      if (frame.type !== 'method') throw new ConnectionError(Reply.UNEXPECTED_FRAME, `unexpected ${frame.type} frame on channel 0`);
      this.onConnectionMethod(frame.method);
      return;
    }
    if (this.state !== 'running') throw new ConnectionError(Reply.CHANNEL_ERROR, `channel ${frame.channel} used before connection.open`);
    this.onChannelFrame(frame);
  }

  private onConnectionMethod(m: Method): void {
    switch (this.state) {
      case 'start-ok':
        if (m.name !== 'connection.start-ok') throw unexpected(m, 'connection.start-ok');
        return this.onStartOk(m.args);
      case 'tune-ok':
        if (m.name !== 'connection.tune-ok') throw unexpected(m, 'connection.tune-ok');
        return this.onTuneOk(m.args);
      case 'open':
        if (m.name !== 'connection.open') throw unexpected(m, 'connection.open');
        return this.onOpen(m.args.virtualHost);
      case 'running':
        if (m.name === 'connection.close') {
          this.writer.method(0, 'connection.close-ok', {});
          this.flushNow();
          this.state = 'closed';
          this.socket.end();
          this.teardown('closed by client');
          return;
        }
        if (m.name === 'connection.update-secret') { this.writer.method(0, 'connection.update-secret-ok', {}); this.scheduleFlush(); return; }
        throw new ConnectionError(Reply.COMMAND_INVALID, `unexpected method ${m.name} on channel 0`);
      default:
        return;
    }
  }

  private onStartOk(a: Extract<Method, { name: 'connection.start-ok' }>['args']): void {
    this.clientProperties = a.clientProperties;
    const caps = a.clientProperties.find(([k]) => k === 'capabilities')?.[1];
    if (caps?.type === 'F') {
      const flag = (name: string): boolean => {
        const v = caps.value.find(([k]) => k === name)?.[1];
        return v?.type === 't' && v.value;
      };
      this.cancelNotify = flag('consumer_cancel_notify');
      this.blockedNotify = flag('connection.blocked');
    }
    const creds = parseCredentials(a.mechanism, a.response);
    if (!creds || !this.broker.authenticate(creds.user, creds.password)) {
      const who = creds ? `user '${creds.user}'` : `mechanism ${a.mechanism}`;
      this.log.warn(`amqp: login refused for ${who} from ${this.info.address}`);
      throw new ConnectionError(Reply.ACCESS_REFUSED, `Login was refused using authentication mechanism ${a.mechanism}. For details see the broker logfile.`);
    }
    this.user = creds.user;
    this.state = 'tune-ok';
    this.writer.method(0, 'connection.tune', { channelMax: this.limits.channelMax, frameMax: this.limits.frameMax, heartbeat: this.limits.heartbeat });
    this.scheduleFlush();
  }

  private onTuneOk(a: { channelMax: number; frameMax: number; heartbeat: number }): void {
    const frameMax = a.frameMax === 0 ? this.limits.frameMax : a.frameMax;
    if (frameMax < FRAME_MIN_SIZE || frameMax > this.limits.frameMax) {
      throw new ConnectionError(Reply.NOT_ALLOWED, `frame_max=${a.frameMax} outside ${FRAME_MIN_SIZE}..${this.limits.frameMax}`);
    }
    this.limits = { frameMax, channelMax: a.channelMax === 0 ? this.limits.channelMax : Math.min(a.channelMax, this.limits.channelMax), heartbeat: a.heartbeat };
    this.parser.frameMax = frameMax;
    this.writer.frameMax = frameMax;
    this.state = 'open';
    if (a.heartbeat > 0) this.startHeartbeats(a.heartbeat);
  }

  private onOpen(vhostName: string): void {
    const vhost = this.broker.vhost(vhostName);
    if (!vhost) throw new ConnectionError(Reply.NOT_ALLOWED, `vhost '${vhostName}' not found`);
    this.vhost = vhost;
    this.state = 'running';
    this.info = { ...this.info, user: this.user, vhost: vhostName, clientProperties: tableToJson(this.clientProperties) };
    this.writer.method(0, 'connection.open-ok', {});
    this.scheduleFlush();
    this.broker.clientOpened(this);
  }

  private onChannelFrame(frame: Exclude<Frame, { type: 'heartbeat' }>): void {
    const id = frame.channel;
    if (frame.type === 'header' && this.reads !== null) this.reads.largeBodies = frame.bodySize >= LARGE_BODY;
    if (id > this.limits.channelMax) throw new ConnectionError(Reply.CHANNEL_ERROR, `channel ${id} exceeds channel_max ${this.limits.channelMax}`);
    const ch = this.channelMap.get(id);
    if (!ch) {
      if (frame.type === 'method' && frame.method.name === 'channel.open') return this.openChannel(id);
      throw new ConnectionError(Reply.CHANNEL_ERROR, `expected 'channel.open' on channel ${id}`);
    }
    if (ch.state === 'closing') {
      if (frame.type !== 'method') return;
      if (frame.method.name === 'channel.close-ok') this.removeChannel(ch, 'closed by broker');
      else if (frame.method.name === 'channel.close') {
        // Both sides closed at once: answer, and the channel is done.
        ch.send('channel.close-ok', {});
        this.removeChannel(ch, 'closed by both sides');
      }
      return;
    }
    try {
      switch (frame.type) {
        case 'method': return this.onChannelMethod(ch, frame.method);
        case 'header': return ch.contentHeader(frame.classId, frame.bodySize, frame.rawProperties);
        case 'body': return ch.contentBody(frame.payload);
      }
    } catch (err) {
      if (err instanceof BrokerError && err.scope === 'channel') this.closeChannel(ch, err, frame);
      else throw err;
    }
  }

  private onChannelMethod(ch: Channel, m: Method): void {
    if (ch.expectingContent) throw new ConnectionError(Reply.UNEXPECTED_FRAME, `expected content on channel ${ch.id}, got ${m.name}`);
    switch (m.name) {
      case 'channel.open': throw new ConnectionError(Reply.CHANNEL_ERROR, `second 'channel.open' seen on channel ${ch.id}`);
      case 'channel.close':
        ch.send('channel.close-ok', {});
        this.removeChannel(ch, `closed by client: ${m.args.replyCode} ${m.args.replyText}`);
        return;
      case 'channel.close-ok': return; // a late close-ok for a channel we did not close: ignore
    }
    const handler = channelHandlers[m.name] as ((ch: Channel, args: unknown) => void) | undefined;
    if (!handler) throw new ConnectionError(Reply.COMMAND_INVALID, `method ${m.name} is not valid on a channel`);
    handler(ch, m.args);
  }

  private openChannel(id: number): void {
    const ch = new Channel(this, id);
    this.channelMap.set(id, ch);
    ch.send('channel.open-ok', {});
    if (this.events.active) this.events.emit({ type: 'channel.opened', connectionId: this.info.id, channel: id });
  }

  /** A channel error: channel.close with its code, then wait for close-ok. */
  private closeChannel(ch: Channel, err: BrokerError, frame: Frame): void {
    const [classId, methodId] = frame.type === 'method' ? [frame.method.classId, frame.method.methodId] : [60, 40];
    ch.state = 'closing';
    ch.release();
    ch.send('channel.close', { replyCode: err.replyCode, replyText: err.replyText, classId, methodId });
    if (this.events.active) this.events.emit({ type: 'channel.closed', connectionId: this.info.id, channel: ch.id, reason: err.replyText });
  }

  private removeChannel(ch: Channel, reason: string): void {
    this.channelMap.delete(ch.id);
    if (ch.state !== 'closing' && this.events.active) this.events.emit({ type: 'channel.closed', connectionId: this.info.id, channel: ch.id, reason });
    ch.state = 'closing';
    ch.release();
  }

  channelClosed(ch: Channel): void {
    this.channelMap.delete(ch.id);
  }

  // ---- errors and closing -------------------------------------------------------------------

  /** A hard error: connection.close with its code; the socket closes on close-ok or after 3 s. */
  private fail(err: unknown): void {
    let code: number;
    let text: string;
    if (err instanceof BrokerError) { code = err.replyCode; text = err.replyText; }
    else if (err instanceof CodecError) { code = err.replyCode; text = `${replyPrefix(err.replyCode)} - ${err.message}`; }
    else {
      code = Reply.INTERNAL_ERROR;
      text = `INTERNAL_ERROR - ${err instanceof Error ? err.message : String(err)}`;
      this.log.warn(`amqp: internal error on ${this.info.id}: ${err instanceof Error ? err.stack : String(err)}`);
    }
    this.close(code, text);
  }

  /** Close the connection from the broker's side (errors, shutdown, the UI). */
  close(replyCode: number, reason: string): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    if (this.state === 'protocol-header') { this.destroy(); return; }
    const text = /^[A-Z_]+ - /.test(reason) ? reason : `${replyPrefix(replyCode)} - ${reason}`;
    this.state = 'closing';
    for (const ch of this.channelMap.values()) ch.release();
    this.writer.method(0, 'connection.close', { replyCode, replyText: text.slice(0, 255), classId: 0, methodId: 0 });
    this.flushNow();
    this.closeTimer = setTimeout(() => this.destroy(), 3000);
    this.closeTimer.unref();
    this.teardown(text);
  }

  private destroy(): void {
    this.state = 'closed';
    this.socket.destroy();
    this.teardown('closed');
  }

  private torn = false;
  /** Release everything the connection holds; idempotent. */
  private teardown(reason: string): void {
    if (this.torn) return;
    if (this.state !== 'closing') this.state = 'closed';
    this.torn = true;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.offAlarms();
    for (const ch of this.channelMap.values()) ch.release();
    this.channelMap.clear();
    this.broker.clientClosed(this, reason);
  }

  // ---- heartbeats ---------------------------------------------------------------------------

  private startHeartbeats(seconds: number): void {
    const interval = (seconds * 1000) / 2;
    this.heartbeatTimer = setInterval(() => {
      const now = Date.now();
      // Two missed intervals without any traffic from the peer: it is gone (RabbitMQ's rule).
      // While blocked we do not read the socket, so silence then is ours, not the peer's.
      if (!this.blocked && now - this.lastReceived > seconds * 2000) {
        this.log.info(`amqp: missed heartbeats from ${this.info.address}, closing ${this.info.id}`);
        this.destroy();
        return;
      }
      if (now - this.lastSent >= interval) {
        this.writer.heartbeat();
        this.scheduleFlush();
      }
    }, interval);
    this.heartbeatTimer.unref();
  }

  // ---- output -------------------------------------------------------------------------------

  scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(this.flushTask);
  }

  private readonly flushTask = (): void => {
    this.flushScheduled = false;
    this.flushNow();
  };

  private flushNow(): void {
    for (const ch of this.channelMap.values()) if (ch.hasPendingConfirms) ch.flushConfirms();
    if (this.writer.pendingBytes === 0) return;
    const chunks = this.writer.drain();
    if (this.socket.destroyed) return;
    this.lastSent = Date.now();
    this.socket.cork();
    let ok = true;
    for (const c of chunks) ok = this.socket.write(c);
    this.socket.uncork();
    if (!ok) this.waitingForDrain = true;
    else if (this.state === 'running') this.resumeDeliveries();
  }

  writable(): boolean {
    if (!this.waitingForDrain && this.writer.pendingBytes + this.socket.writableLength < WRITE_HIGH_WATER) return true;
    this.deliveriesPaused = true;
    return false;
  }

  private onDrain(): void {
    this.waitingForDrain = false;
    this.resumeDeliveries();
  }

  /** Deliveries paused for backpressure may resume. */
  private resumeDeliveries(): void {
    if (!this.deliveriesPaused || !this.writable()) return;
    this.deliveriesPaused = false;
    for (const ch of this.channelMap.values()) if (ch.consumers.size > 0) ch.kickConsumers();
  }
}

function unexpected(m: Method, expected: string): ConnectionError {
  return new ConnectionError(Reply.COMMAND_INVALID, `expected '${expected}', got '${m.name}'`);
}

function replyPrefix(code: number): string {
  const name = replyName(code);
  return /^\d+$/.test(name) ? 'INTERNAL_ERROR' : name;
}
