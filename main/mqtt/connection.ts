// Over 400 lines: one state machine, its packet handlers sharing the session state it holds.
// An MQTT connection (3.1, 3.1.1 and 5.0 on one port): the packet state machine over any Duplex
// stream (a TCP socket; a WebSocket stream later), as a core Client. CONNECT's rules are
// connect.ts, the subscriptions and deliveries the Session's, PUBLISH's mapping publish.ts.
//
//   awaiting-connect ──CONNECT──▶ login ──ok──▶ connected ──DISCONNECT / error / close──▶ closed
//        │                         └── refused (CONNACK with its code) ──▶ closed
//        └── anything else ──▶ closed
//   (`login` holds CONNACK, and the packets that follow, while the login throttle says so)
//   (MQTT 5: a broker-side close sends DISCONNECT with its reason code first)
import type { StreamPeer } from '../transport/stream-peer';
import type { Duplex } from 'node:stream';
import mqtt, { type IConnectPacket, type IPublishPacket, type Packet } from 'mqtt-packet';
import type { ConnectionInfo, ProtocolView } from '../../shared/model/topology';
import type { Broker } from '../broker/broker';
import type { SessionAccess } from '../broker/access/session-access';
import type { Client, CloseReason, HeldMessage } from '../broker/client';
import { PublisherGate } from '../broker/delivery/publisher-gate';
import { BrokerError } from '../broker/errors';
import type { EventBus } from '../broker/events';
import type { VHost } from '../broker/vhost';
import { TopicAliasError, TopicAliases } from './aliases';
import { Disconnect } from './reason-codes';
import { acceptConnect, connackPacket, ConnectRefused, refusalPacket, type Login } from './connect';
import { KeepAlive } from './keepalive';
import { PacketSizeGuard } from './packet-size';
import { MqttOutput } from './output';
import { messageFromPublish, retainPublished } from './publish';
import { sessionKey, type MqttShared } from './registry';
import { Session } from './session';
import { exchangeFor, type MqttSettings } from './settings';
import { checkTopicName, TopicError } from '../../shared/model/mqtt-topics';
import { Will } from './will';
import { afterLongDelay } from '../broker/timer-delay';

type State = 'awaiting-connect' | 'login' | 'connected' | 'closed';

/** packets a client may send behind CONNECT while its CONNACK is held */
const MAX_HELD = 64;

export interface MqttLogger {
  info(msg: string): void;
  warn(msg: string): void;
}


/** How many topic aliases an MQTT 5 client may set (CONNACK's topic alias maximum). */
const TOPIC_ALIAS_MAXIMUM = 64;

/** The largest packet accepted before CONNECT (RabbitMQ 3.11's max_packet_size_unauthenticated). */
const UNAUTHENTICATED_MAX_PACKET = 65_536;

const VERSION_NAMES: Record<number, string> = { 3: 'MQTT 3.1', 4: 'MQTT 3.1.1', 5: 'MQTT 5.0' };

export class MqttConnection implements Client {
  private state: State = 'awaiting-connect';
  private readonly parser = mqtt.parser({ protocolVersion: 4 });
  private readonly output: MqttOutput;
  private readonly guard: PacketSizeGuard;
  private readonly keepAlive: KeepAlive;
  private readonly connectTimer: NodeJS.Timeout;
  private readonly gate: PublisherGate;
  private connection: ConnectionInfo;
  private version = 4;
  private keepAliveSeconds = 0;
  private cleanSession = true;
  private clientId = '';
  private session: Session | null = null;
  private will: Will | null = null;
  private openVhost: VHost | null = null;
  private sessionAccess: SessionAccess | null = null;
  private exchange = '';
  /** PUBACKs waiting for the store to sync their messages, in order */
  private readonly pendingAcks: Array<{ id: number; reasonCode: number }> = [];
  /** MQTT 5 topic aliases the client set */
  private aliases: TopicAliases | null = null;
  private torn = false;

  constructor(
    private readonly stream: Duplex,
    private readonly broker: Broker,
    peer: StreamPeer,
    private readonly settings: MqttSettings,
    private readonly shared: MqttShared,
    private readonly log: MqttLogger,
  ) {
    this.peer = peer;
    this.output = new MqttOutput(stream, () => this.session?.kick());
    this.connection = {
      id: broker.newClientId('mqtt'), protocol: 'MQTT', address: `${peer.remoteAddress}:${peer.remotePort}`, user: '', vhost: '',
      clientProperties: {}, connectedAt: Date.now(), peer: { host: peer.remoteAddress, port: peer.remotePort },
      local: { host: peer.localAddress, port: peer.localPort }, transport: peer.transport, ...(peer.tls ? { tls: peer.tls } : {}),
    };
    // Before CONNECT only small packets (RabbitMQ's max_packet_size_unauthenticated): a stranger
    // cannot make the broker buffer a large one.
    this.guard = new PacketSizeGuard(Math.min(UNAUTHENTICATED_MAX_PACKET, settings.maxPacketSize));
    this.keepAlive = new KeepAlive(() => this.closeWith(Disconnect.keepAliveTimeout, 'keep-alive timeout'));
    // A socket that never sends CONNECT must not hold its resources.
    this.connectTimer = setTimeout(() => this.closeWith(Disconnect.protocolError, 'no CONNECT in time'), settings.connectTimeout);
    this.connectTimer.unref();
    this.gate = new PublisherGate(stream, broker.alarms, { blocked: () => {}, unblocked: () => this.keepAlive.received() });
    this.parser.on('packet', (p) => this.onPacket(p));
    this.parser.on('error', (err: Error) => this.closeWith(Disconnect.malformed, `malformed packet: ${err.message}`));
    stream.on('data', (chunk: Buffer) => this.receive(chunk));
    stream.on('drain', () => this.session?.kick());
    stream.on('error', () => this.teardown('socket error', true));
    stream.on('close', () => this.teardown('socket closed', true));
  }

  private readonly peer: StreamPeer;
  /** packets behind a CONNECT whose answer the login throttle holds */
  private held: Packet[] = [];

  get info(): ConnectionInfo { return this.connection; }
  get vhost(): VHost { return this.openVhost!; }
  get access(): SessionAccess { return this.sessionAccess!; }
  get events(): EventBus { return this.broker.events; }
  get client(): Client { return this; }
  get protocolVersion(): number { return this.version; }

  // ---- output -------------------------------------------------------------------------------

  send(packet: Packet): void {
    if (this.state !== 'closed') this.output.send(packet, this.version);
  }

  private end(): void { this.output.end(); }

  writable(): boolean { return this.state === 'connected' && this.output.room(); }

  /** Once a second (the listener's sweep): a peer that has read nothing of our output for the
   *  send timeout is dropped, as a lost connection (its will goes out, its session's unacked
   *  messages go back to its queues). */
  tick(now: number): void {
    if (this.state === 'closed' || !this.output.stalled(now, this.settings.sendTimeout)) return;
    this.log.warn(`mqtt: ${this.info.address} read none of ${this.stream.writableLength} bytes waiting for it in ${this.settings.sendTimeout} ms (send timeout), closing ${this.info.id}`);
    this.stream.destroy();
    this.teardown('send timeout', true);
  }

  // ---- input --------------------------------------------------------------------------------

  private receive(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.keepAlive.received();
    try {
      this.guard.push(chunk);
    } catch (err) {
      this.closeWith(Disconnect.packetTooLarge, (err as Error).message);
      return;
    }
    try {
      this.parser.parse(chunk);
    } catch (err) {
      // the codec reports bad input as 'error' events; anything it throws is bad input too
      this.closeWith(Disconnect.malformed, `malformed packet: ${(err as Error).message}`);
      return;
    }
    if (!this.torn) this.gate.yieldTurn();
  }

  private onPacket(packet: Packet): void {
    if (this.state === 'closed') return;
    try {
      if (this.state === 'login') {
        if (this.held.push(packet) > MAX_HELD) this.closeWith(Disconnect.protocolError, 'too many packets before CONNACK');
        return;
      }
      if (this.state === 'awaiting-connect') {
        if (packet.cmd !== 'connect') return this.closeWith(Disconnect.protocolError, `expected CONNECT, got ${packet.cmd.toUpperCase()}`);
        return this.onConnect(packet);
      }
      this.onSessionPacket(packet);
    } catch (err) {
      if (err instanceof BrokerError && err.replyCode === 403) return this.closeWith(Disconnect.notAuthorized, err.replyText);
      if (err instanceof TopicError) return this.closeWith(Disconnect.topicNameInvalid, err.message);
      if (err instanceof TopicAliasError) return this.closeWith(Disconnect.topicAliasInvalid, err.message);
      this.log.warn(`mqtt: internal error on ${this.info.id}: ${err instanceof Error ? err.stack : String(err)}`);
      this.closeWith(Disconnect.unspecified, err instanceof Error ? err.message : String(err));
    }
  }

  private onConnect(packet: IConnectPacket): void {
    this.version = packet.protocolVersion ?? 4;
    // mqtt-packet reads the packets after CONNECT by the version it named.
    (this.parser as unknown as { settings: { protocolVersion: number } }).settings.protocolVersion = this.version;
    clearTimeout(this.connectTimer);
    this.guard.max = this.settings.maxPacketSize;
    // the will's topic is checked before anything is set up (a bad one closes the connection)
    const will = packet.will ? new Will(packet.will) : null;
    let login;
    try {
      login = acceptConnect(this.broker, this.settings, packet, this.peer);
    } catch (err) {
      if (!(err instanceof ConnectRefused)) throw err;
      this.log.warn(`mqtt: connection refused for ${this.info.address}: ${err.message}`);
      return this.afterLogin(err.waitMs, () => {
        this.send(refusalPacket(this.version, err));
        this.state = 'closed';
        this.end();
        this.teardown('refused', false);
      });
    }
    this.afterLogin(login.waitMs, () => this.connected(packet, will, login));
  }

  /** Answer CONNECT now, or once the login throttle's wait is over (if the client is still there). */
  private afterLogin(waitMs: number, answer: () => void): void {
    this.state = 'login';
    if (waitMs === 0) return answer();
    setTimeout(() => { if (this.state === 'login') answer(); }, waitMs).unref();
  }

  private connected(packet: IConnectPacket, will: Will | null, login: Login): void {
    this.clientId = login.clientId;
    this.cleanSession = packet.clean ?? true;
    const props = packet.properties ?? {};
    // MQTT 5: the session outlives the connection for its expiry interval; 3.1.1: unless clean
    const expiry = this.version === 5 ? props.sessionExpiryInterval ?? 0 : this.cleanSession ? 0 : -1;
    if (this.version === 5) this.aliases = new TopicAliases(TOPIC_ALIAS_MAXIMUM);
    this.keepAliveSeconds = packet.keepalive ?? 0;
    this.openVhost = login.vhost;
    this.sessionAccess = login.access;
    this.exchange = exchangeFor(this.settings, login.vhost.name);
    this.connection = {
      ...this.connection, protocol: VERSION_NAMES[this.version], user: login.user, vhost: login.vhost.name,
      clientProperties: { client_id: login.clientId, product: 'MQTT client' },
    };
    // A connection holding this id is closed before this session looks at the queues.
    this.shared.clientIds.claim(login.vhost.name, login.clientId, this);
    const key = sessionKey(login.vhost.name, login.clientId);
    const delayedWill = this.shared.delayedWills.get(key);
    if (delayedWill) { clearTimeout(delayedWill); this.shared.delayedWills.delete(key); }
    if (this.cleanSession) this.shared.qos2.delete(key);
    let qos2 = this.shared.qos2.get(key);
    if (!qos2) { qos2 = { inbound: new Set(), released: new Set(), shared: new Map() }; if (expiry !== 0) this.shared.qos2.set(key, qos2); }
    this.session = new Session(this, {
      clientId: login.clientId, persistent: expiry !== 0, discard: this.cleanSession, exchange: this.exchange,
      // RabbitMQ's mqtt.prefetch, lowered by an MQTT 5 client's receive maximum
      inflight: Math.min(props.receiveMaximum ?? Infinity, this.settings.prefetch),
      // 3.1.1: RabbitMQ's subscription_ttl; MQTT 5: the session expiry (0xFFFFFFFF: never)
      ttl: expiry < 0 ? this.settings.subscriptionTtl : expiry === 0xffffffff ? 0 : expiry * 1000,
      maxPacketSize: props.maximumPacketSize ?? Infinity,
    }, qos2);
    const present = this.session.open();
    this.will = will;
    this.send(connackPacket(this.version, present, login, { topicAliasMaximum: TOPIC_ALIAS_MAXIMUM, maximumPacketSize: this.settings.maxPacketSize }));
    // Deliveries wait for this: a persistent session's queued messages follow CONNACK.
    this.state = 'connected';
    this.keepAlive.start(this.keepAliveSeconds);
    this.broker.clientOpened(this);
    this.session.resume();
    for (const p of this.held.splice(0)) this.onPacket(p);
  }

  private onSessionPacket(packet: Packet): void {
    const session = this.session!;
    switch (packet.cmd) {
      case 'publish': return this.onPublish(packet);
      case 'puback': session.acknowledged(packet.messageId!); return;
      case 'pubrec':
        if (session.acknowledged(packet.messageId!)) this.send({ cmd: 'pubrel', messageId: packet.messageId! });
        return;
      case 'pubcomp': return session.completed(packet.messageId!);
      case 'pubrel':
        session.qos2.inbound.delete(packet.messageId!);
        return this.send({ cmd: 'pubcomp', messageId: packet.messageId! });
      case 'subscribe': {
        const results = session.subscribe(packet);
        // MQTT 3.1.1 knows only one failure code
        const codes = results.map((r) => (this.version !== 5 && r.code > 2 ? 0x80 : r.code));
        this.send({ cmd: 'suback', messageId: packet.messageId!, granted: codes });
        // then the retained messages each new subscription matches, with the retain flag
        // (MQTT 5 retain handling: 0 always, 1 for a new subscription only, 2 never)
        packet.subscriptions.forEach((s, i) => {
          const r = results[i];
          if (r.code > 2 || s.rh === 2 || (s.rh === 1 && !r.isNew)) return;
          for (const m of this.shared.retained.matching(this.vhost.name, s.topic)) session.sendRetained(m, r.code);
        });
        return;
      }
      case 'unsubscribe': {
        const codes = session.unsubscribe(packet);
        return this.send(this.version === 5 ? { cmd: 'unsuback', messageId: packet.messageId!, granted: codes } : { cmd: 'unsuback', messageId: packet.messageId!, granted: [] });
      }
      case 'pingreq': return this.send({ cmd: 'pingresp' });
      case 'disconnect': {
        // A normal DISCONNECT discards the will (MQTT 5: unless its reason is 0x04).
        const keepWill = this.version === 5 && packet.reasonCode === 0x04;
        if (!keepWill) this.will = null;
        this.state = 'closed';
        this.end();
        this.teardown('closed by client', keepWill);
        // MQTT 5: a session expiry of 0 in DISCONNECT ends a persistent session now
        if (this.version === 5 && packet.properties?.sessionExpiryInterval === 0) {
          session.discard();
          this.shared.qos2.delete(sessionKey(this.vhost.name, this.clientId));
        }
        return;
      }
      case 'connect': return this.closeWith(Disconnect.protocolError, 'a second CONNECT');
      default: return this.closeWith(Disconnect.protocolError, `unexpected ${packet.cmd.toUpperCase()}`);
    }
  }

  private onPublish(packet: IPublishPacket): void {
    if (this.aliases) packet.topic = this.aliases.resolve(packet.topic, packet.properties?.topicAlias);
    if (packet.properties?.topicAlias !== undefined) delete packet.properties.topicAlias;
    checkTopicName(packet.topic);
    const id = packet.messageId!;
    const inbound = this.session!.qos2.inbound;
    if (packet.qos === 2 && inbound.has(id)) {
      // A resent QoS 2 publish we routed already: exactly once, so only PUBREC again.
      this.send({ cmd: 'pubrec', messageId: id });
      return;
    }
    let outcome: { stored: boolean; routed: number };
    try {
      outcome = this.route(packet);
    } catch (err) {
      // MQTT 5 answers a refused QoS 1/2 publish with 0x87; 3.1.1 has no code and closes (RabbitMQ)
      if (this.version === 5 && packet.qos > 0 && err instanceof BrokerError && err.replyCode === 403) {
        this.send({ cmd: packet.qos === 1 ? 'puback' : 'pubrec', messageId: id, reasonCode: 0x87 });
        return;
      }
      throw err;
    }
    retainPublished(this.shared.retained, this.vhost.name, packet);
    // MQTT 5: 0x10 "no matching subscribers" when nothing took it
    const code = this.version === 5 && outcome.routed === 0 ? 0x10 : 0;
    if (packet.qos === 1) this.acknowledge(id, outcome.stored, code);
    else if (packet.qos === 2) {
      inbound.add(id);
      this.send({ cmd: 'pubrec', messageId: id, ...(code ? { reasonCode: code } : {}) });
    }
  }

  /** Route a PUBLISH (or the will) through the vhost's MQTT exchange, with RabbitMQ's checks:
   *  write on the exchange and the topic permission for the routing key. */
  route(packet: IPublishPacket): { stored: boolean; routed: number } {
    const message = messageFromPublish(this.exchange, packet);
    this.access.write('exchange', this.exchange);
    const exchange = this.vhost.publishTarget(this.exchange);
    this.access.topic('write', this.exchange, message.routingKey);
    this.gate.notePublish();
    this.session?.published(message);
    const result = this.vhost.publish(exchange, message, false, this);
    if (result.overloaded) this.gate.throttle(result.overloaded);
    return { stored: result.stored, routed: result.routed };
  }

  /** PUBACK once the message is safe: after the store syncs if it was stored, in order. */
  private acknowledge(id: number, stored: boolean, reasonCode: number): void {
    const store = this.vhost.persistence;
    const ack = { id, reasonCode };
    if (this.pendingAcks.length === 0 && !(stored && store)) { this.sendPuback(ack); return; }
    this.pendingAcks.push(ack);
    if (stored && store) {
      store.whenSynced(() => {
        for (const a of this.pendingAcks.splice(0)) this.sendPuback(a);
      });
    }
  }

  private sendPuback(a: { id: number; reasonCode: number }): void {
    this.send(a.reasonCode ? { cmd: 'puback', messageId: a.id, reasonCode: a.reasonCode } : { cmd: 'puback', messageId: a.id });
  }

  // ---- the Client interface -----------------------------------------------------------------

  unacked(): Iterable<HeldMessage> { return this.session?.unacked() ?? []; }

  details(): ProtocolView {
    return {
      protocol: 'mqtt',
      channels: this.session ? [this.session.channelInfo(this.info.id)] : [],
      mqtt: { version: this.version, clientId: this.clientId, cleanSession: this.cleanSession, keepAlive: this.keepAliveSeconds, subscriptions: this.session?.subscriptionList() ?? [] },
    };
  }

  close(reason: CloseReason): void {
    this.closeWith(reason.kind === 'shutdown' ? Disconnect.shuttingDown : Disconnect.adminAction, reason.text);
  }

  /** Another connection took this client id (MQTT 5: DISCONNECT 0x8E). */
  takenOver(): void {
    this.closeWith(Disconnect.takenOver, 'session taken over');
  }

  /** The will goes out now, or after its MQTT 5 delay unless the client id reconnects first. */
  private publishWill(will: Will): void {
    if (will.delay <= 0) { will.publish(this); return; }
    const key = sessionKey(this.vhost.name, this.clientId);
    // (up to 2^32-1 s: past Node's timer range, so waited out in steps)
    afterLongDelay(will.delay * 1000, () => { this.shared.delayedWills.delete(key); will.publish(this); }, (t) => this.shared.delayedWills.set(key, t));
  }

  // ---- closing ------------------------------------------------------------------------------

  /** The broker ends the connection (MQTT 5: DISCONNECT with `code` first); the will goes out. */
  private closeWith(code: number, why: string): void {
    if (this.state === 'closed') return;
    if (this.state === 'connected' && this.version === 5) this.send({ cmd: 'disconnect', reasonCode: code, properties: { reasonString: why.slice(0, 200) } });
    if (code !== Disconnect.shuttingDown && code !== Disconnect.takenOver) this.log.info(`mqtt: closing ${this.info.id} (${this.info.address}): ${why}`);
    this.state = 'closed';
    this.end();
    setTimeout(() => this.stream.destroy(), 1000).unref();
    this.teardown(why, true);
  }

  /** Release everything; an abnormal end publishes the will. Idempotent. */
  private teardown(reason: string, abnormal: boolean): void {
    if (this.torn) return;
    this.torn = true;
    this.state = 'closed';
    this.keepAlive.stop();
    clearTimeout(this.connectTimer);
    this.gate.close();
    const will = this.will;
    this.will = null;
    if (this.session) {
      this.session.close();
      this.shared.clientIds.release(this.vhost.name, this.clientId, this);
      if (abnormal && will) this.publishWill(will);
      this.broker.clientClosed(this, reason);
    }
  }
}
