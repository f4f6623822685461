/**
 * The shape of the page's editable content (web/content/site.ts). The compiler checks every
 * edit against these types, so a missing heading or a misspelt key stops the build with a
 * message that names it.
 */

/** A heading with a paragraph or two under it. */
export interface TextBlock {
  readonly title: string;
  readonly body: readonly string[];
}

/** One card in a grid of short points. */
export interface Point {
  readonly title: string;
  readonly text: string;
}

/** One question of the FAQ; it is also published as `FAQPage` structured data. */
export interface Question {
  readonly question: string;
  readonly answer: string;
}

/**
 * Colours of the page as CSS colours (`#rrggbb`). A unit test checks that text keeps a
 * contrast of at least 4.5:1 against its background, so a new palette cannot make the page
 * hard to read.
 */
export interface Theme {
  /** Buttons, links and headings accents. Must read as text on `surface` and `background`. */
  readonly brand: string;
  /** Hover and pressed state of buttons; the dark band behind the footer. */
  readonly brandDark: string;
  /** Soft tint behind highlighted sections and cards. */
  readonly tint: string;
  /** The page background. */
  readonly background: string;
  /** Cards and forms. */
  readonly surface: string;
  /** Body text. */
  readonly text: string;
  /** Hints and secondary text. */
  readonly muted: string;
  /** Error messages and the error summary's border. */
  readonly error: string;
  /** The warning box that lists the reasons to see a doctor first. */
  readonly warningTint: string;
}

/** Everything the landing page says, in reading order. */
export interface LandingCopy {
  readonly title: string;
  readonly description: string;
  readonly hero: {
    readonly eyebrow: string;
    readonly headline: string;
    readonly lead: string;
    readonly primaryAction: string;
    /** `{phone}` is filled in. */
    readonly callAction: string;
    readonly reassurance: readonly string[];
  };
  /** Short facts shown under the hero, e.g. "Licensed acupuncturists". */
  readonly trust: readonly Point[];
  readonly problem: TextBlock;
  readonly howItHelps: {
    readonly title: string;
    readonly intro: readonly string[];
    readonly points: readonly Point[];
    readonly note: string;
  };
  readonly firstVisit: {
    readonly title: string;
    readonly intro: string;
    readonly steps: readonly Point[];
  };
  readonly suits: {
    readonly title: string;
    readonly points: readonly string[];
    readonly safety: string;
  };
  /** Signs that need emergency care (`flags`) or a doctor first (`doctorFlags`). */
  readonly redFlags: {
    readonly title: string;
    /** Says to call 911 or go to an emergency department. */
    readonly intro: string;
    readonly flags: readonly string[];
    readonly doctorIntro: string;
    readonly doctorFlags: readonly string[];
  };
  /** The call to action repeated at the end of sections. */
  readonly repeatAction: { readonly text: string; readonly action: string };
  readonly questionForm: { readonly title: string; readonly intro: string };
  readonly faq: { readonly title: string; readonly questions: readonly Question[] };
  readonly visit: {
    readonly title: string;
    readonly hoursTitle: string;
    readonly addressTitle: string;
    readonly contactTitle: string;
    readonly directions: string;
  };
  readonly disclaimer: string;
  /** The bar fixed to the bottom of small screens. */
  readonly actionBar: { readonly call: string; readonly callback: string };
}

/** The thank-you page: the end of a request sent without JavaScript. */
export interface ThankYouCopy {
  readonly title: string;
  readonly heading: string;
  readonly intro: string;
  readonly callback: string;
  readonly contact: string;
  readonly urgent: string;
  readonly back: string;
}

/**
 * The privacy notice. `{clinic}`, `{email}`, `{phone}`, `{retention}` and `{cookieDays}` (how
 * long the variant cookie of web/content/campaigns.ts is kept) are filled in.
 */
export interface PrivacyCopy {
  readonly title: string;
  readonly description: string;
  readonly heading: string;
  readonly intro: string;
  readonly sections: readonly TextBlock[];
}

export interface NotFoundCopy {
  readonly title: string;
  readonly heading: string;
  readonly body: string;
  readonly back: string;
}
