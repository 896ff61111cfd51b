import { describe, expect, it } from 'vitest';
import { checkUris, parseShovelUri } from './uri';

describe('shovel URIs', () => {
  it('reads "amqp://" as this broker and a host as a network broker, as amqp_uri does', () => {
    expect(parseShovelUri('amqp://')).toMatchObject({ local: true, vhost: '/' });
    expect(parseShovelUri('amqp:///v%2F1')).toMatchObject({ local: true, vhost: 'v/1' });
    expect(parseShovelUri('amqp://h')).toMatchObject({ local: false, host: 'h', port: 5672, user: 'guest', password: 'guest', vhost: '/', shown: 'amqp://h' });
    expect(parseShovelUri('amqps://u%40x:p%3A@[::1]:5999/%2F?heartbeat=5')).toMatchObject({
      local: false, tls: true, host: '::1', port: 5999, user: 'u@x', password: 'p:', vhost: '/', shown: 'amqps://[::1]:5999/%2F?heartbeat=5',
    });
  });

  it('refuses what amqp_uri refuses, in its words', () => {
    expect(checkUris('src-uri', 'foo', () => null)).toEqual(['"foo" not a valid URI: {{unable_to_parse_uri,no_scheme},"foo"}']);
    expect(checkUris('src-uri', ['amqp://', 'http://x'], () => null)).toEqual(['"http://x" not a valid URI: {{unexpected_uri_scheme,"http"},"http://x"}']);
    expect(checkUris('src-uri', 3, () => null)).toEqual(['src-uri should be list, actually was 3']);
    expect(checkUris('src-uri', 'amqp://h/v', () => 'refused')).toEqual([]); // a network URI's vhost is the remote's business
  });
});
