// The MQTT TCP listener (port 1883 by default): binds the requested addresses and hands each
// socket to an MqttConnection, which sees only a Duplex stream and the peer's address.
import type net from 'node:net';
import type { Broker } from '../broker/broker';
import { isLoopbackAddress } from '../broker/access/loopback';
import { socketEnds, TcpListener } from '../net/tcp';
import { MqttConnection, type MqttLogger } from './connection';
import { ClientIds } from './registry';
import { DEFAULT_MQTT_SETTINGS, type MqttSettings } from './settings';

export interface MqttListenOptions {
  port: number;
  settings?: Partial<MqttSettings>;
  log: MqttLogger;
}

export class MqttListener extends TcpListener<MqttConnection> {
  readonly protocol = 'MQTT';
  readonly scheme = 'mqtt';
  private readonly settings: MqttSettings;
  /** the client ids held on this broker (shared with a WebSocket listener later) */
  readonly clientIds = new ClientIds();

  constructor(private readonly broker: Broker, private readonly options: MqttListenOptions) {
    super(options.port);
    this.settings = { ...DEFAULT_MQTT_SETTINGS, ...options.settings };
  }

  protected open(socket: net.Socket): { socket: net.Socket; connection: MqttConnection } {
    const { peer: remote, local } = socketEnds(socket);
    const peer = { remote, local, loopback: isLoopbackAddress(`${remote.host}:${remote.port}`) };
    const connection = new MqttConnection(socket, this.broker, peer, this.settings, this.clientIds, this.options.log);
    socket.resume();
    return { socket, connection };
  }
}
