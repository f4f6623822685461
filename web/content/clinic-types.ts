/**
 * The shape of the clinic's own profile (web/content/clinic.ts): who treats, where, what it
 * costs and what patients have said. The compiler checks every edit against these types; the
 * build checks the words (web/build/guardrails.ts) and a production deploy refuses anything
 * still marked `sample` (infra/config/sample-content.ts).
 */

/**
 * A picture drawn or photographed for the clinic. `source` is a file in web/content/images/
 * (SVG, PNG or JPEG); the build makes the sizes and formats the page serves.
 */
export interface ClinicImage {
  /** File name in web/content/images/, e.g. "dr-chen.svg" or "dr-chen.jpg". */
  readonly source: string;
  /**
   * What the picture shows, for people who cannot see it. Write what matters to a patient
   * ("The waiting room, with two armchairs and a window onto the street"), not "photo".
   */
  readonly alt: string;
  /** Width ÷ height of the picture as the page shows it (it is cropped to fit). */
  readonly aspect: readonly [width: number, height: number];
  /** Shown under a picture that is an illustration, not a photograph. */
  readonly caption?: string;
  /**
   * True for the demo's drawn stand-ins. A production deploy is refused while any is left.
   * A clinic that puts its own photo in leaves it out.
   */
  readonly sample?: boolean;
}

/** One practitioner of the clinic. */
export interface Practitioner {
  readonly name: string;
  /** As written after the name, e.g. "L.Ac., Dipl. Ac. (NCCAOM)". */
  readonly credentials: string;
  /** Short role line, e.g. "Licensed acupuncturist, clinic founder". */
  readonly role: string;
  /** Two or three sentences in the first or third person. */
  readonly bio: string;
  readonly languages: readonly string[];
  readonly photo: ClinicImage;
  readonly sample?: boolean;
}

/** A review a patient wrote somewhere the clinic can point to. Never invented. */
export interface Review {
  /** The patient's words, shortened only with "…", never reworded. */
  readonly quote: string;
  /** As the patient signed it, e.g. "Maria G." (first name and initial, with permission). */
  readonly author: string;
  /** Where it was published, e.g. "Google", "Yelp", "Healthgrades". */
  readonly source: string;
  /** Link to the review or the clinic's page on that site. */
  readonly sourceUrl?: string;
  /** Date it was written, "YYYY-MM-DD". */
  readonly date: string;
  /** Stars given, 1 to 5. */
  readonly rating: number;
  /** True for the demo's made-up examples. A production deploy is refused while any is left. */
  readonly sample?: boolean;
}

/** The overall rating on a review site, as that site shows it. */
export interface RatingSummary {
  /** e.g. 4.9 */
  readonly average: number;
  readonly count: number;
  readonly source: string;
  readonly sourceUrl?: string;
  /** When the figures were copied, "YYYY-MM-DD". */
  readonly asOf: string;
  readonly sample?: boolean;
}

/** One priced visit. */
export interface Price {
  readonly name: string;
  /** e.g. "75 to 90 minutes". */
  readonly duration: string;
  /** Whole US dollars. */
  readonly amount: number;
  /** True when the amount is where the price starts ("from $95"). */
  readonly from?: boolean;
  readonly detail?: string;
}

export interface Pricing {
  readonly title: string;
  readonly intro: string;
  readonly visits: readonly Price[];
  /** What the clinic does with insurance, in a sentence or two. */
  readonly insurance: string;
  /** HSA and FSA cards. */
  readonly hsaFsa: string;
  /** Superbills for out-of-network claims. */
  readonly superbills: string;
  readonly cancellation: string;
  readonly sample?: boolean;
}

/** The clinic's building, rooms and how to get there. */
export interface Place {
  readonly intro: string;
  readonly photos: readonly ClinicImage[];
  /** How to find the door: landmarks, the floor, the entrance. */
  readonly directions: string;
  readonly parking: string;
  /** Step-free access, lifts, restrooms, help on arrival. */
  readonly access: string;
  readonly transit?: string;
}

/** The promise of a callback the page makes. */
export interface CallbackPromise {
  /**
   * How soon the front desk calls, as a phrase that finishes "We call you back …", e.g.
   * "within one working day". The page says this in the hero, the form and the FAQ, so write
   * only what the front desk keeps every week.
   */
  readonly within: string;
  /** Names of the callback windows; their times come from the opening hours. */
  readonly windowNames: {
    readonly morning: string;
    readonly afternoon: string;
    readonly evening: string;
    readonly anytime: string;
  };
  /** Under "Best time to call"; `{zone}` is filled in, e.g. "Central Time". */
  readonly timesHint: string;
}

/** Questions the FAQ adds from this profile; each answer is built from the facts above it. */
export interface ProfileQuestions {
  /** Answered with the practitioners' names, credentials and languages. */
  readonly whoTreats: string;
  /** Written out in full here: keep it honest and qualified ("many people", "usually"). */
  readonly howSoon: { readonly question: string; readonly answer: string };
  /** Answered with the prices. */
  readonly cost: string;
  /** Answered with insurance, HSA/FSA and superbills. */
  readonly insurance: string;
  /** Answered with the cancellation policy. */
  readonly cancellation: string;
  /** Answered with parking and access. */
  readonly parking: string;
}

export interface ClinicProfile {
  readonly team: {
    readonly title: string;
    readonly intro: string;
    readonly practitioners: readonly Practitioner[];
  };
  readonly place: Place;
  readonly reviews: {
    readonly title: string;
    readonly summary?: RatingSummary;
    readonly items: readonly Review[];
    /** Stands beside the reviews, always. */
    readonly resultsVary: string;
  };
  readonly pricing: Pricing;
  readonly callback: CallbackPromise;
  readonly questions: ProfileQuestions;
}
