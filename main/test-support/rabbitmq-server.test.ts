// The test RabbitMQ itself: it boots on free loopback ports with the management API and AMQP up,
// two run side by side, and stop() ends the node and removes its directory.
import amqp from 'amqplib';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, startRabbit } from './rabbitmq-server';

const refused = (url: string): Promise<boolean> => new Promise((resolve) => {
  const u = new URL(url);
  const s = createConnection({ host: u.hostname, port: Number(u.port) });
  s.once('connect', () => { s.destroy(); resolve(false); });
  s.once('error', () => resolve(true));
});

describe('startRabbit', () => {
  it('boots two nodes side by side, each with AMQP and the management API, and stops them', async () => {
    const [a, b] = await Promise.all([startRabbit(), startRabbit()]);
    try {
      console.log(`RabbitMQ booted in ${a.bootMs} ms and ${b.bootMs} ms (two at once)`);
      expect(a.nodeName).not.toBe(b.nodeName);
      const overview = await (await fetch(`${a.mgmtUrl}/api/overview`, {
        headers: { authorization: `Basic ${Buffer.from(`${a.user}:${a.password}`).toString('base64')}` },
      })).json() as { node: string; listeners: Array<{ protocol: string; ip_address: string; socket_opts: { ip?: string } }> };
      expect(overview.node).toBe(a.nodeName);
      // loopback only (3.10 reports the HTTP listener's address as '::' but binds the ip it was given)
      expect(overview.listeners.map((l) => [l.protocol, l.protocol === 'http' ? l.socket_opts.ip : l.ip_address]).sort())
        .toEqual([['amqp', '127.0.0.1'], ['clustering', '127.0.0.1'], ['http', '127.0.0.1']]);
      const conn = await amqp.connect(b.amqpUrl);
      const ch = await conn.createChannel();
      await ch.assertQueue('harness');
      ch.sendToQueue('harness', Buffer.from('hi'));
      expect((await ch.get('harness', { noAck: true }) || undefined)?.content.toString()).toBe('hi');
      await conn.close();
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(await refused(a.mgmtUrl)).toBe(true);
    expect(await refused(b.amqpUrl)).toBe(true);
    expect(existsSync(a.dir) || existsSync(b.dir)).toBe(false);
  }, BOOT_TIMEOUT_MS * 2);
});
