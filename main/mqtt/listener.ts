// The MQTT listener (port 1883 by default): binds the requested addresses and hands each socket to
// an MqttConnection, which sees only a Duplex stream and its peer; Web-MQTT (MQTT over WebSocket,
// ws://…:15675/ws) hands its streams to the same sessions, client ids and retained messages.
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import type { Broker } from '../broker/broker';
import type { CloseReason } from '../broker/client';
import { StreamListener } from '../transport/stream-listener';
import type { TlsConfig } from '../transport/tls';
import { peerOfSocket, type StreamPeer } from '../transport/stream-peer';
import type { WebSocketEndpoint } from '../transport/websocket-endpoints';
import { MqttConnection, type MqttLogger } from './connection';
import { newShared, type MqttShared, type SessionsPersistence } from './registry';
import { RetainedStore, type RetainedPersistence } from './retained';
import { DEFAULT_MQTT_SETTINGS, type MqttSettings } from './settings';
import { MqttWindow } from './window';

export interface MqttListenOptions {
  port: number;
  /** MQTTS: TLS on this port (a verified client certificate logs in as its CN: ssl_cert_login) */
  tls?: TlsConfig | null;
  settings?: Partial<MqttSettings>;
  /** where retained messages are kept between runs (null: in memory) */
  retained?: RetainedPersistence | null;
  /** another MQTT listener's client ids, sessions and retained messages (MQTTS beside MQTT) */
  shared?: MqttShared;
  /** where persistent sessions' QoS 2 ids and shared subscriptions are kept between runs (null: in memory) */
  sessions?: SessionsPersistence | null;
  log: MqttLogger;
}

export class MqttListener extends StreamListener<MqttConnection> {
  readonly protocol: string;
  readonly scheme: string;
  private readonly settings: MqttSettings;
  /** client ids and retained messages, shared by TCP and WebSocket connections */
  readonly shared: MqttShared;
  /** the window's MQTT tools (retained messages, publish as MQTT), for main/bridge */
  readonly window: MqttWindow;

  constructor(private readonly broker: Broker, private readonly options: MqttListenOptions) {
    super(options.port, options.tls ?? null, (line) => options.log.warn(line));
    this.protocol = options.tls ? 'MQTT/TLS' : 'MQTT';
    this.scheme = options.tls ? 'mqtts' : 'mqtt';
    this.settings = { ...DEFAULT_MQTT_SETTINGS, ...options.settings };
    this.shared = options.shared ?? newShared(new RetainedStore(options.retained ?? null), options.sessions ?? null);
    this.window = new MqttWindow(broker, this.settings, this.shared);
    broker.vhostDeletedHooks.add((vhost) => this.shared.retained.forgetVhost(vhost));
  }

  /** Web-MQTT at /ws as RabbitMQ's rabbitmq_web_mqtt serves it: subprotocol "mqtt" (or Paho's
   *  older "mqttv3.1"), for a WebSocketListener on its own port. */
  readonly webSocket: WebSocketEndpoint = {
    path: '/ws', subprotocols: ['mqtt', 'mqttv3.1'], subprotocolOptional: false,
    accept: (stream, peer) => this.acceptStream(stream, peer),
  };

  protected tick(c: MqttConnection, now: number): void {
    c.tick(now);
  }

  override async stop(reason: CloseReason): Promise<void> {
    await super.stop(reason);
    this.shared.retained.saveNow();
    this.options.sessions?.save(this.shared.qos2);
  }

  protected acceptTcp(socket: net.Socket): void {
    this.acceptStream(socket, peerOfSocket(socket, 'tcp'));
    socket.resume();
  }

  protected acceptStream(stream: Duplex, peer: StreamPeer): void {
    this.track(stream, new MqttConnection(stream, this.broker, peer, this.settings, this.shared, this.options.log));
  }
}
