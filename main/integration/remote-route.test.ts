// `warren route --management` against real brokers: on random topologies (direct, topic, fanout and
// headers exchanges, exchange-to-exchange bindings, alternate exchanges by argument and by policy)
// declared with amqplib, the queues it names for a publish are exactly the queues the broker
// delivers that publish to. Once against a RabbitMQ the test starts (Debian's rabbitmq-server),
// once against Warren's own management API; most runs call the command in-process, a few run
// the built CLI as a user does.
import amqp, { type ConfirmChannel } from 'amqplib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeCommand } from '../route-command';
import { BOOT_TIMEOUT_MS, startRabbit, type RabbitServer } from '../test-support/rabbitmq-server';
import { argsFor, ROUTE_QUEUES, routePublish, routeTopology, type RoutePublish, type RouteTopology } from '../test-support/route-topology';
import { runCli } from '../test-support/warren-process';
import { startManagement, type ManagementTarget } from './management-support';

const RUNS = 20;
const PUBLISHES_PER_RUN = 5;

/** Run first: alternate exchanges by policy, and by an argument that overrides the policy. */
const ALTERNATES: [RouteTopology, RoutePublish[]] = [{
  exchanges: [{ type: 'direct', ae: null }, { type: 'fanout', ae: null }, { type: 'topic', ae: 3 }, { type: 'fanout', ae: null }],
  policies: [{ pattern: '^x', applyTo: 'exchanges', priority: 0, ae: 1 }, { pattern: 'x', applyTo: 'queues', priority: 5, ae: 3 }],
  queueBindings: [{ x: 1, q: 0, key: '', args: {} }, { x: 3, q: 1, key: '', args: {} }, { x: 0, q: 2, key: 'a', args: {} }],
  exchangeBindings: [],
}, [
  { exchange: 'x0', routingKey: 'b', headers: {} }, // unroutable at x0: the policy's x1
  { exchange: 'x2', routingKey: 'a', headers: {} }, // the argument's x3, not the policy's x1
  { exchange: 'x0', routingKey: 'a', headers: {} },
  { exchange: '', routingKey: 'q3', headers: {} },
  { exchange: 'x3', routingKey: '', headers: {} },
]];

interface Subject {
  name: string;
  start(): Promise<{ mgmt: ManagementTarget; stop(): Promise<void> }>;
}

const subjects: Subject[] = [
  {
    name: 'RabbitMQ',
    async start() {
      const rabbit: RabbitServer = await startRabbit();
      console.log(`RabbitMQ ${rabbit.nodeName} booted in ${rabbit.bootMs} ms`);
      const u = new URL(rabbit.mgmtUrl);
      u.username = rabbit.user;
      u.password = rabbit.password;
      return { mgmt: await startManagement(u.toString()), stop: rabbit.stop };
    },
  },
  {
    name: 'Warren',
    async start() {
      const mgmt = await startManagement(undefined);
      return { mgmt, stop: mgmt.stop };
    },
  },
];

describe.each(subjects)('warren route --management on $name', (subject) => {
  let mgmt: ManagementTarget;
  let stop: () => Promise<void>;
  let managementUrl: string;
  beforeAll(async () => {
    ({ mgmt, stop } = await subject.start());
    const u = new URL(mgmt.base);
    [u.username, u.password] = mgmt.admin;
    managementUrl = u.toString();
  }, BOOT_TIMEOUT_MS);
  afterAll(() => stop?.());

  const route = async (vhost: string, p: RoutePublish, cli = false): Promise<{ queues: string[]; outcome: string }> => {
    const args = ['--management', managementUrl, '--vhost', vhost, '--exchange', p.exchange, '--key', p.routingKey, '--json',
      ...Object.entries(p.headers).flatMap(([n, v]) => ['--header', `${n}=${typeof v === 'string' ? v : String(v)}`])];
    if (cli) {
      const r = await runCli(['route', ...args]);
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout);
    }
    let out = '';
    await routeCommand(args, (s) => { out += s; }, (msg) => { throw new Error(msg); });
    return JSON.parse(out);
  };

  let run = 0;
  it('names exactly the queues the broker delivers to, on random topologies', async () => {
    await fc.assert(fc.asyncProperty(routeTopology.chain((t) => fc.tuple(fc.constant(t), fc.array(routePublish(t), { minLength: PUBLISHES_PER_RUN, maxLength: PUBLISHES_PER_RUN }))), async ([t, publishes]) => {
      const vhost = `route-${process.pid}-${++run}`;
      await createVhost(mgmt, vhost, t);
      const conn = await amqp.connect(mgmt.amqpUrl(vhost));
      try {
        const ch = await conn.createConfirmChannel();
        await declare(ch, t);
        for (const [i, p] of publishes.entries()) {
          const explained = await route(vhost, p, run === 1 && i === 0);
          expect({ publish: p, queues: explained.queues }).toEqual({ publish: p, queues: await deliveredTo(ch, p, `${vhost}-${i}`) });
        }
      } finally {
        await conn.close();
        await mgmt.call('DELETE', `/api/vhosts/${vhost}`);
      }
    }), { numRuns: RUNS, endOnFailure: true, examples: [[ALTERNATES]] });
  }, 60_000);

  it('says plainly what is wrong: no such vhost or exchange, a wrong password', async () => {
    const fail = async (args: string[]): Promise<string> => {
      let msg = '';
      await routeCommand(args, () => {}, (m) => { msg = m; throw new Error(m); }).catch(() => {});
      return msg;
    };
    const where = new URL(mgmt.base).host;
    expect(await fail(['--management', managementUrl, '--vhost', 'no-such-vhost', '--exchange', 'amq.topic'])).toBe(`the broker at ${where} has no vhost 'no-such-vhost'`);
    expect(await fail(['--management', managementUrl, '--exchange', 'nope'])).toBe("NOT_FOUND - no exchange 'nope' in vhost '/'");
    const wrong = new URL(managementUrl);
    wrong.password = 'wrong';
    const cli = await runCli(['route', '--management', wrong.toString(), '--exchange', 'amq.topic']);
    expect([cli.code, cli.stderr.trim()]).toEqual([1, `warren: the broker at ${where} refused user 'guest': wrong user name or password`]);
  });
});

/** A fresh vhost with the topology's policies (over HTTP). */
async function createVhost(mgmt: ManagementTarget, vhost: string, t: RouteTopology): Promise<void> {
  const put = async (path: string, body: unknown): Promise<void> => {
    const r = await mgmt.call('PUT', path, { body });
    if (r.status >= 300) throw new Error(`PUT ${path}: ${r.status} ${r.text}`);
  };
  const v = encodeURIComponent(vhost);
  await put(`/api/vhosts/${v}`, {});
  await put(`/api/permissions/${v}/${mgmt.admin[0]}`, { configure: '.*', write: '.*', read: '.*' });
  const n = t.exchanges.length;
  for (const [i, p] of t.policies.entries()) {
    await put(`/api/policies/${v}/p${i}`, { pattern: p.pattern, 'apply-to': p.applyTo, priority: p.priority, definition: { 'alternate-exchange': `x${p.ae % n}` } });
  }
}

/** Exchanges, queues and bindings over AMQP. The last queue is exclusive to the test's connection,
 *  as a subscriber's or an RPC client's is: definitions leave such queues out, routing does not. */
async function declare(ch: ConfirmChannel, t: RouteTopology): Promise<void> {
  const n = t.exchanges.length;
  for (const [i, x] of t.exchanges.entries()) {
    await ch.assertExchange(`x${i}`, x.type, { durable: false, ...(x.ae === null ? {} : { alternateExchange: `x${x.ae % n}` }) });
  }
  for (const q of ROUTE_QUEUES) await ch.assertQueue(q, { durable: false, exclusive: q === ROUTE_QUEUES.at(-1) });
  for (const b of t.queueBindings) await ch.bindQueue(ROUTE_QUEUES[b.q], `x${b.x % n}`, b.key, argsFor(t, b.x, b.args));
  for (const b of t.exchangeBindings) await ch.bindExchange(`x${b.dst % n}`, `x${b.src % n}`, b.key, argsFor(t, b.src, b.args));
}

/** Publishes one message (confirmed, so it is enqueued) and takes every queue's messages. */
async function deliveredTo(ch: ConfirmChannel, p: RoutePublish, id: string): Promise<string[]> {
  ch.publish(p.exchange, p.routingKey, Buffer.from(id), { headers: p.headers, messageId: id });
  await ch.waitForConfirms();
  const landed: string[] = [];
  for (const q of ROUTE_QUEUES) {
    let seen = false;
    for (let m = await ch.get(q, { noAck: true }); m; m = await ch.get(q, { noAck: true })) {
      expect(m.properties.messageId).toBe(id);
      seen = true;
    }
    if (seen) landed.push(q);
  }
  return landed.sort();
}
