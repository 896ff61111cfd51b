import { describe, expect, it } from 'vitest';
import { BROKER_NODE_FLAGS } from '../../bin/broker-flags.js';
import { jsFlagsToAdd } from './js-flags';

describe("the Electron shell's V8 flags", () => {
  it('asks for the broker flags when Electron was launched without --js-flags', () => {
    expect(jsFlagsToAdd('')).toBe(BROKER_NODE_FLAGS.join(' '));
  });

  it('keeps the flags a user gave and adds the missing ones', () => {
    expect(jsFlagsToAdd('--expose-gc')).toBe(['--expose-gc', ...BROKER_NODE_FLAGS].join(' '));
  });

  it('asks for nothing when they are all there, as `npm start` passes them', () => {
    expect(jsFlagsToAdd(BROKER_NODE_FLAGS.join(' '))).toBeNull();
    expect(jsFlagsToAdd(` --expose-gc  ${BROKER_NODE_FLAGS.join(' ')} `)).toBeNull();
  });
});
