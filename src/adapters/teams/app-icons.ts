import { crc32, deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

/** An RGBA image as a PNG (8-bit truecolour with alpha, no filtering): small icons need nothing more. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    for (let x = 0; x < width; x++) Buffer.from(pixel(x, y)).copy(raw, row + 1 + x * 4);
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // colour type: RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Width and height from a PNG's IHDR, or undefined when the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47 || png.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * The bell, in a unit square (0..1): a dome over a flared rim, and the clapper below. True where
 * the bell is. Drawn by formula, so both icons are made here and no image is downloaded.
 */
function bell(u: number, v: number): boolean {
  const dome = v >= 0.2 && v <= 0.68 && Math.abs(u - 0.5) <= 0.17 + 0.16 * ((v - 0.2) / 0.48) ** 2;
  const top = (u - 0.5) ** 2 + (v - 0.2) ** 2 <= 0.17 ** 2 && v <= 0.2;
  const rim = v > 0.68 && v <= 0.75 && Math.abs(u - 0.5) <= 0.4;
  const clapper = (u - 0.5) ** 2 + (v - 0.82) ** 2 <= 0.075 ** 2;
  const knob = (u - 0.5) ** 2 + (v - 0.04 - 0.06) ** 2 <= 0.05 ** 2;
  return dome || top || rim || clapper || knob;
}

const RED: Rgba = [0xb3, 0x26, 0x1e, 0xff];
const WHITE: Rgba = [0xff, 0xff, 0xff, 0xff];
const CLEAR: Rgba = [0, 0, 0, 0];

/** 192×192 full-colour icon: a white bell on Tocsin red. */
export function colorIcon(): Buffer {
  const size = 192;
  const pad = 36;
  return encodePng(size, size, (x, y) => (bell((x - pad) / (size - 2 * pad), (y - pad) / (size - 2 * pad)) ? WHITE : RED));
}

/** 32×32 outline icon: white on transparent, as Teams requires. */
export function outlineIcon(): Buffer {
  const size = 32;
  const pad = 2;
  return encodePng(size, size, (x, y) => (bell((x + 0.5 - pad) / (size - 2 * pad), (y + 0.5 - pad) / (size - 2 * pad)) ? WHITE : CLEAR));
}
