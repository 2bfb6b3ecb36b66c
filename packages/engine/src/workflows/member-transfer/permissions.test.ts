import { describe, expect, it } from 'vitest';
import { InstanceDriver } from '../../testing/harness.ts';
import { decisionEvents, personEvents, refusalCases, type RefusalRow } from '../../testing/matrix.ts';
import { memberTransfer } from './index.ts';

const now = '2026-03-02T02:00:00.000Z';
const confirm = { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' };
const referral = { referralNumber: '1/GGT', issuedOn: '2026-03-02' };

/** Drives a transfer of `memberId` (filed by the branch secretary) to the named state. */
function reach(state: string, memberId = 'p-an', kind = 'permanent'): InstanceDriver {
  const d = new InstanceDriver(memberTransfer, { now });
  d.start('p-binh', {
    memberId,
    kind,
    sourceBranchId: 'cd-thon2',
    destinationBaseId: 'hoachau',
    reason: 'Chuyển nơi ở',
    ...(kind === 'temporary' ? { until: '2026-09-30' } : {}),
  });
  const steps: [string, () => void][] = [
    ['requested', () => {}],
    ['sourceBranch', () => d.send('p-binh', 'SUBMIT')],
    [
      'sourceBase',
      () =>
        d.send(
          memberId === 'p-binh' ? 'p-an' : 'p-binh',
          'CONFIRM',
          confirm,
          memberId === 'p-binh' ? { acting: 'KT' } : {},
        ),
    ],
    ['inTransit', () => d.send(memberId === 'p-hieu' ? 'p-khanh' : 'p-hieu', 'ISSUE_REFERRAL', referral)],
    ['destinationBase', () => d.send('p-nga', 'PRESENT_REFERRAL')],
    // When the receiving base's only officer is the subject, the level above decides after escalation.
    [
      'branchAssignment',
      () =>
        memberId === 'p-nga'
          ? d.fire('destinationResponse').send('p-ha', 'ACCEPT')
          : d.send('p-nga', 'ACCEPT'),
    ],
    ['awaitingAcknowledgement', () => d.send('p-nga', 'ASSIGN_BRANCH', { branchId: 'cd-kdc-tayan' })],
    ['participating', () => d.send('p-vy', 'ACKNOWLEDGE')],
  ];
  if (state === 'referralExpired') return reach('inTransit', memberId, kind).fire('referralValidity');
  for (const [name, act] of steps) {
    act();
    if (name === state) return d;
  }
  throw new Error(`cannot reach ${state}`);
}

interface Row extends RefusalRow {
  kind?: string;
  /** A state where the event does not apply (default: requested, or sourceBase). */
  wrongState?: string;
}

const rows: Row[] = [
  { event: 'SUBMIT', state: 'requested', wrongRole: 'p-lan', wrongUnit: 'p-cuong' },
  { event: 'WITHDRAW', state: 'sourceBranch', wrongRole: 'p-binh', wrongState: 'inTransit' },
  {
    event: 'CONFIRM',
    state: 'sourceBranch',
    payload: confirm,
    wrongRole: 'p-lan',
    wrongUnit: 'p-cuong',
    conflicted: 'p-binh',
  },
  {
    event: 'REJECT',
    state: 'sourceBranch',
    payload: { reason: 'x' },
    wrongRole: 'p-lan',
    wrongUnit: 'p-vy',
    conflicted: 'p-binh',
  },
  {
    event: 'ISSUE_REFERRAL',
    state: 'sourceBase',
    payload: referral,
    wrongRole: 'p-binh',
    wrongUnit: 'p-nga',
    conflicted: 'p-hieu',
  },
  {
    event: 'RETURN_TO_BRANCH',
    state: 'sourceBase',
    payload: { reason: 'x' },
    wrongRole: 'p-binh',
    wrongUnit: 'p-nga',
    conflicted: 'p-hieu',
  },
  {
    event: 'REISSUE',
    state: 'referralExpired',
    payload: referral,
    wrongRole: 'p-binh',
    wrongUnit: 'p-nga',
    conflicted: 'p-hieu',
  },
  {
    event: 'CANCEL',
    state: 'referralExpired',
    payload: { reason: 'x' },
    wrongRole: 'p-binh',
    wrongUnit: 'p-nga',
  },
  { event: 'PRESENT_REFERRAL', state: 'inTransit', wrongRole: 'p-binh', wrongUnit: 'p-hieu' },
  {
    event: 'ACCEPT',
    state: 'destinationBase',
    wrongRole: 'p-binh',
    wrongUnit: 'p-hieu',
    conflicted: 'p-nga',
  },
  {
    event: 'RETURN_TO_SOURCE',
    state: 'destinationBase',
    payload: { reason: 'x' },
    wrongRole: 'p-vy',
    wrongUnit: 'p-minh',
    conflicted: 'p-nga',
  },
  {
    event: 'ASSIGN_BRANCH',
    state: 'branchAssignment',
    payload: { branchId: 'cd-kdc-tayan' },
    wrongRole: 'p-vy',
    wrongUnit: 'p-hieu',
    conflicted: 'p-nga',
  },
  { event: 'ACKNOWLEDGE', state: 'awaitingAcknowledgement', wrongRole: 'p-nga', wrongUnit: 'p-binh' },
  {
    event: 'YEAR_END_COMMENT',
    state: 'participating',
    payload: { comment: 'Tốt' },
    wrongRole: 'p-nga',
    wrongUnit: 'p-binh',
    kind: 'temporary',
  },
];

describe('member transfer permissions', () => {
  it('has a row for every event a person can send', () => {
    expect(rows.map((row) => row.event).sort()).toEqual(personEvents(memberTransfer));
  });

  it.each(refusalCases(rows))('$event in $state: $personId is refused ($reason)', (refused) => {
    const d = reach(refused.state, refused.subject ?? 'p-an', refused.row.kind);
    expect(d.refuse(refused.personId, refused.event, refused.row.payload)).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
      reason: refused.reason,
    });
    expect(d.allowed(refused.personId)).not.toContain(refused.event);
  });

  it.each(rows)('$event is refused in a state where it does not apply', (row) => {
    const d = reach(
      row.wrongState ?? (row.state === 'requested' ? 'sourceBase' : 'requested'),
      'p-an',
      row.kind,
    );
    expect(d.refuse('p-hieu', row.event, row.payload).reason).toBe('state');
  });

  it('marks every decision as subject to the conflict-of-interest rule', () => {
    const conflicted = rows.filter((row) => row.conflicted).map((row) => row.event);
    expect(conflicted.sort()).toEqual(decisionEvents(memberTransfer));
  });

  it('refuses a signing form the officer does not hold', () => {
    const d = reach('sourceBase');
    expect(d.refuse('p-hieu', 'ISSUE_REFERRAL', referral, { acting: 'KT' }).reason).toBe('acting_form');
    expect(d.refuse('p-khanh', 'ISSUE_REFERRAL', referral, { acting: 'self' })).toMatchObject({
      reason: 'acting_form',
    });
  });

  it('refuses timer events sent by a person', () => {
    const d = reach('inTransit');
    expect(d.refuse('p-hieu', 'REFERRAL_EXPIRED').reason).toBe('timer_only');
  });

  it('shows each officer exactly the buttons they may press', () => {
    const d = reach('sourceBase');
    expect(d.allowed('p-hieu')).toEqual(['ISSUE_REFERRAL', 'RETURN_TO_BRANCH']);
    expect(d.allowed('p-an')).toEqual(['WITHDRAW']);
    expect(d.allowed('p-binh')).toEqual([]);
    expect(d.allowed('p-nga')).toEqual([]);
  });
});
