/**
 * The clinic's mark, drawn for it: a weeping willow in a round badge (the demo clinic is on
 * Willow Lane, and a willow bends without breaking). The header, the app
 * icons, the favicon and the link-preview image all draw it from here.
 */

export interface MarkOptions {
  /** Width and height in pixels. */
  readonly size: number;
  readonly background: string;
  readonly foreground: string;
  /** A circle for the page and the favicon; a full square for app icons (the OS rounds them). */
  readonly shape?: 'circle' | 'square';
  /** Extra attributes for the `<svg>` element (class, aria-hidden...), already escaped. */
  readonly attributes?: string;
}

/** A weeping willow on a 32 × 32 grid: trunk, ground, and leafy strands that arch and fall. */
function willow(foreground: string): string {
  return (
    `<g fill="none" stroke="${foreground}" stroke-linecap="round">` +
    `<path d="M16 26.5c.2-4.6-.4-9.4.2-17M10.5 26.5h11" stroke-width="2"/>` +
    // The strands are dashed into leaves.
    `<path d="M16.2 8.2c-5.2-.4-8.6 3.8-9.2 12.6M16.2 8.2c-3.6.8-5.6 5.4-5.2 13.4M16.2 8.2c5.2-.4 8.6 3.8 9.2 12.6M16.2 8.2c3.6.8 5.6 5.4 5.2 13.4" stroke-width="2.1" stroke-dasharray="2.4 1.3"/>` +
    `</g>`
  );
}

/** The mark as a standalone SVG document or inline element. */
export function brandMarkSvg(options: MarkOptions): string {
  const shape =
    options.shape === 'square'
      ? `<rect width="32" height="32" fill="${options.background}"/>`
      : `<circle cx="16" cy="16" r="16" fill="${options.background}"/>`;
  // App icons are cropped by the OS: keep the drawing inside the safe zone.
  const inner =
    options.shape === 'square'
      ? `<g transform="translate(16 16) scale(0.8) translate(-16 -16)">${willow(options.foreground)}</g>`
      : willow(options.foreground);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="${options.size}" height="${options.size}"${options.attributes ?? ''}>${shape}${inner}</svg>`;
}
