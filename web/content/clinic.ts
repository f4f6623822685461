/**
 * The clinic's own profile: its practitioners, rooms, reviews and prices. The one file a clinic
 * edits to make the page its own (name, phone, address and hours are in cdk.json).
 *
 * Everything the demo ships with is made up and marked `sample: true`: the people and their
 * drawn portraits, the rooms, the reviews and the prices. Replace each with the real thing and
 * delete its `sample` line; `cdk deploy -c stage=prod` refuses to publish while any is left.
 * Pictures go in web/content/images/ (see README, "Making the page the clinic's own").
 */
import type { ClinicProfile } from './clinic-types';

const ILLUSTRATION = 'Illustration: a drawn stand-in until the clinic adds its own photo.';

export const CLINIC: ClinicProfile = {
  team: {
    title: 'Who will treat you',
    intro:
      'You see the same practitioner from your first visit on, so you never have to tell your story twice.',
    practitioners: [
      {
        name: 'Dr. Lena Park',
        credentials: 'DACM, L.Ac., Dipl. Ac. (NCCAOM)',
        role: 'Licensed acupuncturist and clinic founder',
        bio: 'Lena has treated back and neck pain for over twelve years. She trained in Chicago and Taipei and likes to explain each step before she starts. Outside the clinic she walks her dog along the river, slowly.',
        languages: ['English', 'Korean'],
        photo: {
          source: 'practitioner-park.svg',
          alt: 'Drawn portrait of Dr. Lena Park, smiling, with shoulder-length dark hair and a sage green top',
          aspect: [4, 5],
          caption: ILLUSTRATION,
          sample: true,
        },
        sample: true,
      },
      {
        name: 'Marcus Reyes',
        credentials: 'L.Ac., Dipl. Ac. (NCCAOM)',
        role: 'Licensed acupuncturist',
        bio: 'Marcus came to acupuncture after years of his own lower back pain from warehouse work. He sees many people with sciatica and with pain that makes sleep hard, and he keeps the room quiet and warm.',
        languages: ['English', 'Spanish'],
        photo: {
          source: 'practitioner-reyes.svg',
          alt: 'Drawn portrait of Marcus Reyes, with short dark hair and a beard, in a navy top',
          aspect: [4, 5],
          caption: ILLUSTRATION,
          sample: true,
        },
        sample: true,
      },
    ],
  },
  place: {
    intro:
      'A small, quiet clinic on the ground floor: two private treatment rooms with heated tables, and a waiting room with a chair that is easy to get out of.',
    photos: [
      {
        source: 'clinic-front.svg',
        alt: 'Drawing of the clinic entrance: a green door with a step-free ramp, a bench and a small tree beside it',
        aspect: [3, 2],
        caption: ILLUSTRATION,
        sample: true,
      },
      {
        source: 'treatment-room.svg',
        alt: 'Drawing of a treatment room: a padded table with a pillow and blanket, soft lamp light and a plant',
        aspect: [3, 2],
        caption: ILLUSTRATION,
        sample: true,
      },
    ],
    directions:
      'We are on Willow Lane between the library and the bakery. Suite 3 is the green door at street level.',
    parking:
      'Free parking in the lot behind the building, with two accessible spaces by the back entrance. Street parking is free after 6pm.',
    access:
      'Step-free from the lot and the street, a wide door and an accessible restroom. Treatment tables lower to chair height; tell us if you would like a hand.',
    transit: 'Bus 4 stops at Willow and 2nd, a two-minute walk away.',
  },
  reviews: {
    title: 'What patients say',
    summary: {
      average: 4.9,
      count: 87,
      source: 'Google',
      asOf: '2026-11-01',
      sample: true,
    },
    items: [
      {
        quote:
          'After months of sitting crooked at my desk I could finally sleep through the night again. Lena explained everything and never rushed me.',
        author: 'Maria G.',
        source: 'Google',
        date: '2026-09-14',
        rating: 5,
        sample: true,
      },
      {
        quote:
          'I was nervous about needles. Marcus talked me through it and I barely felt them. My sciatica is calmer and I walk further than I did in the spring.',
        author: 'Tom B.',
        source: 'Google',
        date: '2026-08-02',
        rating: 5,
        sample: true,
      },
      {
        quote:
          'A calm, clean clinic with easy parking. It took a few sessions before I noticed a difference, and they were upfront that it might.',
        author: 'Denise W.',
        source: 'Yelp',
        date: '2026-06-21',
        rating: 4,
        sample: true,
      },
    ],
    resultsVary:
      'Individual results vary. These are the words of real patients, with their permission; they describe their own experience and are not a promise of yours.',
  },
  pricing: {
    title: 'What it costs',
    intro: 'Prices are per visit, paid at the end. No packages to buy up front.',
    visits: [
      {
        name: 'First visit',
        duration: '75 to 90 minutes',
        amount: 120,
        detail: 'Consultation, a full look at your back and your first treatment.',
      },
      {
        name: 'Follow-up visit',
        duration: '45 to 60 minutes',
        amount: 85,
        detail: 'Treatment, and a check on how you are doing.',
      },
    ],
    insurance:
      'We are in network with Blue Cross Blue Shield of Illinois and Aetna, and we check your cover before your first visit. Some plans cover acupuncture for back pain and some do not.',
    hsaFsa: 'HSA and FSA cards are welcome.',
    superbills:
      'For other plans we give you a superbill (an itemised receipt) to send to your insurer for out-of-network reimbursement.',
    cancellation:
      'Please give us 24 hours’ notice to cancel or move a visit. Later than that, or if you do not come, we charge $40, once; we waive it when you are unwell or something urgent came up.',
    sample: true,
  },
  callback: {
    within: 'within one working day',
    windowNames: {
      morning: 'Morning',
      afternoon: 'Afternoon',
      evening: 'Early evening',
      anytime: 'Any time we are open',
    },
    timesHint: 'Times are {zone}, while we are open.',
  },
  questions: {
    whoTreats: 'Who will treat me?',
    howSoon: {
      question: 'How soon will I notice a change?',
      answer:
        'It differs from person to person, and some people notice little. Many patients say they feel some ease within the first few visits; long-standing pain usually needs a regular course before it changes. We agree a plan with you, check how you are doing at each visit, and tell you honestly if acupuncture does not seem to be helping.',
    },
    cost: 'How much does it cost?',
    insurance: 'Do you take insurance, HSA or FSA?',
    cancellation: 'What if I need to cancel?',
    parking: 'Where do I park, and is the clinic accessible?',
  },
};
