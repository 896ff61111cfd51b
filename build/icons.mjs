// Draws Warren's mark — the toolbar's blue diamond on the window's dark background, with a rounded
// square around it — as PNG files for the installers: build/icon.png (512x512; electron-builder
// derives the macOS .icns and the Windows .ico from it) and build/icons/NxN.png (Linux).
// `node build/icons.mjs` rewrites them; main/app/installer-config.test.ts checks they match.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const ICON_SIZES = [512, 256, 128, 64, 32, 16];
const BACKGROUND = [0x0e, 0x12, 0x17]; // --bg
const ACCENT = [0x4c, 0x9a, 0xff]; // --accent
const BORDER = [0x2a, 0x32, 0x3d]; // --border

/** How much of the pixel centred at (x, y) (in units of the icon, 0..1) each shape covers. */
function shade(x, y) {
  const d = Math.abs(x - 0.5) + Math.abs(y - 0.5); // the diamond: |x| + |y| <= r
  if (d <= 0.3) return ACCENT;
  // the rounded square: corners of radius 0.18, inset 0.04, with a border 0.012 wide
  const r = 0.18, inset = 0.04;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - inset - r), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - inset - r), 0);
  const outside = Math.hypot(qx, qy) - r;
  if (outside > 0) return null;
  return outside > -0.012 ? BORDER : BACKGROUND;
}

/** RGBA pixels of the mark at `size`, 4x4 supersampled so its edges are smooth. */
function pixels(size) {
  const out = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = shade((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          if (c) { r += c[0]; g += c[1]; b += c[2]; a++; }
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) { out[i] = Math.round(r / a); out[i + 1] = Math.round(g / a); out[i + 2] = Math.round(b / a); }
      out[i + 3] = Math.round((a * 255) / (n * n));
    }
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** The mark as a PNG file of size x size pixels (8-bit RGBA). */
export function iconPng(size) {
  const rgba = pixels(size);
  const raw = Buffer.alloc(size * (size * 4 + 1)); // each row: filter type 0, then its pixels
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  writeFileSync(`${dir}icon.png`, iconPng(512));
  mkdirSync(`${dir}icons`, { recursive: true });
  for (const size of ICON_SIZES) writeFileSync(`${dir}icons/${size}x${size}.png`, iconPng(size));
}
