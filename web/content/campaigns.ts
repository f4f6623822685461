/**
 * The site's campaigns: the main page and one page per advert campaign, each made from the main
 * page (web/content/site.ts) with a few changes, and optional A/B variants split at CloudFront.
 * Preview with `npm start` (add `?preview=<variant>` to see each variant); publish with
 * `npm run deploy`. See the README, "Run a campaign".
 *
 * The two advert campaigns below are fictional demonstrations of the mechanism, named "demo-…":
 * replace them with your own (or delete them) before going live.
 *
 * House rules for health copy apply here too: "may help", "many patients report"; never "cure" or
 * "guaranteed", no figures. The build refuses the worst words, naming the setting.
 */
import type { CampaignsSettings } from './campaign-types';

export const CAMPAIGNS: CampaignsSettings = {
  variantCookieDays: 30,
  campaigns: [
    {
      // The main page, as written in site.ts. Leads from it carry this campaign id.
      id: 'back-pain-2026',
      path: '/',
    },
    {
      id: 'demo-sciatica',
      path: '/sciatica/',
      // A page people search for, so listed (with its own canonical URL).
      index: true,
      attribution: { utm_source: 'demo-search', utm_medium: 'cpc' },
      changes: {
        title: 'Acupuncture for sciatica',
        description:
          'Gentle, drug-free acupuncture for sciatica and leg pain. Ask for a free callback and talk it through with a licensed acupuncturist.',
        hero: {
          eyebrow: 'Acupuncture for sciatica',
          headline: 'Gentle care for sciatica that runs down your leg',
          lead: 'When pain travels from your back down one leg, sitting, walking and sleeping all get harder. Acupuncture may help ease it. Leave your number and a licensed acupuncturist will call you for a short, no-pressure chat.',
        },
        sections: ['problem', 'howItHelps', 'faq', 'firstVisit', 'suits', 'visit'],
      },
      variants: [
        { id: 'a', weight: 50 },
        {
          id: 'b',
          weight: 50,
          changes: {
            hero: {
              headline: 'Sciatica keeping you up at night? Talk to us first',
              primaryAction: 'Book a free phone chat',
              reassurance: [
                'A free 10-minute phone chat',
                'We usually call back within one working day',
                'No obligation to book',
              ],
            },
            repeatAction: { action: 'Book a free phone chat' },
          },
        },
      ],
    },
    {
      id: 'demo-desk-back',
      path: '/desk-back-pain/',
      // Listed too: people search for a back made stiff by desk work. A page written only for
      // an advert would say `index: false` (noindex, the main page as canonical), the default
      // for campaigns; Lighthouse then scores its SEO 69 by definition (README, "Run a campaign").
      index: true,
      attribution: { utm_source: 'demo-social', utm_medium: 'paid-social' },
      changes: {
        title: 'Acupuncture for a stiff back from desk work',
        description:
          'Long days at a desk leave your back stiff and sore? Gentle acupuncture may help. Ask for a free callback.',
        hero: {
          eyebrow: 'For people who sit all day',
          headline: 'A stiff, aching back from long days at a desk',
          lead: 'Hours in a chair can leave your lower back and shoulders tight by mid-afternoon. Acupuncture may help loosen tight muscles and ease the ache. Leave your number and we will call you for a short chat.',
          primaryAction: 'Ask for a callback',
        },
        faq: [
          {
            question: 'Can I come in before or after work?',
            answer:
              'Yes: our opening hours are listed below, and when we call we find a time that fits around your working day.',
          },
          {
            question: 'Does acupuncture hurt?',
            answer:
              'The needles are much finer than the ones used for injections. Most people feel a brief prick or nothing at all, then a mild tingling, warmth or heaviness.',
          },
          {
            question: 'What happens after I ask for a callback?',
            answer:
              'Someone from our front desk calls you at the time you chose, usually within one working day, answers your questions and, if you wish, books a first visit.',
          },
        ],
        sections: ['howItHelps', 'problem', 'firstVisit', 'faq', 'suits', 'questionForm', 'visit'],
      },
    },
  ],
};
