/**
 * `npm run seed -- --local`: fills the local stack's table with a fictional month of funnel
 * counters, leads and statuses (infra/scripts/seed-data.ts), so `npm run report -- --local`
 * has something to show on a fresh machine. Local only: demo patients never go near AWS.
 * Running it again rewrites the same month (up to today), it does not add a second one.
 */
import type { KnownCampaigns } from '../../functions/contract/campaigns';
import type { FunnelCampaigns } from '../../functions/lib/funnel/campaigns';
import { addDays } from '../../functions/lib/funnel/days';
import { clinicDay } from '../../functions/lib/zoned-time';
import { CampaignTableError } from '../site/viewer-function-code';
import { deployedCampaigns, type Env, parseFlags, runTableCommand, UsageError } from './target';
import { DEMO_CAMPAIGNS, demoMonth } from './seed-data';
import { writeSeed } from './seed-store';
import { runCli } from './run-cli';

export const USAGE = `Usage: npm run seed -- --local [--table <name>]

  --local          the local stack (npm start must be running); table leads-local
  --table <name>   another local table
  --help           this text

Writes 30 days of demo counters, leads and statuses, up to yesterday. Local only.`;

export async function runSeed(
  argv: readonly string[],
  io: {
    env: Env;
    out: (t: string) => void;
    err: (t: string) => void;
    now?: () => Date;
    /** The site's campaigns. @default the site build's campaign table (web/dist), if built */
    campaigns?: KnownCampaigns;
  },
): Promise<number> {
  return runTableCommand(
    {
      name: 'seed',
      usage: USAGE,
      parse: () => {
        const values = parseFlags(argv, {
          local: { type: 'boolean', default: false },
          table: { type: 'string' },
          help: { type: 'boolean', default: false },
        });
        if (values.help) return 'help';
        if (!values.local) {
          throw new UsageError(
            io.env.npm_config_local === 'true'
              ? 'npm took --local for itself: put "--" before it (npm run seed -- --local)'
              : 'The seed writes demo patients and runs on the local stack only: add --local',
          );
        }
        return { local: true, ...(values.table !== undefined && { table: values.table }) };
      },
      run: async (_args, target) => {
        const configured = siteCampaigns(io.campaigns);
        const campaigns = Object.keys(configured).length >= 2 ? configured : DEMO_CAMPAIGNS;
        const timeZone = target.config.clinic.timeZone;
        const lastDay = addDays(clinicDay((io.now ?? (() => new Date()))(), timeZone), -1);
        const data = demoMonth(campaigns, lastDay, timeZone);
        const written = await writeSeed(target.db, target.tableName, data, {
          retentionDays: target.config.leads.retentionDays,
        });
        io.out(
          `Seeded ${target.where}: ${written.counters} daily counters and ${written.leads} fictional leads (${Object.keys(campaigns).join(', ')}), ${addDays(lastDay, -29)} to ${lastDay}.\nSee them: npm run report -- --local`,
        );
        return 0;
      },
    },
    io,
  );
}

runCli(import.meta.url, runSeed);

/** The site's campaigns, or none when the site has not been built yet (demo ones are used). */
function siteCampaigns(known: KnownCampaigns | undefined): FunnelCampaigns {
  try {
    return deployedCampaigns(known);
  } catch (error) {
    if (error instanceof CampaignTableError) return {};
    throw error;
  }
}
