/**
 * Demo data for a fresh machine: a month of funnel counters, leads and their statuses across
 * two campaigns and their variants. Everything is plainly fictional: names "Demo Patient 001",
 * phone numbers from the 555-0100–0199 range reserved for fiction, addresses at example.com,
 * and every message starts with "(Demo)". Deterministic: the same day gives the same month.
 */
import { createHash } from 'node:crypto';
import type { FunnelEvent } from '../../functions/contract/funnel-events';
import type { FunnelCampaigns } from '../../functions/lib/funnel/campaigns';
import type { CounterKey } from '../../functions/lib/funnel/counters';
import { addDays, daysBetween, startOfClinicDay } from '../../functions/lib/funnel/days';

/** What one demo lead looks like before it becomes a table item. */
export interface SeedLead {
  readonly id: string;
  readonly kind: 'callback' | 'contact';
  readonly createdAt: string;
  readonly campaign: string;
  readonly variant: string;
  readonly source?: string;
  readonly medium?: string;
  readonly name: string;
  readonly phone: string;
  readonly email?: string;
  readonly message?: string;
  readonly preferredTime?: 'morning' | 'afternoon' | 'evening' | 'anytime';
  /** The variant a campaign preview link (`?preview=`) showed, when the lead was sent from one. */
  readonly preview?: string;
  /** Status changes, oldest first. */
  readonly history: readonly {
    readonly at: string;
    readonly to: 'attempted' | 'contacted' | 'booked' | 'closed';
    readonly reason?: string;
  }[];
}

export interface SeedData {
  readonly counters: readonly { readonly key: CounterKey; readonly count: number }[];
  readonly leads: readonly SeedLead[];
}

/** Two demo campaigns, one of them an A/B test, used when the configuration has fewer. */
export const DEMO_CAMPAIGNS: FunnelCampaigns = {
  'demo-sciatica': ['a', 'b'],
  'demo-desk-back': ['control'],
};

interface Profile {
  readonly sessionsPerDay: number;
  readonly startRate: number;
  readonly requestRate: number;
  readonly source?: string;
  readonly medium?: string;
}

/** A small seeded generator (mulberry32): the same seed, the same month. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A binomial draw by counting successes: fine for the few hundred trials of a demo day. */
const binomial = (rand: () => number, n: number, p: number) => {
  let k = 0;
  for (let i = 0; i < n; i++) if (rand() < p) k++;
  return k;
};

const PROFILES = [
  // The variant is a little better, as A/B tests hope.
  { sessionsPerDay: 70, startRate: 0.14, requestRate: 0.04, source: 'demo-search', medium: 'cpc' },
  { sessionsPerDay: 70, startRate: 0.16, requestRate: 0.055, source: 'demo-search', medium: 'cpc' },
  {
    sessionsPerDay: 45,
    startRate: 0.1,
    requestRate: 0.03,
    source: 'demo-social',
    medium: 'paid-social',
  },
] as const satisfies readonly Profile[];

const uuidOf = (text: string) => {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** The demo month: the 30 clinic days up to `lastDay`, both included. */
export function demoMonth(campaigns: FunnelCampaigns, lastDay: string, timeZone: string): SeedData {
  const rand = random(20261130);
  const counters: { key: CounterKey; count: number }[] = [];
  const leads: SeedLead[] = [];
  const pairs = Object.entries(campaigns).flatMap(([campaign, variants]) =>
    variants.map((variant) => ({ campaign, variant })),
  );
  const days = daysBetween(addDays(lastDay, -29), lastDay);
  const minute = 60_000;
  for (const [index, { campaign, variant }] of pairs.entries()) {
    const profile: Profile = PROFILES[index % PROFILES.length]!;
    for (const day of days) {
      const weekend = [0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay());
      // Direct visits (no utm) are about a fifth of each campaign's sessions.
      for (const tagged of [true, false]) {
        const mean = profile.sessionsPerDay * (weekend ? 0.6 : 1) * (tagged ? 0.8 : 0.2);
        const sessions = Math.round(mean * (0.8 + 0.4 * rand()));
        const starts = binomial(rand, sessions, profile.startRate);
        const requests = Math.min(starts, binomial(rand, sessions, profile.requestRate));
        const source = tagged && profile.source ? profile.source : '(none)';
        const medium = tagged && profile.medium ? profile.medium : '(none)';
        const key = (event: FunnelEvent): CounterKey => ({
          day,
          campaign,
          variant,
          event,
          source,
          medium,
        });
        if (sessions > 0) counters.push({ key: key('view'), count: sessions });
        if (starts > 0) counters.push({ key: key('form-start'), count: starts });
        const dayStart = startOfClinicDay(day, timeZone).getTime();
        for (let r = 0; r < requests; r++) {
          const n = leads.length + 1;
          const number = String(n).padStart(3, '0');
          const created = dayStart + (8 * 60 + Math.floor(rand() * 12 * 60)) * minute;
          const kind = rand() < 0.75 ? 'callback' : 'contact';
          const history: SeedLead['history'][number][] = [];
          const age = (Date.parse(`${lastDay}T23:59:59Z`) - created) / minute;
          let at = created + (10 + Math.floor(rand() * 6 * 60)) * minute;
          if (rand() < 0.3) at += 18 * 60 * minute; // the next working day
          if (at - created < age * minute) {
            if (rand() < 0.35) {
              history.push({ at: new Date(at).toISOString(), to: 'attempted' });
              at += (60 + Math.floor(rand() * 24 * 60)) * minute;
            }
            const outcome = rand();
            if (outcome < 0.8 && at - created < age * minute) {
              history.push({ at: new Date(at).toISOString(), to: 'contacted' });
              if (rand() < 0.5) {
                at += (5 + Math.floor(rand() * 60)) * minute;
                history.push({ at: new Date(at).toISOString(), to: 'booked' });
              }
            } else if (outcome >= 0.9) {
              history.push({ at: new Date(at).toISOString(), to: 'closed', reason: 'unreachable' });
            }
          }
          leads.push({
            id: uuidOf(`demo-lead-${campaign}-${variant}-${day}-${source}-${r}`),
            kind,
            createdAt: new Date(created).toISOString(),
            campaign,
            variant,
            ...(tagged && profile.source !== undefined && { source: profile.source }),
            ...(tagged && profile.medium !== undefined && { medium: profile.medium }),
            name: `Demo Patient ${number}`,
            phone: `+1312555${String(100 + (n % 100)).padStart(4, '0')}`,
            ...((kind === 'contact' || rand() < 0.4) && {
              email: `demo.patient.${number}@example.com`,
            }),
            ...(kind === 'contact'
              ? { message: '(Demo) Is acupuncture suitable for lower back pain after long drives?' }
              : {
                  preferredTime: (['morning', 'afternoon', 'evening', 'anytime'] as const)[
                    Math.floor(rand() * 4)
                  ]!,
                }),
            history,
          });
        }
      }
    }
  }
  return { counters, leads };
}
