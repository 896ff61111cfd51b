import { describe, expect, it } from 'vitest';
import { MalformedLength, PacketSizeGuard, PacketTooLarge } from './packet-size';

describe('PacketSizeGuard', () => {
  it('follows packets split anywhere and refuses one over the limit from its header alone', () => {
    const g = new PacketSizeGuard(200);
    const ok = Buffer.concat([Buffer.from([0x30, 0x82, 0x01]), Buffer.alloc(130), Buffer.from([0xc0, 0x00])]);
    for (const b of ok) g.push(Buffer.from([b]));
    expect(() => g.push(Buffer.from([0x30, 0xc8, 0x01]))).toThrow(PacketTooLarge); // 200 + 3 bytes
  });

  it('refuses a remaining length of more than four bytes', () => {
    expect(() => new PacketSizeGuard(1 << 30).push(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toThrow(MalformedLength);
  });
});
