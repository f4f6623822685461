/**
 * Draws the site's raster images with Chromium: the app icons, the favicon.ico fallback and
 * the 1200 × 630 share image for link previews. Run it after changing the mark, the theme or the headline:
 *
 *   npx tsx web/build/make-images.ts
 *
 * The images carry no clinic name, so a change of name or address in cdk.json needs no rerun.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LANDING, THEME } from '../content/site';
import { launchChromium } from './chromium';

const PUBLIC = fileURLToPath(new URL('../public/', import.meta.url));

const leaf = (size: number, round: boolean) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="${size}" height="${size}">` +
  (round
    ? `<circle cx="16" cy="16" r="16" fill="${THEME.brand}"/>`
    : `<rect width="32" height="32" fill="${THEME.brand}"/>`) +
  `<g transform="translate(16 16) scale(${round ? 1 : 0.78}) translate(-16 -16)"><path d="M16 6c-6 4-8 10-5 15 1 2 3 4 5 5 2-1 4-3 5-5 3-5 1-11-5-15z" fill="#fff"/>` +
  `<path d="M16 10v15" stroke="${THEME.brand}" stroke-width="1.6" stroke-linecap="round"/></g></svg>`;

const shareCard = `<div style="width:1200px;height:630px;box-sizing:border-box;padding:88px 96px;display:flex;flex-direction:column;justify-content:space-between;background:linear-gradient(160deg,${THEME.tint},${THEME.background});font-family:'DejaVu Serif',Georgia,serif;color:${THEME.brandDark}">
${leaf(120, true)}
<div style="font-size:68px;line-height:1.12;font-weight:700;max-width:960px">${LANDING.hero.headline}</div>
<div style="font:600 34px/1.3 'DejaVu Sans',system-ui,sans-serif;color:${THEME.brand}">Ask for a free, no-pressure callback</div>
</div>`;

/** An .ico file holding one PNG image (supported by every browser that asks for .ico). */
function icoFromPng(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(png.byteLength, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, png]);
}

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const draw = async (markup: string, width: number, height: number, transparent: boolean) => {
    await page.setViewportSize({ width, height });
    await page.setContent(`<body style="margin:0">${markup}</body>`);
    return page.screenshot({ omitBackground: transparent, type: 'png' });
  };
  writeFileSync(`${PUBLIC}icon-192.png`, await draw(leaf(192, false), 192, 192, false));
  writeFileSync(`${PUBLIC}icon-512.png`, await draw(leaf(512, false), 512, 512, false));
  writeFileSync(`${PUBLIC}apple-touch-icon.png`, await draw(leaf(180, false), 180, 180, false));
  writeFileSync(`${PUBLIC}favicon.ico`, icoFromPng(await draw(leaf(32, true), 32, 32, true), 32));
  writeFileSync(`${PUBLIC}og-image.png`, await draw(shareCard, 1200, 630, false));
} finally {
  await browser.close();
}
