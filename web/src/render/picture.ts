/**
 * A responsive picture: AVIF and WebP for browsers that take them, JPEG for the rest, each in
 * the widths the build made (web/build/images.ts), with the intrinsic size on the `<img>` so the
 * page never shifts when it arrives. Pictures below the fold load lazily; the one a page marks
 * as its first-screen picture loads first instead.
 */
import type { ClinicImage } from '../../content/clinic-types';
import { markup, raw, type SafeHtml } from '../../../functions/contract/html';

export interface PictureVariant {
  readonly width: number;
  readonly href: string;
}

/** What the build made of one source picture at the widths asked for. */
export interface PictureSet {
  /** Intrinsic size of the smallest variant: its ratio is the one the page keeps. */
  readonly width: number;
  readonly height: number;
  readonly avif: readonly PictureVariant[];
  readonly webp: readonly PictureVariant[];
  readonly jpeg: readonly PictureVariant[];
}

/** Asks the build for a picture's variants (and makes sure it writes them). */
export type PictureResolver = (image: ClinicImage, widths: readonly number[]) => PictureSet;

export interface PictureOptions {
  /** The `sizes` attribute: how wide the picture shows at each viewport width. */
  readonly sizes: string;
  /** In the first screen: load at once, at high priority (the page's largest paint). */
  readonly priority?: boolean;
  readonly className?: string;
}

const srcset = (variants: readonly PictureVariant[]) =>
  variants.map((v) => `${v.href} ${v.width}w`).join(', ');

/** The `<picture>` element (alt text from the content; an empty alt marks it decorative). */
export function renderPicture(
  image: ClinicImage,
  set: PictureSet,
  options: PictureOptions,
): SafeHtml {
  const fallback = set.jpeg[0];
  if (fallback === undefined) throw new Error(`No variants were made of ${image.source}`);
  const loading =
    options.priority === true
      ? raw(' fetchpriority="high"')
      : raw(' loading="lazy" decoding="async"');
  return markup`<picture${options.className !== undefined && markup` class="${options.className}"`}>
<source type="image/avif" srcset="${srcset(set.avif)}" sizes="${options.sizes}">
<source type="image/webp" srcset="${srcset(set.webp)}" sizes="${options.sizes}">
<img src="${fallback.href}" srcset="${srcset(set.jpeg)}" sizes="${options.sizes}" width="${set.width}" height="${set.height}" alt="${image.alt}"${loading}>
</picture>`;
}
