/**
 * The CloudWatch metrics the functions emit (embedded metric format, through their logs) and the
 * CDK dashboard reads: one list of names, so the two cannot drift apart. Values are numbers about
 * leads, never about a person.
 */

/** The namespace of every metric of the product. */
export const METRICS_NAMESPACE = 'LeadCapture';

/**
 * How long leads wait, in opening minutes (`clinic.hours`), from the request to the first call
 * (whatever its outcome) and to the first time the patient is reached. Emitted by the lead-status
 * function (dimension `service = lead-status`) when a status change settles them; unit "Count"
 * because CloudWatch has no minutes.
 */
export const RESPONSE_TIME_METRICS = {
  firstAttempt: 'MinutesToFirstAttempt',
  firstContact: 'MinutesToFirstContact',
} as const;

/** The service dimension Powertools adds to the response-time metrics. */
export const RESPONSE_TIME_SERVICE = 'lead-status';
