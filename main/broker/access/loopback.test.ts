import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from './loopback';

describe('loopback peers', () => {
  it('knows this machine in every form a listener records it', () => {
    for (const a of ['127.0.0.1:5555', '127.1.2.3:1', '::1:5555', '[::1]:5555', '::ffff:127.0.0.1:40000', '127.0.0.1', '::1']) expect(isLoopbackAddress(a), a).toBe(true);
  });
  it('and nothing else', () => {
    for (const a of ['10.0.0.1:5555', '192.168.1.2:1', '::2:5555', 'fe80::1:80', '::ffff:10.0.0.1:1', '1127.0.0.1:1', 'localhost:1']) expect(isLoopbackAddress(a), a).toBe(false);
  });
});
