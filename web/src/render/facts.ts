/**
 * The clinic facts the pages print, taken from the one configuration (cdk.json) at build time.
 * A plain shape, so the renderers never depend on how the configuration is read or validated.
 */
import type { DayCode } from '../../../functions/contract/clinic-format';
import type { PictureResolver } from './picture';

export interface OpeningPeriod {
  readonly days: readonly DayCode[];
  /** 24-hour "HH:MM". */
  readonly opens: string;
  readonly closes: string;
}

export interface SiteFacts {
  readonly clinic: {
    readonly name: string;
    /** E.164, e.g. "+13125550134". */
    readonly phone: string;
    readonly publicEmail: string;
    readonly address: {
      readonly street: string;
      readonly locality: string;
      readonly region: string;
      readonly postalCode: string;
      /** ISO 3166-1 alpha-2. */
      readonly country: string;
    };
    /** IANA zone of the opening hours, e.g. "America/Chicago". */
    readonly timeZone: string;
    readonly hours: readonly OpeningPeriod[];
  };
  /** The public origin, e.g. "https://www.clinic.example" (no trailing slash needed). */
  readonly siteUrl: string;
  /** How long leads are kept, for the privacy notice. */
  readonly retentionDays: number;
}

/** Script and stylesheet hrefs as the pages reference them (Vite rewrites them when it builds). */
export interface PageAssets {
  readonly stylesheet: string;
  readonly landingScript: string;
  readonly thankYouScript: string;
  /** Makes (in the build) and names the variants of a picture the page shows. */
  readonly picture: PictureResolver;
}
