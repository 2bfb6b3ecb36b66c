import { describe, expect, it } from 'vitest';
import { allowedEvents } from '../../allowed-events.ts';
import { person } from '../../permissions.ts';
import { excellent2025, ngaNomination, nominationIn, tayanNomination, thon2Nomination } from './fixture.ts';
import { awardNomination } from './index.ts';

type Stage = Parameters<typeof nominationIn>[0];
type Nomination = typeof thon2Nomination | typeof tayanNomination | typeof ngaNomination;

const signed = { decisionNumber: '215-QĐ/TĐTN', signedOn: '2026-02-11', certificateNumber: 'GK-031' };

interface Row {
  event: string;
  state: Stage;
  payload?: object;
  /** Holds none of the roles the event needs. */
  wrongRole: string;
  /** Holds the role, at another unit. */
  wrongUnit: string;
  /** Officers who could send it but are the nominee, or belong to the nominated branch. */
  conflicted?: { officer: string; nomination: Nomination }[];
  wrongState: Stage;
}

const nominatingUnitRow = (event: string, payload?: object): Row => ({
  event,
  state: 'preparing',
  payload,
  wrongRole: 'p-binh', // secretary of the branch itself, not of the đoàn cơ sở
  wrongUnit: 'p-minh', // secretary of another đoàn cơ sở
  wrongState: 'councilVoting',
});

const rows: Row[] = [
  nominatingUnitRow('ADD_DOCUMENT'),
  nominatingUnitRow('REMOVE_DOCUMENT', { kind: 'requestLetter' }),
  nominatingUnitRow('RECORD_RATING', excellent2025),
  nominatingUnitRow('SUBMIT'),
  {
    event: 'WITHDRAW',
    state: 'secretariatCheck',
    payload: { reason: 'Rút hồ sơ' },
    wrongRole: 'p-yen',
    wrongUnit: 'p-nga',
    wrongState: 'awaitingSignature',
  },
  {
    event: 'ACCEPT_DOSSIER',
    state: 'secretariatCheck',
    wrongRole: 'p-tuan',
    wrongUnit: 'p-xuan',
    conflicted: [{ officer: 'p-oanh', nomination: tayanNomination }],
    wrongState: 'preparing',
  },
  {
    event: 'RETURN_INCOMPLETE',
    state: 'secretariatCheck',
    payload: { reason: 'Thiếu biên bản' },
    wrongRole: 'p-hieu',
    wrongUnit: 'p-xuan',
    conflicted: [{ officer: 'p-oanh', nomination: tayanNomination }],
    wrongState: 'councilVoting',
  },
  {
    event: 'CAST_VOTE',
    state: 'councilVoting',
    payload: { vote: 'yes' },
    wrongRole: 'p-hieu',
    wrongUnit: 'p-xuan',
    conflicted: [
      { officer: 'p-long', nomination: thon2Nomination }, // a member of the nominated branch
      { officer: 'p-oanh', nomination: tayanNomination },
      { officer: 'p-nga', nomination: ngaNomination }, // the nominee herself
    ],
    wrongState: 'secretariatCheck',
  },
  {
    event: 'CLOSE_VOTE',
    state: 'councilVoting',
    wrongRole: 'p-tuan',
    wrongUnit: 'p-xuan',
    conflicted: [{ officer: 'p-long', nomination: thon2Nomination }],
    wrongState: 'awaitingSignature',
  },
  {
    event: 'SIGN_DECISION',
    state: 'awaitingSignature',
    payload: signed,
    wrongRole: 'p-yen',
    wrongUnit: 'p-xuan',
    conflicted: [{ officer: 'p-long', nomination: thon2Nomination }],
    wrongState: 'councilVoting',
  },
  {
    event: 'DECLINE_TO_SIGN',
    state: 'awaitingSignature',
    payload: { reason: 'Chưa đủ tiêu chuẩn' },
    wrongRole: 'p-yen',
    wrongUnit: 'p-xuan',
    conflicted: [{ officer: 'p-long', nomination: thon2Nomination }],
    wrongState: 'secretariatCheck',
  },
];

const personEvents = Object.entries(awardNomination.events)
  .filter(([, spec]) => !spec.timer)
  .map(([type]) => type);
const decisionEvents = Object.entries(awardNomination.events)
  .filter(([, spec]) => spec.decision)
  .map(([type]) => type);

describe('award nomination permissions', () => {
  it('covers every event a person can send, and every decision has a conflict case', () => {
    expect(rows.map((row) => row.event).sort()).toEqual([...personEvents].sort());
    expect(
      rows
        .filter((row) => row.conflicted)
        .map((row) => row.event)
        .sort(),
    ).toEqual([...decisionEvents].sort());
  });

  describe.each(rows)('$event in $state', (row) => {
    it('is refused for a person without the role, nothing changing', () => {
      expect(nominationIn(row.state).refuse(row.wrongRole, row.event, row.payload)).toMatchObject({
        code: 'EVENT_NOT_ALLOWED',
        reason: 'role',
      });
    });

    it('is refused for the right role held at another unit', () => {
      expect(nominationIn(row.state).refuse(row.wrongUnit, row.event, row.payload)).toMatchObject({
        code: 'EVENT_NOT_ALLOWED',
        reason: 'unit',
      });
    });

    it('is refused in a state where it does not apply', () => {
      expect(nominationIn(row.wrongState).refuse('p-hieu', row.event, row.payload)).toMatchObject({
        code: 'EVENT_NOT_ALLOWED',
        reason: 'state',
      });
    });
  });

  describe.each(rows.flatMap((row) => (row.conflicted ?? []).map((conflict) => ({ ...row, ...conflict }))))(
    '$event by $officer',
    (row) => {
      it('is refused as a conflict of interest, and not offered', () => {
        const d = nominationIn(row.state, row.nomination);
        expect(d.refuse(row.officer, row.event, row.payload)).toMatchObject({
          code: 'EVENT_NOT_ALLOWED',
          reason: 'conflict_of_interest',
        });
        expect(d.allowed(row.officer)).not.toContain(row.event);
      });
    },
  );

  it('counts conflicts by the nominated branch and by the unit that proposes it', () => {
    // p-nga is secretary of Đoàn phường Hòa Châu, which proposes Tây An, and sits on the council:
    // she may withdraw her unit's proposal but not vote on it.
    const d = nominationIn('councilVoting', tayanNomination);
    expect(d.allowed('p-nga')).toEqual(['WITHDRAW']);
    expect(d.refuse('p-nga', 'CAST_VOTE', { vote: 'yes' }).reason).toBe('conflict_of_interest');
  });

  it('hides the vote button from a member who has voted', () => {
    const d = nominationIn('councilVoting', tayanNomination);
    expect(d.allowed('p-tuan')).toContain('CAST_VOTE');
    d.send('p-tuan', 'CAST_VOTE', { vote: 'yes' });
    expect(d.allowed('p-tuan')).not.toContain('CAST_VOTE');
    expect(d.refuse('p-tuan', 'CAST_VOTE', { vote: 'no' }).reason).toBe('guard');
  });

  it.each([
    ['SUBMISSION_DEADLINE', 'preparing'],
    ['DEADLINE_REMINDER', 'preparing'],
    ['CHECK_OVERDUE', 'secretariatCheck'],
  ] as const)('refuses the timer event %s sent by a person', (event, state) => {
    expect(nominationIn(state).refuse('p-ha', event)).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
      reason: 'timer_only',
    });
  });

  it('refuses a signing form the officer does not hold', () => {
    const d = nominationIn('awaitingSignature');
    expect(d.refuse('p-ha', 'SIGN_DECISION', signed, { acting: 'KT' }).reason).toBe('acting_form');
    // A ballot is personal: the deputy chair votes as a member, never "KT.".
    const voting = nominationIn('councilVoting', tayanNomination);
    expect(voting.refuse('p-long', 'CAST_VOTE', { vote: 'yes' }, { acting: 'KT' }).reason).toBe(
      'acting_form',
    );
  });

  describe('bad payloads are refused with the zod issues', () => {
    it.each([
      // Payloads are strict: an unknown field is refused, not silently dropped (the file is an attachment).
      ['ADD_DOCUMENT', 'preparing', { kind: 'requestLetter' }, [[]]],
      ['REMOVE_DOCUMENT', 'preparing', {}, [['kind']]],
      [
        'RECORD_RATING',
        'preparing',
        { year: 1999, rating: 'best', disciplined: 'no' },
        [['year'], ['rating'], ['disciplined']],
      ],
      ['SUBMIT', 'preparing', { force: true }, [[]]],
      ['WITHDRAW', 'preparing', { reason: ' ' }, [['reason']]],
      [
        'RETURN_INCOMPLETE',
        'secretariatCheck',
        { reason: 'x'.repeat(2001), missing: ['photo'] },
        [['reason'], ['missing', 0]],
      ],
      ['CAST_VOTE', 'councilVoting', { vote: 'maybe' }, [['vote']]],
      [
        'SIGN_DECISION',
        'awaitingSignature',
        { decisionNumber: '', signedOn: '20/3/2026', certificateNumber: 'x'.repeat(51) },
        [['decisionNumber'], ['signedOn'], ['certificateNumber']],
      ],
      ['DECLINE_TO_SIGN', 'awaitingSignature', {}, [['reason']]],
    ] as const)('%s %j', (event, state, payload, paths) => {
      const error = nominationIn(state).refuse('p-ha', event, payload);
      expect(error.code).toBe('INVALID_PAYLOAD');
      expect((error.details['issues'] as { path: (string | number)[] }[]).map((issue) => issue.path)).toEqual(
        paths,
      );
    });
  });

  describe('each officer sees exactly the buttons they may press', () => {
    it.each([
      ['preparing', 'p-hieu', ['ADD_DOCUMENT', 'REMOVE_DOCUMENT', 'RECORD_RATING', 'SUBMIT', 'WITHDRAW']],
      ['preparing', 'p-khanh', ['ADD_DOCUMENT', 'REMOVE_DOCUMENT', 'RECORD_RATING', 'SUBMIT', 'WITHDRAW']],
      ['preparing', 'p-binh', []],
      ['preparing', 'p-yen', []],
      ['secretariatCheck', 'p-yen', ['ACCEPT_DOSSIER', 'RETURN_INCOMPLETE']],
      ['secretariatCheck', 'p-oanh', ['ACCEPT_DOSSIER', 'RETURN_INCOMPLETE']],
      ['secretariatCheck', 'p-hieu', ['WITHDRAW']],
      ['secretariatCheck', 'p-ha', []],
      ['councilVoting', 'p-ha', ['CAST_VOTE', 'CLOSE_VOTE']],
      ['councilVoting', 'p-tuan', ['CAST_VOTE']],
      ['councilVoting', 'p-hieu', ['WITHDRAW']],
      ['councilVoting', 'p-long', []],
      ['awaitingSignature', 'p-ha', ['SIGN_DECISION', 'DECLINE_TO_SIGN']],
      ['awaitingSignature', 'p-tuan', ['SIGN_DECISION', 'DECLINE_TO_SIGN']],
      ['awaitingSignature', 'p-yen', []],
      ['awaitingSignature', 'p-hieu', []],
    ] as const)('%s: %s', (state, officer, buttons) => {
      expect(nominationIn(state).allowed(officer)).toEqual(buttons);
    });

    it('offers the deputy secretary "KT." and, as a standing member, "TM."', () => {
      const d = nominationIn('awaitingSignature', tayanNomination);
      const sign = allowedEvents(awardNomination, d.snapshot, person('p-long'), d.directory).find(
        (event) => event.type === 'SIGN_DECISION',
      );
      expect(sign).toMatchObject({ acting: ['TM', 'KT'], decision: true, irreversible: true });
    });
  });
});
