// The MQTT TCP listener (port 1883 by default): binds the requested addresses and hands each
// socket to an MqttConnection, which sees only a Duplex stream and the peer's address.
import type net from 'node:net';
import type { Broker } from '../broker/broker';
import { isLoopbackAddress } from '../broker/access/loopback';
import { socketEnds, TcpListener } from '../net/tcp';
import { MqttConnection, type MqttLogger } from './connection';
import type { CloseReason } from '../broker/client';
import { newShared, type MqttShared } from './registry';
import { RetainedStore, type RetainedPersistence } from './retained';
import { DEFAULT_MQTT_SETTINGS, type MqttSettings } from './settings';

export interface MqttListenOptions {
  port: number;
  settings?: Partial<MqttSettings>;
  /** where retained messages are kept between runs (null: in memory) */
  retained?: RetainedPersistence | null;
  log: MqttLogger;
}

export class MqttListener extends TcpListener<MqttConnection> {
  readonly protocol = 'MQTT';
  readonly scheme = 'mqtt';
  private readonly settings: MqttSettings;
  /** client ids and retained messages (shared with a WebSocket listener later) */
  readonly shared: MqttShared;

  constructor(private readonly broker: Broker, private readonly options: MqttListenOptions) {
    super(options.port);
    this.settings = { ...DEFAULT_MQTT_SETTINGS, ...options.settings };
    this.shared = newShared(new RetainedStore(options.retained ?? null));
  }

  override async stop(reason: CloseReason): Promise<void> {
    await super.stop(reason);
    this.shared.retained.saveNow();
  }

  protected open(socket: net.Socket): { socket: net.Socket; connection: MqttConnection } {
    const { peer: remote, local } = socketEnds(socket);
    const peer = { remote, local, loopback: isLoopbackAddress(`${remote.host}:${remote.port}`) };
    const connection = new MqttConnection(socket, this.broker, peer, this.settings, this.shared, this.options.log);
    socket.resume();
    return { socket, connection };
  }
}
