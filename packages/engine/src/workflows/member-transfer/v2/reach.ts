import { InstanceDriver } from '../../../testing/harness.ts';
import { memberTransferV2 } from './index.ts';

export const now = '2026-03-02T02:00:00.000Z';
export const confirm = { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' };
export const referral = { issuedOn: '2026-03-02' };

/** Drives a v2 transfer of `memberId` (filed by the branch secretary) to the named state. */
export function reachV2(
  state: string,
  options: { memberId?: string; kind?: string; policy?: Record<string, unknown> } = {},
): InstanceDriver {
  const { memberId = 'p-an', kind = 'temporary', policy } = options;
  const d = new InstanceDriver(memberTransferV2, { now });
  d.start(
    'p-binh',
    {
      memberId,
      kind,
      sourceBranchId: 'cd-thon2',
      destinationBaseId: 'hoachau',
      reason: 'Chuyển nơi ở',
      ...(kind === 'temporary' ? { until: '2026-09-30' } : {}),
      ...(kind === 'residence' ? { residenceSince: '2025-01-10' } : {}),
    },
    policy,
  );
  if (state === 'referralExpired') return reachV2('inTransit', options).fire('referralValidity');
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
    [
      'branchAssignment',
      () =>
        memberId === 'p-nga'
          ? d.fire('destinationResponse').send('p-ha', 'ACCEPT')
          : d.send('p-nga', 'ACCEPT'),
    ],
    ['awaitingAcknowledgement', () => d.send('p-nga', 'ASSIGN_BRANCH', { branchId: 'cd-kdc-tayan' })],
    ['participating', () => d.send('p-vy', 'ACKNOWLEDGE')],
    ['stayEnding', () => d.fire('stayEnds')],
    ['commentAtHome', () => d.send('p-vy', 'RETURN_HOME', { comment: 'Tốt' })],
  ];
  for (const [name, act] of steps) {
    act();
    if (name === state) return d;
  }
  throw new Error(`cannot reach ${state}`);
}
