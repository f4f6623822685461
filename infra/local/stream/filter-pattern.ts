/**
 * Event filtering for the local event source mapping: the subset of AWS event filtering syntax
 * the functions use.
 */

/** A filter pattern uses syntax the poller does not implement. */
export class FilterPatternError extends Error {
  override readonly name = 'FilterPatternError';
}

type Pattern = Readonly<Record<string, unknown>>;

/** Whether `value` is a JSON object (not null, not a list); the batch response reader uses it too. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const OPERATORS = ['exists', 'prefix', 'anything-but'];

/**
 * Throws a {@link FilterPatternError} unless every leaf of `pattern` is a list of exact values
 * or of `{ exists }`, `{ prefix }` or `{ "anything-but" }` rules. Refusing what it cannot
 * match keeps the poller from silently delivering what AWS would drop, or the reverse.
 */
export function checkFilterPattern(pattern: Pattern, path = ''): void {
  for (const [key, rule] of Object.entries(pattern)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (Array.isArray(rule)) {
      for (const value of rule) {
        if (isPlainObject(value)) {
          const [operator, ...more] = Object.keys(value);
          if (operator === undefined || more.length > 0 || !OPERATORS.includes(operator)) {
            throw new FilterPatternError(
              `Filter rule at ${at} is not supported locally (supported: exact values, ${OPERATORS.join(', ')})`,
            );
          }
        } else if (Array.isArray(value)) {
          throw new FilterPatternError(`Filter rule at ${at} nests a list in a list`);
        }
      }
    } else if (isPlainObject(rule)) {
      checkFilterPattern(rule, at);
    } else {
      throw new FilterPatternError(`Filter rule at ${at} must be a list or an object`);
    }
  }
}

function matchesValue(rule: unknown, present: boolean, actual: unknown): boolean {
  if (isPlainObject(rule)) {
    if ('exists' in rule) return rule.exists === present;
    if (!present) return false;
    if ('prefix' in rule)
      return typeof actual === 'string' && actual.startsWith(String(rule.prefix));
    if ('anything-but' in rule) {
      const excluded = Array.isArray(rule['anything-but'])
        ? rule['anything-but']
        : [rule['anything-but']];
      return !excluded.includes(actual);
    }
    return false;
  }
  if (!present) return false;
  // A list in the event matches when any of its elements does.
  if (Array.isArray(actual)) return actual.some((element) => matchesValue(rule, true, element));
  return actual === rule;
}

/** Whether `value` (a stream record as the function would receive it) matches `pattern`. */
export function matchesFilterPattern(pattern: Pattern, value: unknown): boolean {
  const object = isPlainObject(value) ? value : {};
  return Object.entries(pattern).every(([key, rule]) => {
    const present = Object.prototype.hasOwnProperty.call(object, key);
    const actual = object[key];
    if (Array.isArray(rule)) return rule.some((r) => matchesValue(r, present, actual));
    return present && matchesFilterPattern(rule as Pattern, actual);
  });
}
