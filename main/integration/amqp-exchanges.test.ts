// Exchanges: pre-declared exchanges, declare/redeclare/delete errors, and routing for every type,
// including a table-driven topic matching suite and headers matching.
import { describe, expect, it } from 'vitest';
import { uniqueName } from './harness';
import { channel, confirmChannel, drain, expectChannelError, expectConnectionError, type Channel, useSharedBroker } from './amqp-util';

const shared = useSharedBroker();

async function tempQueue(ch: Channel): Promise<string> {
  const q = uniqueName('q');
  await ch.assertQueue(q, { exclusive: true });
  return q;
}

describe('pre-declared exchanges', () => {
  for (const name of ['amq.direct', 'amq.fanout', 'amq.topic', 'amq.headers', 'amq.match']) {
    it(`${name} exists`, async () => {
      const ch = await channel(shared.conn);
      await ch.checkExchange(name);
      await ch.close();
    });
  }

  it('amq.direct routes by routing key', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = await tempQueue(ch);
    await ch.bindQueue(q, 'amq.direct', q);
    ch.publish('amq.direct', q, Buffer.from('hit'));
    ch.publish('amq.direct', `${q}-other`, Buffer.from('miss'));
    await ch.waitForConfirms();
    expect(await drain(ch, q)).toEqual(['hit']);
    await ch.close();
  });
});

describe('exchange.declare', () => {
  for (const type of ['direct', 'fanout', 'topic', 'headers']) {
    it(`declares a ${type} exchange, idempotently`, async () => {
      const ch = await channel(shared.conn);
      const ex = uniqueName(`ex-${type}`);
      const ok = await ch.assertExchange(ex, type, { durable: false, autoDelete: false });
      expect(ok.exchange).toBe(ex);
      await ch.assertExchange(ex, type, { durable: false, autoDelete: false });
      await ch.checkExchange(ex);
      await ch.deleteExchange(ex);
      await ch.close();
    });
  }

  it('passive declare of a missing exchange → 404 NOT_FOUND', async () => {
    await expectChannelError(shared.conn, 404, (ch) => ch.checkExchange(uniqueName('missing-ex')));
  });

  it('redeclare with a different type → 406 PRECONDITION_FAILED', async () => {
    const ex = uniqueName('ex');
    const ch = await channel(shared.conn);
    await ch.assertExchange(ex, 'direct', { durable: false });
    await expectChannelError(shared.conn, 406, (c) => c.assertExchange(ex, 'fanout', { durable: false }));
    await ch.deleteExchange(ex);
    await ch.close();
  });

  it('redeclare with a different durable flag → 406 PRECONDITION_FAILED', async () => {
    const ex = uniqueName('ex');
    const ch = await channel(shared.conn);
    await ch.assertExchange(ex, 'direct', { durable: false });
    await expectChannelError(shared.conn, 406, (c) => c.assertExchange(ex, 'direct', { durable: true }));
    await ch.deleteExchange(ex);
    await ch.close();
  });

  it('redeclare with a different auto-delete flag → 406 PRECONDITION_FAILED', async () => {
    const ex = uniqueName('ex');
    const ch = await channel(shared.conn);
    await ch.assertExchange(ex, 'direct', { durable: false, autoDelete: false });
    await expectChannelError(shared.conn, 406, (c) => c.assertExchange(ex, 'direct', { durable: false, autoDelete: true }));
    await ch.deleteExchange(ex);
    await ch.close();
  });

  it("declaring a name in the reserved 'amq.' namespace → 403 ACCESS_REFUSED", async () => {
    await expectChannelError(shared.conn, 403, (ch) => ch.assertExchange(`amq.custom-${uniqueName('x')}`, 'direct'));
  });

  it('passive declare of a pre-declared amq.* exchange is allowed', async () => {
    const ch = await channel(shared.conn);
    await ch.checkExchange('amq.topic');
    await ch.close();
  });

  it("an unknown exchange type 'foo' → 503 COMMAND_INVALID, closing the whole connection", async () => {
    await expectConnectionError(shared.broker.url, 503, (ch) => ch.assertExchange(uniqueName('ex'), 'foo'));
  });

  it('publishing to an internal exchange → 403 ACCESS_REFUSED', async () => {
    const ex = uniqueName('ex-internal');
    const ch = await channel(shared.conn);
    await ch.assertExchange(ex, 'fanout', { internal: true, durable: false });
    await expectChannelError(shared.conn, 403, (c) => c.publish(ex, '', Buffer.from('x')));
    await ch.deleteExchange(ex);
    await ch.close();
  });
});

describe('exchange.delete', () => {
  it('ifUnused on an exchange with a queue bound → 406 PRECONDITION_FAILED', async () => {
    const ch = await channel(shared.conn);
    const ex = uniqueName('ex');
    await ch.assertExchange(ex, 'direct', { durable: false });
    const q = await tempQueue(ch);
    await ch.bindQueue(q, ex, 'k');
    await expectChannelError(shared.conn, 406, (c) => c.deleteExchange(ex, { ifUnused: true }));
    await ch.checkExchange(ex);
    await ch.unbindQueue(q, ex, 'k');
    await ch.deleteExchange(ex, { ifUnused: true });
    await expectChannelError(shared.conn, 404, (c) => c.checkExchange(ex));
    await ch.close();
  });

  it('deleting a missing exchange succeeds (delete is idempotent in RabbitMQ 3.x)', async () => {
    const ch = await channel(shared.conn);
    await ch.deleteExchange(uniqueName('never-declared'));
    await ch.close();
  });

  it('deleting an exchange removes its bindings', async () => {
    const ch = await confirmChannel(shared.conn);
    const ex = uniqueName('ex');
    await ch.assertExchange(ex, 'fanout', { durable: false });
    const q = await tempQueue(ch);
    await ch.bindQueue(q, ex, '');
    await ch.deleteExchange(ex);
    await ch.assertExchange(ex, 'fanout', { durable: false });
    ch.publish(ex, '', Buffer.from('after'));
    await ch.waitForConfirms();
    expect(await drain(ch, q)).toEqual([]);
    await ch.deleteExchange(ex);
    await ch.close();
  });
});

describe('direct, fanout and exchange-to-exchange routing', () => {
  it('direct routes only exact keys, to every queue bound with that key', async () => {
    const ch = await confirmChannel(shared.conn);
    const ex = uniqueName('ex');
    await ch.assertExchange(ex, 'direct', { durable: false });
    const [q1, q2, q3] = [await tempQueue(ch), await tempQueue(ch), await tempQueue(ch)];
    await ch.bindQueue(q1, ex, 'red');
    await ch.bindQueue(q2, ex, 'red');
    await ch.bindQueue(q2, ex, 'green');
    await ch.bindQueue(q3, ex, '');
    for (const k of ['red', 'green', 'blue', '', 'RED']) ch.publish(ex, k, Buffer.from(k || '<empty>'));
    await ch.waitForConfirms();
    expect(await drain(ch, q1)).toEqual(['red']);
    expect(await drain(ch, q2)).toEqual(['red', 'green']);
    expect(await drain(ch, q3)).toEqual(['<empty>']);
    await ch.deleteExchange(ex);
    await ch.close();
  });

  it('a queue bound twice with the same key gets one copy', async () => {
    const ch = await confirmChannel(shared.conn);
    const ex = uniqueName('ex');
    await ch.assertExchange(ex, 'fanout', { durable: false });
    const q = await tempQueue(ch);
    await ch.bindQueue(q, ex, 'a');
    await ch.bindQueue(q, ex, 'b');
    ch.publish(ex, 'whatever', Buffer.from('one'));
    await ch.waitForConfirms();
    expect(await drain(ch, q)).toEqual(['one']);
    await ch.deleteExchange(ex);
    await ch.close();
  });

  it('fanout ignores the routing key', async () => {
    const ch = await confirmChannel(shared.conn);
    const ex = uniqueName('ex');
    await ch.assertExchange(ex, 'fanout', { durable: false });
    const [q1, q2] = [await tempQueue(ch), await tempQueue(ch)];
    await ch.bindQueue(q1, ex, 'x');
    await ch.bindQueue(q2, ex, '');
    ch.publish(ex, 'anything', Buffer.from('m'));
    await ch.waitForConfirms();
    expect(await drain(ch, q1)).toEqual(['m']);
    expect(await drain(ch, q2)).toEqual(['m']);
    await ch.deleteExchange(ex);
    await ch.close();
  });

  it('exchange-to-exchange bindings route through, and unbind stops them', async () => {
    const ch = await confirmChannel(shared.conn);
    const src = uniqueName('ex-src');
    const dst = uniqueName('ex-dst');
    await ch.assertExchange(src, 'topic', { durable: false });
    await ch.assertExchange(dst, 'fanout', { durable: false });
    const q = await tempQueue(ch);
    await ch.bindQueue(q, dst, '');
    await ch.bindExchange(dst, src, 'a.*');
    ch.publish(src, 'a.b', Buffer.from('through'));
    ch.publish(src, 'b.b', Buffer.from('blocked'));
    await ch.waitForConfirms();
    expect(await drain(ch, q)).toEqual(['through']);
    await ch.unbindExchange(dst, src, 'a.*');
    ch.publish(src, 'a.b', Buffer.from('after-unbind'));
    await ch.waitForConfirms();
    expect(await drain(ch, q)).toEqual([]);
    await ch.deleteExchange(src);
    await ch.deleteExchange(dst);
    await ch.close();
  });
});

// ---- topic ------------------------------------------------------------------------------------------
const long255 = `a.${'x'.repeat(253)}`; // 255 bytes: the maximum shortstr length
const long255b = `${'y'.repeat(127)}.${'z'.repeat(127)}`; // 255 bytes, two words
/** [binding pattern, routing key, delivered?] — verified against RabbitMQ 3.10. */
const topicTable: Array<[string, string, boolean]> = [
  ['a.b.c', 'a.b.c', true],
  ['a.b.c', 'a.b', false],
  ['a.b.c', 'a.b.c.d', false],
  ['A.b', 'a.b', false],
  ['*', 'a', true],
  ['*', '', false],
  ['*', 'a.b', false],
  ['*', '#', true],
  ['*', '.', false],
  ['#', '', true],
  ['#', 'a', true],
  ['#', 'a.b.c', true],
  ['#', '#', true],
  ['#', '.', true],
  ['x', '#', false],
  ['a.#', 'a', true],
  ['a.#', 'a.b.c', true],
  ['a.#', 'b.a', false],
  ['#.b', 'b', true],
  ['#.b', 'a.b', true],
  ['#.b', 'a.c.b', true],
  ['#.b', 'a.b.c', false],
  ['a.#.b', 'a.b', true],
  ['a.#.b', 'a.x.b', true],
  ['a.#.b', 'a.x.y.b', true],
  ['a.#.b', 'a.b.b', true],
  ['a.#.b', 'a.x', false],
  ['a.#.b', 'b.a.b', false],
  ['a.*.#', 'a', false],
  ['a.*.#', 'a.b', true],
  ['a.*.#', 'a.b.c.d', true],
  ['a.*', 'a.', true],
  ['a.*', 'a', false],
  ['a..b', 'a..b', true],
  ['a.*.b', 'a..b', true],
  ['a..b', 'a.b', false],
  ['.', '.', true],
  ['*.*', '.', true],
  ['*.*', 'a.b', true],
  ['*.*', 'a', false],
  ['', '', true],
  ['', 'a', false],
  ['a.b', '', false],
  ['#.#', '', true],
  ['#.#', 'a.b', true],
  ['*.#', '', false],
  ['#.*', 'a', true],
  ['#.*', '', false],
  ['a.*.c', 'a.b.c', true],
  ['a.*.c', 'a.b.b.c', false],
  ['*.b.*', 'a.b.c', true],
  ['*.b.*', 'b.c', false],
  ['#.a.#', 'x.a.y', true],
  ['#.a.#', 'a', true],
  ['#.a.#', 'b', false],
  ['#', long255, true],
  ['a.*', long255, true],
  [long255, long255, true],
  ['*.*', long255b, true],
  ['*', long255b, false],
];

/** A reference matcher of RabbitMQ's semantics: '' has zero words, '.' separates (possibly empty) words. */
function words(s: string): string[] { return s === '' ? [] : s.split('.'); }
function topicMatch(pattern: string, key: string): boolean {
  const p = words(pattern);
  const k = words(key);
  const go = (i: number, j: number): boolean => {
    if (i === p.length) return j === k.length;
    if (p[i] === '#') return go(i + 1, j) || (j < k.length && go(i, j + 1));
    if (j === k.length) return false;
    return (p[i] === '*' || p[i] === k[j]) && go(i + 1, j + 1);
  };
  return go(0, 0);
}

describe('topic routing', () => {
  it('the reference matcher agrees with the table', () => {
    for (const [p, k, want] of topicTable) expect(topicMatch(p, k), `${p} vs ${k}`).toBe(want);
  });

  it(`routes exactly as RabbitMQ for ${topicTable.length} (pattern, key) rows and their full cross product`, async () => {
    const ch = await confirmChannel(shared.conn);
    const ex = uniqueName('ex-topic');
    await ch.assertExchange(ex, 'topic', { durable: false });
    const patterns = [...new Set(topicTable.map((r) => r[0]))];
    const keys = [...new Set(topicTable.map((r) => r[1]))];
    const queueOf = new Map<string, string>();
    for (const p of patterns) {
      const q = await tempQueue(ch);
      await ch.bindQueue(q, ex, p);
      queueOf.set(p, q);
    }
    // Message body = index of the key, so the empty key and long keys are easy to compare.
    keys.forEach((k, i) => ch.publish(ex, k, Buffer.from(String(i))));
    await ch.waitForConfirms();
    const got = new Map<string, string[]>();
    for (const p of patterns) got.set(p, (await drain(ch, queueOf.get(p)!)).map((i) => keys[Number(i)]!));
    // 1. the explicit table
    const tableFailures = topicTable
      .filter(([p, k, want]) => got.get(p)!.includes(k) !== want)
      .map(([p, k, want]) => `pattern ${JSON.stringify(p)} key ${JSON.stringify(k)}: expected ${want ? 'delivery' : 'no delivery'}`);
    expect(tableFailures).toEqual([]);
    // 2. every pattern against every key, with the reference matcher; each message at most once per queue
    for (const p of patterns) {
      const want = keys.filter((k) => topicMatch(p, k));
      expect(got.get(p), `pattern ${JSON.stringify(p)}`).toEqual(want);
    }
    await ch.deleteExchange(ex);
    await ch.close();
  });

  it('amq.topic routes with a binding of #', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = await tempQueue(ch);
    const prefix = uniqueName('t').replace(/[.]/g, '_');
    await ch.bindQueue(q, 'amq.topic', `${prefix}.#`);
    ch.publish('amq.topic', `${prefix}.x.y`, Buffer.from('1'));
    ch.publish('amq.topic', `${prefix}`, Buffer.from('2'));
    ch.publish('amq.topic', `other.${prefix}`, Buffer.from('3'));
    await ch.waitForConfirms();
    expect(await drain(ch, q)).toEqual(['1', '2']);
    await ch.close();
  });
});

// ---- headers ----------------------------------------------------------------------------------------
describe('headers routing', () => {
  it('x-match all and any with string and integer values', async () => {
    const ch = await confirmChannel(shared.conn);
    const ex = uniqueName('ex-headers');
    await ch.assertExchange(ex, 'headers', { durable: false });
    const qAll = await tempQueue(ch);
    const qAny = await tempQueue(ch);
    const qDefault = await tempQueue(ch);
    const qEmpty = await tempQueue(ch);
    await ch.bindQueue(qAll, ex, '', { 'x-match': 'all', color: 'red', size: 3 });
    await ch.bindQueue(qAny, ex, '', { 'x-match': 'any', color: 'red', size: 3 });
    await ch.bindQueue(qDefault, ex, '', { color: 'red', size: 3 }); // x-match defaults to all
    await ch.bindQueue(qEmpty, ex, '', { 'x-match': 'all' }); // no conditions: matches everything
    const cases: Array<[string, Record<string, unknown> | undefined]> = [
      ['both', { color: 'red', size: 3 }],
      ['both+extra', { color: 'red', size: 3, other: true }],
      ['color-only', { color: 'red' }],
      ['size-only', { size: 3 }],
      ['wrong-values', { color: 'blue', size: 4 }],
      ['size-as-string', { color: 'blue', size: '3' }],
      ['color-wrong-size-right', { color: 'blue', size: 3 }],
      ['no-headers', undefined],
    ];
    for (const [body, headers] of cases) ch.publish(ex, 'ignored', Buffer.from(body), headers ? { headers } : {});
    await ch.waitForConfirms();
    expect(await drain(ch, qAll)).toEqual(['both', 'both+extra']);
    expect(await drain(ch, qDefault)).toEqual(['both', 'both+extra']);
    expect(await drain(ch, qAny)).toEqual(['both', 'both+extra', 'color-only', 'size-only', 'color-wrong-size-right']);
    expect(await drain(ch, qEmpty)).toEqual(cases.map((c) => c[0]));
    await ch.deleteExchange(ex);
    await ch.close();
  });

  it('amq.match is a headers exchange', async () => {
    const ch = await confirmChannel(shared.conn);
    const q = await tempQueue(ch);
    await ch.bindQueue(q, 'amq.match', '', { 'x-match': 'any', tag: q });
    ch.publish('amq.match', '', Buffer.from('yes'), { headers: { tag: q } });
    ch.publish('amq.match', '', Buffer.from('no'), { headers: { tag: 'other' } });
    await ch.waitForConfirms();
    expect(await drain(ch, q)).toEqual(['yes']);
    await ch.close();
  });
});
