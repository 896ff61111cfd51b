import { describe, expect, it } from 'vitest';
import { match, route, splitPath, type Resource } from './router';
import { ROUTES } from './routes';

const r = (name: string): Resource => ({ methods: ['GET'], auth: { read: 'management', write: 'administrator' }, get: () => name });

describe('router', () => {
  it('splits the path before decoding, so %2F stays inside a segment', () => {
    expect(splitPath('/api/queues/%2F/a%2Fb')).toEqual(['api', 'queues', '/', 'a/b']);
    expect(splitPath('/api/queues/%E0%A4%A')).toBeNull();
  });

  it('matches literal segments and captures parameters', () => {
    const routes = [route('/api/queues/:vhost', r('list')), route('/api/queues/:vhost/:name', r('one')), route('/api/queues/:vhost/:name/bindings', r('bindings'))];
    const m = match(routes, splitPath('/api/queues/%2F/orders')!);
    expect(m?.resource.get!(null as never)).toBe('one');
    expect(m?.params).toEqual({ vhost: '/', name: 'orders' });
    expect(match(routes, splitPath('/api/queues/%2F/orders/bindings')!)?.params).toEqual({ vhost: '/', name: 'orders' });
    expect(match(routes, splitPath('/api/queues/%2F/orders/nope')!)).toBeNull();
    expect(match(routes, splitPath('/api/queue')!)).toBeNull();
  });

  it('the table has no two routes with the same shape', () => {
    const shapes = ROUTES.map((x) => x.segments.map((s) => (s.startsWith(':') ? ':' : s)).join('/'));
    expect(new Set(shapes).size).toBe(shapes.length);
  });
});
