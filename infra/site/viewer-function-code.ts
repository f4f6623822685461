/**
 * The code of the site's CloudFront Function: the campaign table of a build, declared as
 * `CAMPAIGN_TABLE`, followed by viewer-function.js with its comments and spacing removed (names
 * and syntax untouched), to leave room under CloudFront Functions' 10 KB limit. The CDK site
 * construct deploys this code, and the local stack runs this same code
 * (infra/local/edge-runtime.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  campaignTableProblems,
  VARIANT_COOKIE_PREFIX,
  type CampaignTable,
} from '../../functions/contract/campaigns';
import { FUNNEL_PREVIEW_PARAM } from '../../functions/contract/funnel-events';

/** The function's source file. */
const VIEWER_FUNCTION_FILE = fileURLToPath(new URL('./viewer-function.js', import.meta.url));

/** The build artefact that holds the campaign table (never uploaded). */
export const CAMPAIGN_TABLE_FILE = 'campaign-table.json';

/** CloudFront Functions' limit on a function's code, in bytes. */
const MAX_FUNCTION_BYTES = 10 * 1024;

/** Raised for a campaign table that cannot be deployed; the message says what to fix. */
export class CampaignTableError extends Error {
  override readonly name = 'CampaignTableError';
}

/**
 * The campaign table of the build in `siteDir`, checked again here so a hand-edited or stale
 * artefact cannot reach the edge.
 */
export function readCampaignTable(siteDir: string): CampaignTable {
  const path = join(siteDir, CAMPAIGN_TABLE_FILE);
  if (!existsSync(path)) {
    throw new CampaignTableError(
      `The campaign table is missing: ${path} does not exist. Run \`npm run build\` first (\`npm run synth\` and \`npm run deploy\` do).`,
    );
  }
  const table = JSON.parse(readFileSync(path, 'utf8')) as CampaignTable;
  const problems = campaignTableProblems(table);
  if (problems.length > 0) {
    throw new CampaignTableError(
      `Invalid campaign table in ${path} (from web/content/campaigns.ts; rebuild after fixing):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return table;
}

/** The function file as it is deployed: only comments and spacing removed. */
function compactViewerFunction(source = readFileSync(VIEWER_FUNCTION_FILE, 'utf8')): string {
  return transformSync(source, { minifyWhitespace: true, legalComments: 'none' }).code;
}

/** The function's whole code for a table: its declaration, then the compacted file. */
export function viewerFunctionCode(table: CampaignTable): string {
  const declared = {
    cookieDays: table.cookieDays,
    cookiePrefix: VARIANT_COOKIE_PREFIX,
    previewParam: FUNNEL_PREVIEW_PARAM,
    campaigns: table.campaigns,
  };
  const code = `var CAMPAIGN_TABLE = ${JSON.stringify(declared)};\n${compactViewerFunction()}`;
  const bytes = Buffer.byteLength(code, 'utf8');
  if (bytes > MAX_FUNCTION_BYTES) {
    throw new CampaignTableError(
      `The site's CloudFront Function would be ${bytes} bytes with this campaign table, over CloudFront Functions' limit of ${MAX_FUNCTION_BYTES}: end and remove old campaigns, or shorten their ids and paths`,
    );
  }
  return code;
}
