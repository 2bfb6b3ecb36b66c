import { describe, expect, it } from 'vitest';
import { allowedEvents } from '../../../allowed-events.ts';
import { demoDirectoryData } from '../../../demo/directory.ts';
import { OrgDirectory } from '../../../directory.ts';
import { person } from '../../../permissions.ts';
import { personEvents, refusalCases, type RefusalRow } from '../../../testing/matrix.ts';
import { memberTransferV2 } from './index.ts';
import { confirm, reachV2, referral } from './reach.ts';

const reason = { reason: 'x' };
const rows: RefusalRow[] = [
  { event: 'SUBMIT', state: 'requested', wrongRole: 'p-lan', wrongUnit: 'p-cuong' },
  { event: 'WITHDRAW', state: 'sourceBranch', wrongRole: 'p-binh' },
  {
    event: 'CONFIRM',
    state: 'sourceBranch',
    payload: confirm,
    wrongRole: 'p-lan',
    wrongUnit: 'p-cuong',
    conflicted: 'p-binh',
  },
  // The base refuses, not the branch: the branch secretary holds no role for it.
  {
    event: 'REJECT',
    state: 'sourceBase',
    payload: reason,
    wrongRole: 'p-binh',
    wrongUnit: 'p-nga',
    conflicted: 'p-hieu',
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
    payload: reason,
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
  { event: 'CANCEL', state: 'referralExpired', payload: reason, wrongRole: 'p-binh', wrongUnit: 'p-nga' },
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
    payload: reason,
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
  },
  {
    event: 'EXTEND_STAY',
    state: 'stayEnding',
    payload: { until: '2026-12-31', reason: 'x' },
    wrongRole: 'p-vy',
    wrongUnit: 'p-hieu',
  },
  {
    event: 'RETURN_HOME',
    state: 'stayEnding',
    payload: { comment: 'Tốt' },
    wrongRole: 'p-nga',
    wrongUnit: 'p-binh',
  },
  // The home branch records the comment; the host branch may not.
  { event: 'RECORD_COMMENT', state: 'commentAtHome', wrongRole: 'p-nga', wrongUnit: 'p-vy' },
];

describe('member transfer v2 permissions', () => {
  it('has a row for every event a person can send', () => {
    expect([...new Set(rows.map((row) => row.event))].sort()).toEqual(personEvents(memberTransferV2));
  });

  it.each(refusalCases(rows))('$event in $state: $personId is refused ($reason)', (refused) => {
    const d = reachV2(refused.state, refused.subject ? { memberId: refused.subject } : {});
    expect(d.refuse(refused.personId, refused.event, refused.row.payload).reason).toBe(refused.reason);
  });
});

describe('ký giấy giới thiệu theo chức danh (ma trận)', () => {
  const allowTm = { signing: { deputyMaySignForCommittee: true } };
  // signer, policy, form asked → the form recorded, or the refusal.
  const matrix: [string, object | undefined, 'TM' | 'KT' | 'self' | undefined, string][] = [
    ['p-hieu', undefined, undefined, 'TM'],
    ['p-hieu', undefined, 'TM', 'TM'],
    ['p-hieu', undefined, 'KT', 'acting_form'],
    ['p-hieu', undefined, 'self', 'acting_form'],
    ['p-khanh', undefined, undefined, 'KT'],
    ['p-khanh', undefined, 'KT', 'KT'],
    ['p-khanh', undefined, 'TM', 'acting_form'],
    ['p-khanh', allowTm, 'TM', 'TM'],
    ['p-khanh', allowTm, undefined, 'KT'],
    ['p-phuong', allowTm, undefined, 'role'],
  ];
  it.each(matrix)('%s (quy định %j) ký %s → %s', (signer, policy, acting, outcome) => {
    const d = reachV2('sourceBase', { policy: policy as Record<string, unknown> });
    const options = acting ? { acting } : {};
    const signed = () => {
      d.send(signer, 'ISSUE_REFERRAL', referral, options);
      const { signature } = d.context['referral'];
      return `${d.last.entry.actor.acting} ${signature.heading} / ${signature.title}`;
    };
    const expected: Record<string, string> = {
      TM: `TM TM. BAN THƯỜNG VỤ / ${signer === 'p-hieu' ? 'BÍ THƯ' : 'PHÓ BÍ THƯ'}`,
      KT: 'KT KT. BÍ THƯ / PHÓ BÍ THƯ',
    };
    const result = expected[outcome]
      ? signed()
      : d.refuse(signer, 'ISSUE_REFERRAL', referral, options).reason;
    expect(result).toBe(expected[outcome] ?? outcome);
  });

  it('ai giữ vai trò ký nhưng danh bạ ghi là ủy viên thì không ký (signatory)', () => {
    const data: typeof demoDirectoryData = JSON.parse(JSON.stringify(demoDirectoryData));
    data.bindings.push({
      personId: 'p-phuong',
      role: 'baseSecretary',
      unitId: 'tradoc',
      validFrom: '2000-01-01',
      title: 'standingMember',
    });
    const d = reachV2('sourceBase');
    d.directory = new OrgDirectory(data);
    expect(d.refuse('p-phuong', 'ISSUE_REFERRAL', referral).reason).toBe('signatory');
    expect(d.allowed('p-phuong')).toEqual(['RETURN_TO_BRANCH']);
  });

  it('nút bấm cho biết hình thức ký được dùng', () => {
    const forms = (signer: string, policy?: Record<string, unknown>) => {
      const d = reachV2('sourceBase', { policy });
      return allowedEvents(memberTransferV2, d.snapshot, person(signer), d.directory, d.clock.now())
        .filter((e) => e.type === 'ISSUE_REFERRAL')
        .map((e) => e.acting);
    };
    expect(forms('p-hieu')).toEqual([['TM']]);
    expect(forms('p-khanh')).toEqual([['KT']]);
    expect(forms('p-khanh', allowTm)).toEqual([['TM', 'KT']]);
    expect(forms('p-phuong', allowTm)).toEqual([]);
  });
});
