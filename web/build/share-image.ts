/**
 * The link-preview image (1200 × 630, /og-image.png) that chat apps and social sites show
 * for a shared link: the clinic's mark, the page's headline and the clinic's name and town.
 * The build draws it from those words every time (SVG rendered by sharp), so it can never show
 * a headline the page no longer has.
 */
import sharp from 'sharp';
import type { Theme } from '../content/types';
import { brandMarkSvg } from '../../functions/contract/brand-mark';
import { escapeHtml } from '../../functions/contract/html';
import { SHARE_IMAGE } from '../src/render/seo';

export interface ShareImageText {
  readonly headline: string;
  /** The line under it, e.g. "Willow Lane Acupuncture · Springfield, IL". */
  readonly footer: string;
}

const WIDTH = SHARE_IMAGE.width;
const HEIGHT = SHARE_IMAGE.height;
const TEXT_WIDTH = 1008;

/**
 * Breaks the headline into lines that fit, at the largest size that needs at most four lines.
 * Widths are estimated (DejaVu Serif Bold averages about 0.6 em a character), with room to spare.
 */
function wrapHeadline(text: string): { size: number; lines: string[] } {
  const words = text.split(/\s+/).filter(Boolean);
  let best = { size: 40, lines: [text] };
  for (const size of [68, 60, 52, 46, 40]) {
    const perLine = Math.floor(TEXT_WIDTH / (size * 0.6));
    const lines: string[] = [];
    let line = '';
    for (const word of words) {
      const next = line === '' ? word : `${line} ${word}`;
      if (next.length > perLine && line !== '') {
        lines.push(line);
        line = word;
      } else {
        line = next;
      }
    }
    if (line !== '') lines.push(line);
    best = { size, lines };
    if (lines.length <= 4) break;
  }
  return best;
}

/** The image as SVG (what sharp rasterises). */
function shareImageSvg(text: ShareImageText, theme: Theme): string {
  const { size, lines } = wrapHeadline(text.headline);
  const lineHeight = Math.round(size * 1.14);
  // Below the mark (72–192 px), above the footer line.
  const top = 232 + size;
  const mark = brandMarkSvg({ size: 120, background: theme.brand, foreground: '#ffffff' }).replace(
    '<svg ',
    '<svg x="96" y="72" ',
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="0.6" y2="1"><stop offset="0" stop-color="${theme.tint}"/><stop offset="1" stop-color="${theme.background}"/></linearGradient></defs>
<rect width="${WIDTH}" height="${HEIGHT}" fill="url(#bg)"/>
${mark}
<text font-family="DejaVu Serif, Georgia, serif" font-weight="700" font-size="${size}" fill="${theme.brandDark}">${lines
    .map(
      (line, i) =>
        `<tspan x="96" y="${Math.round(top + i * lineHeight)}">${escapeHtml(line)}</tspan>`,
    )
    .join('')}</text>
<text x="96" y="560" font-family="DejaVu Sans, sans-serif" font-weight="600" font-size="34" fill="${theme.brand}">${escapeHtml(text.footer)}</text>
</svg>`;
}

/** The PNG the build writes. */
export function renderShareImage(text: ShareImageText, theme: Theme): Promise<Buffer> {
  return sharp(Buffer.from(shareImageSvg(text, theme)))
    .png({ compressionLevel: 9, palette: true })
    .toBuffer();
}
