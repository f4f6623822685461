/**
 * The page's words and colours: the one file a marketer edits.
 *
 * Clinic facts (name, phone, address, hours, email, site address, campaign id) are not here:
 * they come from the one configuration in cdk.json, so the page, the emails and the structured
 * data always agree. Preview an edit with `npm start` (the page reloads on save); publish it
 * with `npm run deploy`.
 *
 * House rules for health copy: say "may help" and "many patients report", never "cure" or
 * "guaranteed", and quote no figure the page cannot link to. Every build refuses the worst
 * words (web/build/copy-rules.ts), but it cannot judge tone: read the page aloud before publishing.
 */
import type { LandingCopy, NotFoundCopy, PrivacyCopy, Theme, ThankYouCopy } from './types';

/** Calm sage and warm sand; every text colour passes WCAG AA on its background. */
export const THEME: Theme = {
  brand: '#2b6a5e',
  brandDark: '#1c4a42',
  tint: '#eef4f1',
  background: '#fbfaf7',
  surface: '#ffffff',
  text: '#1e2b29',
  muted: '#4d5c59',
  error: '#b3261e',
  warningTint: '#fdf3e4',
};

export const LANDING: LandingCopy = {
  title: 'Acupuncture for chronic back pain',
  description:
    'Gentle, drug-free acupuncture for long-lasting back pain and sciatica. Ask for a free callback and talk it through with a licensed acupuncturist.',
  hero: {
    eyebrow: 'Acupuncture for chronic back pain',
    headline: 'Gentle, drug-free care for back pain that will not let go',
    lead: 'When your back has ached for months, even small things get hard. Acupuncture may help ease the pain and the stiffness. Leave your number and a licensed acupuncturist will call you for a short, no-pressure chat.',
    primaryAction: 'Request a callback',
    callAction: 'Call {phone}',
    reassurance: [
      'A free phone chat, with no obligation',
      'We call you back {within}',
      'Your details stay with our clinic',
    ],
  },
  trust: [
    {
      title: 'Licensed acupuncturists',
      text: 'State-licensed practitioners with years of training.',
    },
    { title: 'Sterile, single-use needles', text: 'Each needle is used once and then discarded.' },
    { title: 'Time to listen', text: 'Unhurried visits of 30 to 60 minutes.' },
    {
      title: 'Alongside your doctor',
      text: 'Acupuncture can sit next to the care you already have.',
    },
  ],
  problem: {
    title: 'When back pain becomes part of every day',
    body: [
      'Back pain is one of the most common reasons people look for help. A strain, an old injury, long hours at a desk or simply getting older can all play a part. When it lingers, it reaches into everything: work, sleep, mood and the things you used to enjoy.',
      'Painkillers, physical therapy and, for some, surgery are the usual routes. Many of the people we see have tried some of these already and want a drug-free, non-invasive option to add to their care.',
    ],
  },
  howItHelps: {
    title: 'How acupuncture may help your back',
    intro: [
      'Acupuncture comes from traditional Chinese medicine. Very fine, sterile needles are placed at chosen points on the body. The traditional explanation speaks of restoring the flow of energy, called qi, along pathways called meridians. The modern explanation is that the needles stimulate nerves, connective tissue and blood flow.',
    ],
    points: [
      {
        title: 'Natural pain relief',
        text: 'It may prompt your body to release endorphins, its own painkillers.',
      },
      {
        title: 'Better circulation',
        text: 'More blood flow may help tight or injured tissue recover.',
      },
      {
        title: 'Less inflammation',
        text: 'It may help calm inflammation around the sore area.',
      },
      {
        title: 'Looser muscles',
        text: 'Needling may relax tight muscles and ease knots and trigger points.',
      },
      {
        title: 'Easier movement',
        text: 'Many patients report more flexibility and an easier range of motion.',
      },
      {
        title: 'A calmer nervous system',
        text: 'It may quiet pain signals, and many people say they feel less stressed and sleep better.',
      },
    ],
    note: 'We often help people with lower back pain, sciatica and muscle spasms. Everyone responds differently, and we will be honest with you about what to expect.',
  },
  firstVisit: {
    title: 'What your first visit is like',
    intro: 'No surprises: here is what happens, step by step.',
    steps: [
      {
        title: 'We listen first',
        text: 'We talk about your health history, your daily routine and the pain itself: where it is, when it is worse and what eases it.',
      },
      {
        title: 'We explain the plan',
        text: 'Your acupuncturist chooses the points that suit you and tells you why, before anything begins.',
      },
      {
        title: 'You rest during treatment',
        text: 'The needles go in and you lie back. Most people feel very little: perhaps a mild tingling, warmth or heaviness. A session takes about 30 to 60 minutes.',
      },
      {
        title: 'You keep it going',
        text: 'Afterwards, drink some water and take it easy. Long-standing pain usually needs a regular course of sessions; how many depends on how severe it is and how your body responds.',
      },
    ],
  },
  suits: {
    title: 'Could acupuncture suit you?',
    points: [
      'Your back has hurt for weeks or months: low in the back, down one leg (sciatica) or with muscle spasms.',
      'You would like a drug-free, non-invasive option, or to lean less on painkillers.',
      'Other treatments have not helped as much as you hoped.',
      'You want care that works alongside your doctor or physical therapist.',
    ],
    safety:
      'Side effects are few and usually mild when a trained practitioner treats you: some soreness or a small bruise where a needle was. When we talk, tell us about your health and any medicines you take, so we can plan safely.',
  },
  redFlags: {
    title: 'When you need urgent care, not us',
    intro:
      'Acupuncture is not emergency care. Call 911 or go to the nearest emergency department now if your back pain comes with any of these:',
    flags: [
      'loss of bladder or bowel control, or trouble passing urine',
      'numbness in the groin or around the buttocks',
      'new weakness in one or both legs',
      'a fever, or feeling very unwell',
      'pain that started after a fall, an accident or another injury',
    ],
    doctorIntro: 'See a doctor before you book with us if you also have:',
    doctorFlags: [
      'a history of cancer',
      'weight loss you cannot explain',
      'pain at night or at rest that does not ease',
      'pain that is severe, sudden or getting worse',
    ],
  },
  repeatAction: {
    text: 'Questions about your own back? We are happy to talk them through.',
    action: 'Request a callback',
  },
  questionForm: {
    title: 'Prefer to write?',
    intro: 'Send us a question and we will reply by email, usually within one working day.',
  },
  faq: {
    title: 'Questions people often ask',
    questions: [
      {
        question: 'Does acupuncture hurt?',
        answer:
          'The needles are much finer than the ones used for injections. Most people feel a brief prick or nothing at all, then a mild tingling, warmth or heaviness. Many find the session relaxing. If anything feels uncomfortable, tell us and we adjust.',
      },
      {
        question: 'How many sessions will I need?',
        answer:
          'It depends on how long you have had the pain, how severe it is and how your body responds. Long-standing pain usually needs a regular course rather than a single visit. We suggest a plan at your first visit and review it with you as you go.',
      },
      {
        question: 'Is it safe? Are there side effects?',
        answer:
          'In the hands of a trained, licensed practitioner, side effects are uncommon and mild: some soreness or a small bruise where a needle was. Every needle is sterile, used once and thrown away.',
      },
      {
        question: 'Can I keep seeing my doctor or physical therapist?',
        answer:
          'Yes. Acupuncture can be combined with other care, and some patients find they use fewer painkillers. Please keep taking any medicine as prescribed and talk to your doctor before changing it.',
      },
      {
        question: 'How long is a session, and what should I wear?',
        answer:
          'Plan for 30 to 60 minutes. Wear loose, comfortable clothes so we can reach your back and legs easily. Eat something light beforehand.',
      },
      {
        question: 'What happens after I ask for a callback?',
        answer:
          'Someone from our front desk calls you {within}, in the window you chose. They answer your questions, check your insurance if you like and, if you wish, book a first visit. There is no obligation.',
      },
    ],
  },
  visit: {
    title: 'Visit the clinic',
    hoursTitle: 'Opening hours',
    addressTitle: 'Address',
    contactTitle: 'Phone and email',
    directions: 'Get directions',
  },
  disclaimer:
    'This page is general information, not medical advice, and it does not replace a visit to your doctor. Results vary from person to person. See a doctor about pain that is severe, sudden or getting worse.',
  actionBar: { call: 'Call us', callback: 'Request a callback' },
};

export const THANK_YOU: ThankYouCopy = {
  title: 'Thank you',
  heading: 'Thank you, we have your request',
  intro: 'Your request has reached our clinic and is waiting for our front desk.',
  callback: 'If you asked for a callback, we will call you {within}, in the window you chose.',
  contact: 'If you sent a question, we will reply by email, usually within one working day.',
  urgent:
    'If your pain becomes severe or sudden, or comes with numbness in the groin, new leg weakness or loss of bladder or bowel control, call 911 or go to an emergency department.',
  back: 'Back to the home page',
};

export const PRIVACY: PrivacyCopy = {
  title: 'Privacy notice',
  description:
    'What {clinic} collects when you ask for a callback, why, and how to have it deleted.',
  heading: 'How we look after your details',
  intro:
    'This notice explains what {clinic} collects when you use this website, why, who sees it and how long we keep it. We keep it short because we collect little.',
  sections: [
    {
      title: 'What we collect',
      body: [
        'When you ask for a callback: your name, your phone number, the time you would like us to call, and any note you add. When you send a question: your name, your email address and your question.',
        'We also keep a record of your consent to be called (the wording you agreed to and when), the address of the page you arrived on, and the campaign or advert that brought you, if any. This site uses no third-party tracking. While you browse, your browser remembers the campaign details in session storage, which is cleared when you close the tab.',
      ],
    },
    {
      title: 'The one cookie',
      body: [
        'Some of our advert pages come in two versions, to learn which one explains things better. The first time you open such a page, our site sets one cookie that holds only the name of the version you were shown (for example "b"), so you see the same version when you come back. It holds nothing about you, is never shared and is read only by our site. It is deleted after {cookieDays} days, or when you clear your cookies. Every other page sets no cookie.',
      ],
    },
    {
      title: 'Why we collect it',
      body: [
        'Only to answer your request: to call you back or reply to your question, and to understand which of our adverts people find useful. We never sell your details or use them for anything else.',
        'Please do not send medical details through the forms. We talk about your health in person, where it belongs.',
      ],
    },
    {
      title: 'Who sees it',
      body: [
        'Our front desk team, who call you back. Your details are stored and emailed to us by our cloud provider on our behalf, encrypted in transit and at rest.',
      ],
    },
    {
      title: 'How long we keep it',
      body: [
        'Requests are deleted automatically after {retention}. If you become a patient, your care records are kept separately under the rules for health records.',
      ],
    },
    {
      title: 'Your choices',
      body: [
        'You can ask us at any time to stop calling or texting you, to see what we hold about you, or to delete it. Email {email} or call {phone} and we will confirm once it is done.',
      ],
    },
  ],
};

export const NOT_FOUND: NotFoundCopy = {
  title: 'Page not found',
  heading: 'We cannot find that page',
  body: 'The link may be old, or the address may have a typo.',
  back: 'Go to the home page',
};
