// Consumer timeouts (RabbitMQ 3.12's x-consumer-timeout argument and consumer-timeout policy): a
// delivery not acknowledged in time closes its channel with 406 and RabbitMQ's text, and the
// message goes back to the queue for others. Warren only: RabbitMQ 3.10 has just the node-wide one.
import type { ConsumeMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channel, closeAll, connect, type ChannelModel } from './amqp-util';
import { uniqueName } from './harness';
import { seg, startManagement, type ManagementTarget } from './management-support';
import { within } from '../test-support/wait';

let t: ManagementTarget;
let conn: ChannelModel;
beforeAll(async () => {
  t = await startManagement();
  conn = await connect(t.amqpUrl());
});
afterAll(async () => {
  await closeAll();
  await t.stop();
});

/** Consume without acking; resolves with the channel's close error. */
async function holdAndWaitForClose(queue: string): Promise<{ error: Error; got: ConsumeMessage[] }> {
  const ch = await channel(conn);
  const got: ConsumeMessage[] = [];
  const closed = new Promise<Error>((resolve) => ch.once('error', resolve));
  await ch.consume(queue, (m) => { if (m) got.push(m); }, { noAck: false });
  return { error: await within(closed, 6000, 'the channel to be closed for the timeout'), got };
}

describe.skipIf(!!process.env.WARREN_TEST_MGMT_URL)('consumer timeouts', () => {
  it('x-consumer-timeout: an unacked delivery closes its channel with 406, and the message is redelivered to the next consumer', async () => {
    const q = uniqueName('ct-arg');
    const setup = await channel(conn);
    await setup.assertQueue(q, { arguments: { 'x-consumer-timeout': 500 } });
    setup.sendToQueue(q, Buffer.from('slow job'));
    const started = Date.now();
    const { error, got } = await holdAndWaitForClose(q);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(got.map((m) => m.content.toString())).toEqual(['slow job']);
    expect(error.message).toContain('PRECONDITION_FAILED - delivery acknowledgement on channel');
    expect(error.message).toContain('timed out. Timeout value used: 500 ms.');
    const again = await setup.get(q, { noAck: true });
    expect(again && [again.content.toString(), again.fields.redelivered]).toEqual(['slow job', true]);
  });

  it('the consumer-timeout policy does the same; an ack in time keeps the channel', async () => {
    const q = uniqueName('ct-pol');
    expect((await t.call('PUT', `/api/policies/%2F/${seg(q)}`, { body: { pattern: `^${q}$`, definition: { 'consumer-timeout': 700 }, 'apply-to': 'queues' } })).status).toBe(201);
    const setup = await channel(conn);
    await setup.assertQueue(q);
    const prompt = await channel(conn);
    let promptClosed = false;
    prompt.on('close', () => { promptClosed = true; });
    await prompt.consume(q, (m) => { if (m) prompt.ack(m); }, { noAck: false });
    setup.sendToQueue(q, Buffer.from('quick'));
    await new Promise((r) => setTimeout(r, 1800));
    expect(promptClosed).toBe(false);
    await prompt.close();
    setup.sendToQueue(q, Buffer.from('held'));
    const { error } = await holdAndWaitForClose(q);
    expect(error.message).toContain('Timeout value used: 700 ms.');
    await t.call('DELETE', `/api/policies/%2F/${seg(q)}`);
  });
});
