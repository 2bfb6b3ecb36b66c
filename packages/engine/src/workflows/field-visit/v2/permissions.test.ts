import { describe, expect, it } from 'vitest';
import { InstanceDriver } from '../../../testing/harness.ts';
import { directory, morning, q2Opens, q2Plan } from '../fixtures.ts';
import { fieldVisitV2 } from './index.ts';

const order = { orderNumber: '15-QĐ/TĐTN', issuedOn: '2026-04-08' };
const approved = (policy?: Record<string, unknown>) => {
  const d = new InstanceDriver(fieldVisitV2, { now: q2Opens, directory }).start(
    'p-tuan',
    { cadreId: 'p-quy', unitId: 'dn', year: 2026 },
    policy,
  );
  d.send('p-quy', 'SUBMIT_PLAN', q2Plan).send('p-tuan', 'APPROVE_PLAN');
  d.clock.set(morning('2026-04-08'));
  return d;
};

describe('field visit v2 permissions: the travel order signed by title (matrix)', () => {
  const allowTm = { signing: { deputyMaySignForCommittee: true } };
  // signer (office at the city union), policy, form asked → what is recorded, or the refusal.
  const matrix: [string, object | undefined, 'TM' | 'KT' | undefined, string][] = [
    ['p-ha', undefined, undefined, 'TM. BAN THƯỜNG VỤ / BÍ THƯ'],
    ['p-ha', undefined, 'KT', 'acting_form'],
    ['p-phuc', undefined, undefined, 'KT. BÍ THƯ / PHÓ BÍ THƯ'],
    ['p-phuc', undefined, 'TM', 'acting_form'],
    ['p-phuc', allowTm, 'TM', 'TM. BAN THƯỜNG VỤ / PHÓ BÍ THƯ'],
    // A standing-committee member and head of department holds no secretary's office.
    ['p-tuan', allowTm, undefined, 'role'],
    // The right role at the wrong unit (the central union).
    ['p-dat', allowTm, undefined, 'unit'],
  ];
  it.each(matrix)('%s (quy định %j) ký %s → %s', (signer, policy, acting, outcome) => {
    const d = approved(policy as Record<string, unknown>);
    const options = acting ? { acting } : {};
    const result = outcome.includes('/')
      ? (() => {
          d.send(signer, 'ISSUE_TRAVEL_ORDER', order, options);
          const { signature } = d.context['quarters']['2'].travelOrder;
          return `${signature.heading} / ${signature.title}`;
        })()
      : d.refuse(signer, 'ISSUE_TRAVEL_ORDER', order, options).reason;
    expect(result).toBe(outcome);
  });

  it('the unplanned trip: the cadre registers, the head decides, nobody else', () => {
    const d = approved();
    d.clock.set(morning('2026-04-09'));
    const trip = {
      hostUnitId: 'tradoc',
      from: '2026-04-06',
      to: '2026-04-07',
      content: 'memberSituation',
      purpose: 'Nắm tình hình',
      results: 'Kết quả',
    };
    expect(d.refuse('p-tuan', 'REGISTER_UNPLANNED_TRIP', trip).reason).toBe('role');
    d.send('p-quy', 'REGISTER_UNPLANNED_TRIP', trip);
    expect(d.refuse('p-ha', 'APPROVE_UNPLANNED_TRIP', { tripId: 'U-1', quality: 'good' }).reason).toBe(
      'role',
    );
    expect(d.refuse('p-dat', 'APPROVE_UNPLANNED_TRIP', { tripId: 'U-1', quality: 'good' }).reason).toBe(
      'unit',
    );
    expect(d.allowed('p-loc')).toContain('APPROVE_UNPLANNED_TRIP');
    // Trips exist once the travel order is signed: no choosing before.
    expect(d.refuse('p-quy', 'CHOOSE_NEXT_TRIP', { tripId: 'Q2-2' }).reason).toBe('state');
    d.send('p-ha', 'ISSUE_TRAVEL_ORDER', order);
    expect(d.refuse('p-hieu', 'CHOOSE_NEXT_TRIP', { tripId: 'Q2-2' }).reason).toBe('role');
    expect(d.allowed('p-quy')).toContain('CHOOSE_NEXT_TRIP');
  });
});
