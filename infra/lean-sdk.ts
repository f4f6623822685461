/**
 * AWS SDK clients that tree-shake to the operations a function sends.
 *
 * Each client's `schemas/schemas_0.js` declares the shapes of every operation of its service.
 * Some carry their traits under computed keys (`{ [_h]: ["POST", "/v2/email/…", 200] }`, with
 * `const _h = "http"` further up): esbuild must assume a computed key may run code, so it keeps
 * every such shape, and every shape and name it refers to, whether the function uses it or not
 * (about 45 KiB of SESv2's, in every function that sends email).
 *
 * The bundles therefore get a copy of the client in which those keys are written as the plain
 * strings they are, and nothing else changes: same code, same shapes, so esbuild drops the ones
 * no command of the function reaches. The copy lives under node_modules/.cache, so the client's
 * own imports resolve to the same packages as the original's; it is made again only when the
 * installed client changes.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** Clients whose schemas carry computed keys; the bundles alias them to the lean copy. */
export const LEAN_SDK_CLIENTS = [
  '@aws-sdk/client-sesv2',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/client-secrets-manager',
] as const;

/** Changed whenever the way a copy is made changes, so older copies are not reused. */
const COPY_FORMAT = 2;

/**
 * What the copy's package.json keeps of the client's: what esbuild reads to resolve and
 * tree-shake it, and the version the client reads at run time for its user agent. The client
 * imports its package.json whole (`packageInfo.version`), so the rest (dependencies, scripts,
 * type maps: about 2 KiB) would ship in every bundle.
 */
const MANIFEST_FIELDS = ['name', 'version', 'type', 'sideEffects', 'module', 'main'] as const;

/** `manifest` (a package.json's text) reduced to {@link MANIFEST_FIELDS}. */
export function leanManifest(manifest: string): string {
  const parsed = JSON.parse(manifest) as Record<string, unknown>;
  const kept = MANIFEST_FIELDS.filter((field) => field in parsed).map(
    (field) => [field, parsed[field]] as const,
  );
  return JSON.stringify(Object.fromEntries(kept));
}

/**
 * `source` with each computed key `[name]:` whose `name` is a string constant of the same file
 * written as that string; throws when a computed key names something that is not one.
 */
export function plainSchemaKeys(source: string): string {
  const constants = new Map<string, string>();
  for (const match of source.matchAll(/^const (\w+) = ("(?:[^"\\\n]|\\.)*");$/gm)) {
    constants.set(match[1]!, match[2]!);
  }
  return source.replace(/\[(\w+)\]:/g, (key, name: string) => {
    const value = constants.get(name);
    if (value === undefined) {
      throw new Error(`lean SDK: the computed key [${name}] is not a string constant of its file`);
    }
    return `${value}:`;
  });
}

/**
 * The entry (dist-es/index.js) of a lean copy of `client`, installed in `repoRoot`'s
 * node_modules; made under node_modules/.cache/lean-sdk when missing.
 */
export function leanClientEntry(repoRoot: string, client: string): string {
  const installed = join(repoRoot, 'node_modules', client);
  const manifest = readFileSync(join(installed, 'package.json'), 'utf8');
  const { version } = JSON.parse(manifest) as { version: string };
  const hash = createHash('sha256')
    .update(`${COPY_FORMAT}:${client}@${version}`)
    .digest('hex')
    .slice(0, 12);
  const copy = join(repoRoot, 'node_modules', '.cache', 'lean-sdk', hash);
  const entry = join(copy, 'dist-es', 'index.js');
  if (existsSync(entry)) return entry;

  // Made beside its final place and renamed into it, so a concurrent bundling never reads half.
  const building = `${copy}.${process.pid}.tmp`;
  cpSync(join(installed, 'dist-es'), join(building, 'dist-es'), { recursive: true });
  writeFileSync(join(building, 'package.json'), leanManifest(manifest));
  const schemas = join(building, 'dist-es', 'schemas');
  for (const file of existsSync(schemas) ? readdirSync(schemas) : []) {
    if (!file.endsWith('.js')) continue;
    const path = join(schemas, file);
    writeFileSync(path, plainSchemaKeys(readFileSync(path, 'utf8')));
  }
  try {
    renameSync(building, copy);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    // Another bundling made it first: its copy is the same.
    if (!existsSync(entry)) throw error;
  }
  return entry;
}
