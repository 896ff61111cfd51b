// Content assembly: header then body frames, bodies kept as received (never copied), and the
// frame errors RabbitMQ gives for content out of place.
import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../../broker/errors';
import { EventBus } from '../../broker/events';
import { VHost } from '../../broker/vhost';
import { ContentAssembly } from './content';

const exchange = new VHost('/', new EventBus()).exchange('')!;
const raw = Buffer.from([0x10, 0x00]);

function code(f: () => unknown): number | null {
  try { f(); return null; } catch (e) { return e instanceof ConnectionError ? e.replyCode : -1; }
}

describe('ContentAssembly', () => {
  it('completes at the header for an empty body and after the last body frame otherwise', () => {
    const c = new ContentAssembly(1);
    c.begin(exchange, 'k', true);
    expect(c.header(60, 0, raw)).toBe(true);
    expect([c.routingKey, c.mandatory, c.rawProperties, c.finish()]).toEqual(['k', true, raw, Buffer.alloc(0)]);
    expect(c.expecting).toBe(false);
    c.begin(exchange, 'k2', false);
    expect(c.header(60, 5, raw)).toBe(false);
    expect(c.expecting).toBe(true);
    const one = Buffer.from('hello');
    expect(c.body(one)).toBe(true);
    expect(c.finish()).toBe(one); // the very buffer received
  });

  it('keeps a body in several frames as its pieces, in order', () => {
    const c = new ContentAssembly(1);
    c.begin(exchange, 'k', false);
    c.header(60, 6, raw);
    const parts = [Buffer.from('ab'), Buffer.from('cd'), Buffer.from('ef')];
    expect(parts.map((p) => c.body(p))).toEqual([false, false, true]);
    const body = c.finish() as Buffer[];
    expect(body).toHaveLength(3);
    body.forEach((b, i) => expect(b).toBe(parts[i]));
    // the next message starts empty
    c.begin(exchange, 'k', false);
    c.header(60, 1, raw);
    c.body(Buffer.from('z'));
    expect(c.finish()).toEqual(Buffer.from('z'));
  });

  it('refuses content out of place with 505 UNEXPECTED_FRAME and an oversize body with 501 FRAME_ERROR', () => {
    const c = new ContentAssembly(1);
    expect(code(() => c.header(60, 1, raw))).toBe(505);
    expect(code(() => c.body(Buffer.from('x')))).toBe(505);
    c.begin(exchange, 'k', false);
    expect(code(() => c.header(50, 1, raw))).toBe(505);
    c.header(60, 2, raw);
    expect(code(() => c.body(Buffer.from('xyz')))).toBe(501);
    c.reset();
    expect(c.expecting).toBe(false);
  });
});
