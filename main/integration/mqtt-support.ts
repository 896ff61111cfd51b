// Shared helpers for the mqtt-*.test.ts suite: mqtt.js clients that are closed after each file,
// a message inbox to await deliveries, and a raw socket for bytes no client library sends.
import net from 'node:net';
import mqtt, { type IClientOptions, type IConnackPacket, type IPublishPacket, type MqttClient } from 'mqtt';
import { afterAll } from 'vitest';
import mqttPacket from 'mqtt-packet';
import { until, within } from '../test-support/wait';

export type { MqttClient };

const open = new Set<MqttClient>();
afterAll(async () => { await Promise.all([...open].map((c) => c.endAsync(true).catch(() => undefined))); open.clear(); });

/** The tests run against another broker (the reference RabbitMQ 3.10): Warren-only behaviour
 *  (QoS 2 exactly once, MQTT 5, RabbitMQ 3.12's swapping of '.' and '/') is skipped. */
export const againstReference = Boolean(process.env.WARREN_TEST_MQTT_URL);

export interface Received { topic: string; payload: string; packet: IPublishPacket }

export type TestClient = MqttClient & { inbox: Inbox; connack: IConnackPacket };

/** An mqtt.js client that does not reconnect (a test sees each close), with an inbox and the
 *  CONNACK it got. A refused CONNECT rejects with mqtt.js's error (its `code` is CONNACK's). */
export async function mqttConnect(url: string, opts: IClientOptions = {}): Promise<TestClient> {
  const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 4000, ...opts });
  open.add(client);
  client.on('end', () => open.delete(client));
  const inbox = new Inbox();
  client.on('message', (topic, payload, packet) => inbox.push({ topic, payload: payload.toString(), packet }));
  const connack = await within(new Promise<IConnackPacket>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', (err) => { client.end(true); reject(err); });
    client.once('close', () => reject(new Error('closed before CONNACK')));
  }), 6000, `MQTT connect to ${url}`);
  client.on('error', () => { /* asserted where it matters */ });
  return Object.assign(client, { inbox, connack });
}

/** Messages as they arrive; next() waits for one not yet taken. */
export class Inbox {
  readonly all: Received[] = [];
  private taken = 0;
  private waiter: (() => void) | null = null;

  push(m: Received): void { this.all.push(m); this.waiter?.(); }

  async next(ms = 3000): Promise<Received> {
    if (this.taken < this.all.length) return this.all[this.taken++];
    await within(new Promise<void>((r) => { this.waiter = r; }), ms, 'an MQTT message');
    this.waiter = null;
    return this.all[this.taken++];
  }

  /** nothing (more) arrives within `ms` */
  async none(ms = 300): Promise<Received[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.all.slice(this.taken);
  }
}

/** Resolves when the client is closed by the broker (mqtt.js 'close'); for MQTT 5, with the DISCONNECT it got first. */
export function closedBy(client: MqttClient, ms = 5000): Promise<{ reasonCode?: number }> {
  return within(new Promise((resolve) => {
    let reasonCode: number | undefined;
    client.on('disconnect', (p) => { reasonCode = p.reasonCode; });
    client.on('close', () => resolve({ reasonCode }));
  }), ms, 'the broker to close the MQTT connection');
}

/** A raw TCP connection to the MQTT port: what it receives, and when the broker closes it. */
export async function rawConnection(url: string): Promise<{ socket: net.Socket; received: () => Buffer; closed: Promise<void> }> {
  const u = new URL(url);
  const socket = net.connect(Number(u.port || 1883), u.hostname);
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  const chunks: Buffer[] = [];
  socket.on('data', (c) => chunks.push(c));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  return { socket, received: () => Buffer.concat(chunks), closed };
}

/** A raw connection that speaks MQTT packets (mqtt-packet's codec), for exchanges no client
 *  library lets a test see: reason codes, resent packet ids, server-sent DISCONNECT. */
export async function rawSession(url: string, version: 4 | 5, clientId: string, keepalive = 30, connect: Partial<mqttPacket.IConnectPacket> = {}): Promise<{
  send(p: mqttPacket.Packet): void;
  packets: mqttPacket.Packet[];
  next(cmd: string, ms?: number): Promise<mqttPacket.Packet>;
  closed: Promise<void>;
  socket: net.Socket;
}> {
  const raw = await rawConnection(url);
  const packets: mqttPacket.Packet[] = [];
  const parser = mqttPacket.parser({ protocolVersion: version });
  parser.on('packet', (p) => packets.push(p));
  raw.socket.on('data', (d: Buffer) => parser.parse(d));
  const send = (p: mqttPacket.Packet): void => { raw.socket.write(mqttPacket.generate(p, { protocolVersion: version })); };
  let seen = 0;
  const next = async (cmd: string, ms = 3000): Promise<mqttPacket.Packet> => {
    const found = await until(() => {
      const i = packets.findIndex((p, k) => k >= seen && p.cmd === cmd);
      return i >= 0 ? i + 1 : false;
    }, { what: `a ${cmd.toUpperCase()}`, ms });
    seen = found;
    return packets[found - 1];
  };
  send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: version, clientId, clean: true, keepalive, ...connect });
  await next('connack');
  return { send, packets, next, closed: raw.closed, socket: raw.socket };
}
