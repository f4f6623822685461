/**
 * The clinic's pictures, made for the web by the build with sharp (libvips): each source in
 * web/content/images/ (SVG, PNG or JPEG) is cropped to the ratio the content gives it and
 * written at the widths the page asks for, as AVIF, WebP and a JPEG fallback. File names carry
 * a hash of the source and the settings, so they are cached for a year like the other assets
 * and change whenever the picture does.
 *
 * The page's renderer asks for what it shows ({@link ImagePipeline.resolve}); the build writes
 * exactly those files, and the dev server makes each one the first time it is asked for. Encoded
 * files are kept in node_modules/.cache/clinic-images, so a build only encodes what changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { Plugin } from 'vite';
import type { ClinicImage } from '../content/clinic-types';
import type { PictureSet, PictureVariant } from '../src/render/picture';

const IMAGES_DIR = fileURLToPath(new URL('../content/images/', import.meta.url));
const CACHE_DIR = fileURLToPath(
  new URL('../../node_modules/.cache/clinic-images/', import.meta.url),
);

/** Where the variants are served from: under /assets/, which is cached as immutable. */
const IMAGE_PREFIX = '/assets/img/';

type Format = 'avif' | 'webp' | 'jpeg';

/**
 * Encoder settings: flat, drawn pictures and photos both look right at these, at a fraction of
 * the bytes of the defaults. Part of every file's hash, so a change here renames the files.
 */
const ENCODE = {
  avif: { quality: 52, effort: 3 },
  webp: { quality: 74, effort: 4 },
  jpeg: { quality: 76, mozjpeg: true, progressive: true },
} as const;

const EXTENSION: Record<Format, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg' };
const SOURCE_TYPES = new Set(['.svg', '.png', '.jpg', '.jpeg', '.webp']);

/** Raised for a picture the content names that the build cannot use. */
class ImageSourceError extends Error {
  override readonly name = 'ImageSourceError';
}

interface Job {
  readonly source: string;
  readonly width: number;
  readonly height: number;
  readonly format: Format;
}

/** Reads a source picture, refusing a missing file or a type the build cannot read. */
function readSource(dir: string, source: string): Buffer {
  if (basename(source) !== source || !SOURCE_TYPES.has(extname(source).toLowerCase())) {
    throw new ImageSourceError(
      `web/content/clinic.ts: image "${source}" must be a file name in web/content/images/ ending in .svg, .png, .jpg, .jpeg or .webp`,
    );
  }
  const path = join(dir, source);
  if (!existsSync(path)) {
    throw new ImageSourceError(
      `web/content/clinic.ts: image "${source}" is not in web/content/images/: add the file or fix the name`,
    );
  }
  return readFileSync(path);
}

/** Encodes one variant: cropped to its box from the middle, at its width, in its format. */
async function encodeVariant(input: Buffer, job: Omit<Job, 'source'>): Promise<Buffer> {
  const meta = await sharp(input).metadata();
  // Vector sources are rasterised at the density that gives the target size, never upscaled.
  const density =
    meta.format === 'svg' && meta.width !== undefined && meta.height !== undefined
      ? Math.max(72, Math.ceil(72 * Math.max(job.width / meta.width, job.height / meta.height)))
      : undefined;
  const image = sharp(input, density === undefined ? {} : { density })
    .resize(job.width, job.height, { fit: 'cover', position: 'attention' })
    .flatten({ background: '#ffffff' });
  if (job.format === 'avif') return image.avif(ENCODE.avif).toBuffer();
  if (job.format === 'webp') return image.webp(ENCODE.webp).toBuffer();
  return image.jpeg(ENCODE.jpeg).toBuffer();
}

/** The picture variants a build needs, keyed by the file name the pages link to. */
class ImagePipeline {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly dir = IMAGES_DIR) {}

  /** The variants of `image` at `widths` (CSS pixels × density), recorded for the build. */
  readonly resolve = (image: ClinicImage, widths: readonly number[]): PictureSet => {
    const bytes = readSource(this.dir, image.source);
    const [ratioW, ratioH] = image.aspect;
    if (!(ratioW > 0 && ratioH > 0)) {
      throw new ImageSourceError(
        `web/content/clinic.ts: image "${image.source}" needs an aspect of two positive numbers, such as [4, 5]`,
      );
    }
    const hash = createHash('sha256')
      .update(bytes)
      .update(JSON.stringify(ENCODE))
      .digest('hex')
      .slice(0, 10);
    const stem = basename(image.source, extname(image.source)).replace(/[^a-z0-9-]/gi, '-');
    const sorted = [...new Set(widths)].sort((a, b) => a - b);
    const variants = (format: Format): PictureVariant[] =>
      sorted.map((width) => {
        const height = Math.round((width * ratioH) / ratioW);
        const name = `${stem}-${width}x${height}.${hash}.${EXTENSION[format]}`;
        this.jobs.set(name, { source: image.source, width, height, format });
        return { width, href: `${IMAGE_PREFIX}${name}` };
      });
    const first = sorted[0] ?? 0;
    return {
      width: first,
      height: Math.round((first * ratioH) / ratioW),
      avif: variants('avif'),
      webp: variants('webp'),
      jpeg: variants('jpeg'),
    };
  };

  /** File names (under /assets/img/) recorded so far. */
  names(): string[] {
    return [...this.jobs.keys()];
  }

  /** The bytes of one recorded variant, from the cache or freshly encoded. */
  async render(name: string): Promise<Buffer | undefined> {
    const job = this.jobs.get(name);
    if (job === undefined) return undefined;
    const cached = join(CACHE_DIR, name);
    if (existsSync(cached)) return readFileSync(cached);
    const bytes = await encodeVariant(readSource(this.dir, job.source), job);
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(cached, bytes);
    return bytes;
  }
}

/** The one pipeline the prerenderer resolves pictures with and this plugin writes out. */
export const IMAGES = new ImagePipeline();

const MIME: Record<string, string> = { avif: 'image/avif', webp: 'image/webp', jpg: 'image/jpeg' };

/** Serves the variants in the dev server and writes them into the build. */
export function clinicImages(pipeline: ImagePipeline = IMAGES): Plugin {
  return {
    name: 'backcare:clinic-images',
    configureServer(server) {
      server.watcher.add(IMAGES_DIR);
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0] ?? '';
        if (!path.startsWith(IMAGE_PREFIX)) return next();
        const name = path.slice(IMAGE_PREFIX.length);
        pipeline
          .render(name)
          .then((bytes) => {
            if (bytes === undefined) return next();
            res.setHeader(
              'content-type',
              MIME[extname(name).slice(1)] ?? 'application/octet-stream',
            );
            res.end(bytes);
          })
          .catch(next);
      });
    },
    async generateBundle() {
      // The pages are rendered by now (transformIndexHtml), so every picture they use is known.
      // Encoded two at a time: the build machine is small and libvips uses threads of its own.
      const names = pipeline.names();
      for (let i = 0; i < names.length; i += 2) {
        const batch = names.slice(i, i + 2);
        const files = await Promise.all(batch.map((name) => pipeline.render(name)));
        batch.forEach((name, j) => {
          const source = files[j];
          if (source !== undefined) {
            this.emitFile({ type: 'asset', fileName: `${IMAGE_PREFIX.slice(1)}${name}`, source });
          }
        });
      }
    },
  };
}
