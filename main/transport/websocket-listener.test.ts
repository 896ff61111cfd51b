// WebSocketListener on a loopback port with an echo protocol at /ws (subprotocol "mqtt"): what
// Web-MQTT will be wired as.
import { request } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { within } from '../test-support/wait';
import type { StreamPeer } from './stream-peer';
import { WebSocketListener } from './websocket-listener';

let listener: WebSocketListener | null = null;
const peers: StreamPeer[] = [];

async function start(): Promise<string> {
  listener = new WebSocketListener({
    protocol: 'Echo', port: 0,
    endpoints: [{ path: '/ws', subprotocols: ['mqtt', 'mqttv3.1'], subprotocolOptional: false, accept: (stream: Duplex, peer) => { peers.push(peer); stream.on('error', () => undefined); stream.on('data', (d: Buffer) => stream.write(d)); } }],
  });
  const a = await listener.start(['127.0.0.1']);
  return `127.0.0.1:${a.port}`;
}

function open(url: string, protocols: string[], headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_q, res) => { reject(Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode })); ws.terminate(); });
    ws.once('error', reject);
  });
}

afterEach(async () => {
  await listener?.stop({ kind: 'shutdown', text: 'test over' });
  listener = null;
  peers.length = 0;
});

describe('WebSocketListener', () => {
  it('hands an endpoint its streams, with the peer from the upgrade request', async () => {
    const host = await start();
    const ws = await open(`ws://${host}/ws`, ['mqtt']);
    expect(ws.protocol).toBe('mqtt');
    const echoed = new Promise<Buffer>((r) => ws.once('message', r));
    ws.send(Buffer.from([0x10, 0x00]));
    expect(await within(echoed)).toEqual(Buffer.from([0x10, 0x00]));
    expect(peers[0]).toMatchObject({ remoteAddress: '127.0.0.1', loopback: true, transport: 'websocket' });
    // a browser page sends an Origin: not loopback
    (await open(`ws://${host}/ws`, ['mqtt'], { Origin: 'http://127.0.0.1:8080' })).close();
    expect(peers[1].loopback).toBe(false);
    // the first of the endpoint's subprotocols the client offers, in the client's order
    const paho = await open(`ws://${host}/ws`, ['mqttv3.1', 'mqtt']);
    expect(paho.protocol).toBe('mqttv3.1');
    paho.close();
    ws.close();
  });

  it('refuses other paths (404), a missing or wrong subprotocol (400) and plain HTTP (426)', async () => {
    const host = await start();
    await expect(open(`ws://${host}/mqtt`, ['mqtt'])).rejects.toMatchObject({ status: 404 });
    await expect(open(`ws://${host}/ws`, [])).rejects.toMatchObject({ status: 400 });
    await expect(open(`ws://${host}/ws`, ['amqp'])).rejects.toMatchObject({ status: 400 });
    const status = await new Promise<number>((resolve, reject) => request(`http://${host}/ws`, (res) => { res.resume(); resolve(res.statusCode!); }).on('error', reject).end());
    expect(status).toBe(426);
  });

  it('stop() drops the connections still open and frees the port', async () => {
    const host = await start();
    const ws = await open(`ws://${host}/ws`, ['mqtt']);
    const closed = new Promise((r) => ws.once('close', r));
    await listener!.stop({ kind: 'shutdown', text: 'bye' });
    listener = null;
    await within(closed);
    await expect(open(`ws://${host}/ws`, ['mqtt'])).rejects.toThrow();
  });
});
