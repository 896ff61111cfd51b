import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test-support/tmp-dir';
import { createLogger } from './log';
import { retainedFile } from './mqtt-retained-file';

describe('the retained messages file', () => {
  const dirs = useTempDirs('mqtt-retained-file');

  it('keeps payloads, properties with bytes, and when each was retained', () => {
    const dir = dirs();
    const log = createLogger('error');
    const props = { contentType: 'text/plain', correlationData: Buffer.from([0, 255]) };
    retainedFile(dir, log).save(new Map([['/', [
      { topic: 'a/b', payload: Buffer.from('1'), qos: 1 as const, properties: props, at: 1_700_000_000_123 },
      { topic: 'old', payload: Buffer.from([1, 2]), qos: 0 as const },
    ]]]));
    const back = retainedFile(dir, log).load().get('/')!;
    expect(back[0]).toEqual({ topic: 'a/b', payload: Buffer.from('1'), qos: 1, properties: props, at: 1_700_000_000_123 });
    expect(back[1]).toEqual({ topic: 'old', payload: Buffer.from([1, 2]), qos: 0 });
  });
});
