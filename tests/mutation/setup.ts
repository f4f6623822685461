/**
 * Stryker reruns the covering tests once per mutant: fewer cases per property keep the run
 * short, and still catch a mutant that breaks a rule for most inputs. `npm test` keeps the
 * full 100 (or more) cases per property.
 */
import fc from 'fast-check';

fc.configureGlobal({ numRuns: 20 });
