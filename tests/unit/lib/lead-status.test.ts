import { describe, expect, it } from 'vitest';
import {
  availableActions,
  planChange,
  type LeadStatus,
  type StatusAction,
} from '../../../functions/lib/lead-status';

const at = '2026-03-03T15:20:00.000Z';
const changeId = '00000000-0000-4000-8000-000000000001';

describe('Lead status rules', () => {
  // Every pair of current status and action, with whether it is allowed.
  it.each<[LeadStatus, StatusAction, boolean]>([
    ['new', 'attempted', true],
    ['new', 'contacted', true],
    ['new', 'booked', true],
    ['new', 'closed', true],
    ['attempted', 'attempted', true],
    ['attempted', 'contacted', true],
    ['attempted', 'booked', true],
    ['attempted', 'closed', true],
    ['contacted', 'attempted', false],
    ['contacted', 'contacted', false],
    ['contacted', 'booked', true],
    ['contacted', 'closed', true],
    ['booked', 'attempted', false],
    ['booked', 'contacted', false],
    ['booked', 'booked', false],
    ['booked', 'closed', false],
    ['closed', 'attempted', false],
    ['closed', 'contacted', false],
    ['closed', 'booked', false],
    ['closed', 'closed', false],
  ])('from %s, %s is allowed: %s', (status, action, allowed) => {
    const plan = planChange({ status }, action, { at, changeId, reason: 'spam' });
    expect(plan.allowed).toBe(allowed);
    if (plan.allowed) {
      expect(plan.change).toEqual({
        at,
        from: status,
        to: action,
        via: 'email-link',
        changeId,
        ...(action === 'closed' && { reason: 'spam' }),
      });
    } else {
      expect(plan.reason.length).toBeGreaterThan(20);
    }
  });

  it('needs a reason to close a lead', () => {
    const plan = planChange({ status: 'new' }, 'closed', { at, changeId });
    expect(plan).toEqual({ allowed: false, reason: 'Choose why the lead is closed.' });
  });

  it('explains a backward move by naming the current status', () => {
    const plan = planChange({ status: 'contacted' }, 'attempted', { at, changeId });
    expect(plan.allowed).toBe(false);
    expect(!plan.allowed && plan.reason).toContain('“Reached”');
  });

  it.each<[LeadStatus, StatusAction[]]>([
    ['new', ['attempted', 'contacted', 'booked', 'closed']],
    ['attempted', ['attempted', 'contacted', 'booked', 'closed']],
    ['contacted', ['booked', 'closed']],
    ['booked', []],
    ['closed', []],
  ])('offers on a %s lead: %j', (status, actions) => {
    expect(availableActions(status)).toEqual(actions);
  });
});
