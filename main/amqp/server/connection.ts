// An AMQP 0-9-1 connection: the handshake state machine and channel 0. It writes to any Duplex
// stream (a TCP socket, a WebSocket's stream: main/transport); its owner feeds it the bytes read,
// through receive().
// Channels (channels.ts), output batching (output.ts), heartbeats (heartbeats.ts) and the
// handshake's rules (handshake.ts) are modules of their own; when reads are held (alarms, flow
// control, read fairness) is the core's PublisherGate.
//
//   protocol-header ─▶ start-ok ─▶ login ─▶ tune-ok ─▶ open ─▶ running ─▶ closing ─▶ closed
//   (`login` holds the answer to start-ok while the login throttle says so: LoginGuard)
//   (a wrong header gets AMQP 0-9-1's header back and the socket closed; an error at any point
//    sends connection.close and waits for close-ok in `closing`)
import type { Duplex } from 'node:stream';
import type { Broker } from '../../broker/broker';
import type { Client, CloseReason, HeldMessage } from '../../broker/client';
import { PublisherGate } from '../../broker/delivery/publisher-gate';
import { BrokerError, ConnectionError, Reply } from '../../broker/errors';
import type { EventBus } from '../../broker/events';
import { tableToJson } from '../../broker/field-values';
import type { VHost } from '../../broker/vhost';
import type { SessionAccess } from '../../broker/access/session-access';
import type { AmqpTuning, ConnectionInfo, ProtocolView } from '../../../shared/model/topology';
import { CodecError } from '../codec/errors';
import { FrameParser } from '../codec/frame-parser';
import { FrameWriter } from '../codec/frame-writer';
import type { FieldTable, Frame, Method } from '../codec/types';
import { FRAME_MIN_SIZE, PROTOCOL_HEADER } from '../spec';
import { Channels, type ChannelsHost } from './channels';
import { closeCode, replyText, shortReplyText } from './close-codes';
import { agreedLimits, clientCapabilities, login, loginRefused, startArgs, type ConnectionLimits } from './handshake';
import { Heartbeats } from './heartbeats';
import { Output } from './output';
import type { StreamPeer } from '../../transport/stream-peer';
import { LARGE_BODY, type ReadBuffers } from './read-buffers';

export { DEFAULT_LIMITS, type ConnectionLimits } from './handshake';

type State = 'protocol-header' | 'start-ok' | 'login' | 'tune-ok' | 'open' | 'running' | 'closing' | 'closed';

/** After sending connection.close, how long to wait for close-ok before dropping the socket
 *  (a client that never answers must not hold its resources; RabbitMQ waits a few seconds too). */
const CLOSE_OK_TIMEOUT = 3000;

export interface ConnectionLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

export class AmqpConnection implements ChannelsHost, Client {
  private state: State = 'protocol-header';
  private header = Buffer.alloc(0);
  private readonly parser = new FrameParser({ frameMax: FRAME_MIN_SIZE });
  readonly writer = new FrameWriter(FRAME_MIN_SIZE);
  private readonly output: Output;
  private readonly channels: Channels;
  /** bytes and reads received (the management API's recv_oct and recv_cnt) */
  private receivedBytes = 0;
  private receivedChunks = 0;
  private readonly heartbeats: Heartbeats;
  readonly gate: PublisherGate;
  private limits: ConnectionLimits;
  private closeTimer: NodeJS.Timeout | null = null;
  /** drops a client that has not opened the connection in time (a byte-a-minute client) */
  private handshakeTimer: NodeJS.Timeout | null;
  private clientProperties: FieldTable = [];
  private torn = false;

  private userName = '';
  /** logged in as the broker's own client (access/internal-login.ts) */
  private internal = false;
  private openVhost: VHost | null = null;
  /** the opened session's permission checks (set at connection.open) */
  private sessionAccess: SessionAccess | null = null;
  private caps = { cancelNotify: false, blockedNotify: false };
  private tuning: AmqpTuning | undefined;
  private mechanism = '';
  private connection: ConnectionInfo;

  constructor(
    private readonly socket: Duplex,
    private readonly broker: Broker,
    private readonly peer: StreamPeer,
    limits: ConnectionLimits,
    private readonly log: ConnectionLogger,
    /** where the socket's reads land, told the size of bodies to come (absent for other streams) */
    private readonly reads: ReadBuffers | null = null,
  ) {
    this.limits = { ...limits };
    this.connection = {
      id: broker.newClientId('amqp'), protocol: 'AMQP 0-9-1', address: `${peer.remoteAddress}:${peer.remotePort}`, user: '', vhost: '', clientProperties: {},
      connectedAt: Date.now(), peer: { host: peer.remoteAddress, port: peer.remotePort }, local: { host: peer.localAddress, port: peer.localPort },
      transport: peer.transport, ...(peer.tls ? { tls: peer.tls } : {}),
    };
    this.channels = new Channels(this);
    this.output = new Output(this.writer, socket, {
      beforeWrite: () => this.channels.flushConfirms(),
      writable: () => this.channels.kickConsumers(),
    });
    this.heartbeats = new Heartbeats({
      lastSent: () => this.output.lastSent,
      readsHeld: () => this.gate.blocked,
      sendHeartbeat: () => { this.writer.heartbeat(); this.scheduleFlush(); },
      peerGone: () => {
        this.log.warn(`amqp: missed heartbeats from ${this.info.address}, closing ${this.info.id}`);
        this.destroy();
      },
    });
    this.gate = new PublisherGate(socket, broker.alarms, {
      blocked: (reason) => {
        if (this.caps.blockedNotify) { this.writer.method(0, 'connection.blocked', { reason }); this.scheduleFlush(); }
        if (this.events.active) this.log.info(`amqp: ${this.info.id} blocked: ${reason}`);
      },
      unblocked: () => {
        this.heartbeats.received();
        if (this.caps.blockedNotify) { this.writer.method(0, 'connection.unblocked', {}); this.scheduleFlush(); }
      },
    });
    socket.on('error', () => this.teardown('socket error'));
    socket.on('close', () => { this.clearCloseTimer(); this.teardown('socket closed'); });
    this.handshakeTimer = setTimeout(() => {
      this.log.warn(`amqp: ${this.info.address} did not complete the handshake in ${this.limits.handshakeTimeout} ms (stopped in ${this.state}), closing ${this.info.id}`);
      this.destroy();
    }, this.limits.handshakeTimeout);
    this.handshakeTimer.unref();
  }

  private clearHandshakeTimer(): void {
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
  }

  get info(): ConnectionInfo { return this.connection; }
  get user(): string { return this.userName; }
  /** set by connection.open (channels exist only after it) */
  get vhost(): VHost { return this.openVhost!; }
  get access(): SessionAccess { return this.sessionAccess!; }
  get cancelNotify(): boolean { return this.caps.cancelNotify; }
  get events(): EventBus { return this.broker.events; }
  get client(): Client { return this; }
  get channelMax(): number { return this.limits.channelMax; }
  get maxMessageSize(): number { return this.limits.maxMessageSize; }
  admitChannel(): void { this.broker.openChannel(this.userName); }

  /** Once a second (the listener's sweep): drop a peer that has read nothing of our output for
   *  sendTimeout, and close the channels holding a delivery past its consumer timeout; `fallback`
   *  is the broker's default for queues without one (null: none). */
  tick(now: number, fallback: number | null): void {
    if (this.state === 'closed') return;
    if (this.output.stalled(now, this.limits.sendTimeout)) {
      this.log.warn(`amqp: ${this.info.address} read none of ${this.socket.writableLength} bytes waiting for it in ${this.limits.sendTimeout} ms (send timeout), closing ${this.info.id}`);
      this.destroy();
      return;
    }
    if (this.state !== 'running') return;
    this.channels.closeTimedOut(now, fallback);
    this.scheduleFlush();
  }
  channelCount(): number { return this.channels.size; }

  scheduleFlush(): void { this.output.schedule(); }
  writable(): boolean { return this.output.writable(); }

  // ---- views for the UI -----------------------------------------------------------------------

  unacked(): Iterable<HeldMessage> { return this.channels.unacked(); }

  details(): ProtocolView {
    const traffic = { recvOct: this.receivedBytes, recvCnt: this.receivedChunks, sendOct: this.output.sentBytes, sendCnt: this.output.sentBatches };
    return { protocol: 'amqp-0-9-1', channels: this.channels.infos(this.info.id), tuning: this.tuning, traffic, state: this.gate.state };
  }

  // ---- input --------------------------------------------------------------------------------

  /** Bytes from the socket (the listener reads it: see read-buffers.ts). */
  receive(chunk: Buffer): void {
    this.receivedBytes += chunk.length;
    this.receivedChunks++;
    this.heartbeats.received();
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
    this.yieldTurn();
  }

  /** Fairness: after each chunk a connection steps aside until the next event-loop turn, so one
   *  publisher flooding its socket cannot starve other clients (consumers' acks above all). */
  private yieldTurn(): void {
    if (this.state !== 'closed') this.gate.yieldTurn();
  }

  private readonly frameHandler = (frame: Frame): void => this.onFrame(frame);

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
    this.writer.method(0, 'connection.start', startArgs(this.peer));
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
        else if (frame.method.name === 'connection.close') { this.writer.method(0, 'connection.close-ok', {}); this.output.flush(); this.destroy(); }
      }
      return;
    }
    if (frame.channel === 0) {
      if (frame.type !== 'method') throw new ConnectionError(Reply.UNEXPECTED_FRAME, `unexpected ${frame.type} frame on channel 0`);
      this.onConnectionMethod(frame.method);
      return;
    }
    if (this.state !== 'running') throw new ConnectionError(Reply.CHANNEL_ERROR, `channel ${frame.channel} used before connection.open`);
    if (frame.type === 'header' && this.reads !== null) this.reads.largeBodies = frame.bodySize >= LARGE_BODY;
    this.channels.receive(frame);
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
          this.output.flush();
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
    this.caps = clientCapabilities(a.clientProperties);
    this.mechanism = a.mechanism;
    const tune = (): void => {
      this.state = 'tune-ok';
      this.writer.method(0, 'connection.tune', { channelMax: this.limits.channelMax, frameMax: this.limits.frameMax, heartbeat: this.limits.heartbeat });
      this.scheduleFlush();
    };
    const how = login(this.broker, a, this.peer, { peer: this.info.peer, local: this.info.local });
    if (how.internal) {
      this.userName = how.user;
      this.internal = true;
      return tune();
    }
    const verdict = how.verdict;
    this.state = 'login';
    const answer = (): void => {
      if (this.state !== 'login') return; // gone meanwhile
      if (!verdict.ok) return this.fail(loginRefused(a.mechanism));
      this.userName = verdict.user.name;
      tune();
    };
    if (verdict.waitMs === 0) return answer();
    setTimeout(answer, verdict.waitMs).unref();
  }

  private onTuneOk(a: Extract<Method, { name: 'connection.tune-ok' }>['args']): void {
    this.limits = agreedLimits(this.limits, a);
    this.parser.frameMax = this.limits.frameMax;
    this.writer.frameMax = this.limits.frameMax;
    this.state = 'open';
    this.tuning = { frameMax: this.limits.frameMax, channelMax: this.limits.channelMax, heartbeat: a.heartbeat, mechanism: this.mechanism };
    if (a.heartbeat > 0) this.heartbeats.start(a.heartbeat);
  }

  private onOpen(vhostName: string): void {
    const { vhost, access } = this.broker.openSession(this.userName, vhostName, undefined, this.internal);
    this.openVhost = vhost;
    this.sessionAccess = access;
    this.state = 'running';
    this.clearHandshakeTimer();
    this.connection = { ...this.connection, user: this.userName, vhost: vhostName, clientProperties: tableToJson(this.clientProperties) };
    this.writer.method(0, 'connection.open-ok', {});
    this.scheduleFlush();
    this.broker.clientOpened(this);
  }

  // ---- errors and closing -------------------------------------------------------------------

  /** A hard error: connection.close with its code. */
  private fail(err: unknown): void {
    if (err instanceof BrokerError) return this.closeWith(err.replyCode, err.replyText);
    if (err instanceof CodecError) return this.closeWith(err.replyCode, replyText(err.replyCode, err.message));
    this.log.warn(`amqp: internal error on ${this.info.id}: ${err instanceof Error ? err.stack : String(err)}`);
    this.closeWith(Reply.INTERNAL_ERROR, replyText(Reply.INTERNAL_ERROR, err instanceof Error ? err.message : String(err)));
  }

  /** Close the connection from the broker's side (shutdown, the UI). */
  close(reason: CloseReason): void {
    this.closeWith(closeCode(reason.kind), reason.text);
  }

  /** connection.close with `code`; the socket closes on close-ok or after CLOSE_OK_TIMEOUT. */
  private closeWith(code: number, reason: string): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    if (this.state === 'protocol-header') { this.destroy(); return; }
    const text = /^[A-Z_]+ - /.test(reason) ? reason : replyText(code, reason);
    this.state = 'closing';
    this.channels.releaseAll();
    this.writer.method(0, 'connection.close', { replyCode: code, replyText: shortReplyText(text), classId: 0, methodId: 0 });
    this.output.flush();
    this.closeTimer = setTimeout(() => this.destroy(), CLOSE_OK_TIMEOUT);
    this.closeTimer.unref();
    this.teardown(text);
  }

  private destroy(): void {
    this.clearCloseTimer();
    this.state = 'closed';
    this.socket.destroy();
    this.teardown('closed');
  }

  /** Once the client answered or went: a pending timer would keep the whole connection (its output
   *  slab included) alive for CLOSE_OK_TIMEOUT more. */
  private clearCloseTimer(): void {
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = null;
  }

  /** Release everything the connection holds; idempotent. */
  private teardown(reason: string): void {
    if (this.torn) return;
    if (this.state !== 'closing') this.state = 'closed';
    this.torn = true;
    this.clearHandshakeTimer();
    this.heartbeats.stop();
    this.gate.close();
    this.channels.clear();
    this.broker.clientClosed(this, reason);
  }
}

function unexpected(m: Method, expected: string): ConnectionError {
  return new ConnectionError(Reply.COMMAND_INVALID, `expected '${expected}', got '${m.name}'`);
}
