/**
 * Draws the site's icons from the clinic's mark (functions/contract/brand-mark.ts) with sharp: the
 * favicon (SVG and its .ico fallback) and the Apple touch icon (which home screens use too). Run it after
 * changing the mark or the theme's brand colour:
 *
 *   npx tsx web/build/make-images.ts
 *
 * The icons carry no words, so a change of name or address needs no rerun. The link-preview
 * image, which shows the headline, is drawn by every build instead (web/build/share-image.ts).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { THEME } from '../content/site';
import { brandMarkSvg } from '../../functions/contract/brand-mark';

const PUBLIC = fileURLToPath(new URL('../public/', import.meta.url));

const mark = (size: number, shape: 'circle' | 'square') =>
  brandMarkSvg({ size, background: THEME.brand, foreground: '#ffffff', shape });

const png = (size: number, shape: 'circle' | 'square') =>
  sharp(Buffer.from(mark(size, shape)))
    .png({ compressionLevel: 9 })
    .toBuffer();

/** An .ico file holding one PNG image (supported by every browser that asks for .ico). */
function icoFromPng(image: Buffer, size: number): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(image.byteLength, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, image]);
}

writeFileSync(`${PUBLIC}favicon.svg`, `${mark(32, 'circle')}\n`);
writeFileSync(`${PUBLIC}apple-touch-icon.png`, await png(180, 'square'));
writeFileSync(`${PUBLIC}favicon.ico`, icoFromPng(await png(32, 'circle'), 32));
