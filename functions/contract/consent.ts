/**
 * The disclosure a patient agrees to when asking for a callback. The page shows the text next
 * to the button; the API stores the version with the lead as consent evidence. Change the text
 * and you must change the version, so every stored consent points at the words the patient saw.
 */
export const CONSENT_DISCLOSURE = {
  version: '2026-11-01',
  text: (clinicName: string): string =>
    `I agree that ${clinicName} may call or text me at this number about this request. ` +
    'Consent is not a condition of treatment, and I can ask you to stop at any time.',
} as const;
