import { createMachine } from 'xstate';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineWorkflow } from './define-workflow.ts';
import { maxBytesOf, MiB, type DocumentsSpec } from './documents.ts';
import { dossierRules, mayUpload } from './dossier.ts';
import { person } from './permissions.ts';
import { replay } from './runtime.ts';
import { InstanceDriver, refusal, testAttachment } from './testing/harness.ts';
import { nominationDriver, thon2Nomination } from './workflows/award-nomination/fixture.ts';
import {
  cadre,
  nineAm,
  openReview,
  reviewDirectory,
  withMeetingRecord,
  youthProject,
} from './workflows/branch-review/fixtures.ts';
import { branchReview } from './workflows/branch-review/index.ts';

/** Thôn 2's 2026 review, submitted: the base standing committee appraises it now. */
function inBaseReview(): InstanceDriver {
  return openReview(nineAm('2026-11-02'), { policy: { regularMeetingMinMonths: 1 } })
    .send('p-binh', 'RECORD_CADRE', cadre)
    .send('p-binh', 'LOG_MEETING', { heldOn: '2026-10-30', topic: 'Sinh hoạt chi đoàn', attendees: 10 })
    .send('p-binh', 'LOG_YOUTH_PROJECT', youthProject)
    .send('p-binh', 'SAVE_DRAFT', { proposedLevel: 'good', selfAssessment: 'Hoàn thành tốt' })
    .send('p-binh', 'SUBMIT');
}

const proposal = { level: 'good', meetingRecordNumber: '20-BB', meetingDate: '2026-11-02', appraisal: 'Tốt' };
const place = (d: InstanceDriver) => ({ directory: reviewDirectory, now: d.clock.now() });

describe('documents sent with an event', () => {
  it('refuses a proposal without the biên bản of the meeting, changing nothing', () => {
    const d = inBaseReview();
    expect(d.refuse('p-hieu', 'PROPOSE_LEVEL', proposal)).toMatchObject({
      code: 'MISSING_DOCUMENTS',
      details: { event: 'PROPOSE_LEVEL', missing: ['meetingRecord'] },
    });
    // A photo is not a meeting record.
    expect(
      d.refuse('p-hieu', 'PROPOSE_LEVEL', proposal, {
        attachments: [testAttachment('activityPhoto', 'anh.jpg', 'image/jpeg')],
      }),
    ).toMatchObject({ code: 'INVALID_ATTACHMENTS', details: { kind: 'activityPhoto' } });
  });

  it('checks who may act before saying which documents are missing', () => {
    const d = inBaseReview();
    expect(d.refuse('p-binh', 'PROPOSE_LEVEL', proposal).reason).toBe('role');
    expect(d.refuse('p-linh', 'PROPOSE_LEVEL', proposal).reason).toBe('conflict_of_interest');
  });

  it('refuses files an event does not take, of the wrong type, sent twice or malformed', () => {
    const d = inBaseReview();
    const record = testAttachment('meetingRecord');
    expect(
      d.refuse('p-hieu', 'RETURN_TO_BRANCH', { comment: 'Bổ sung' }, { attachments: [record] }),
    ).toMatchObject({ code: 'INVALID_ATTACHMENTS', message: 'RETURN_TO_BRANCH takes no documents' });
    expect(
      d.refuse('p-hieu', 'PROPOSE_LEVEL', proposal, {
        attachments: [{ ...record, mediaType: 'application/vnd.oasis.opendocument.text' }],
      }),
    ).toMatchObject({ code: 'INVALID_ATTACHMENTS', details: { mediaType: expect.any(String) } });
    expect(d.refuse('p-hieu', 'PROPOSE_LEVEL', proposal, { attachments: [record, record] })).toMatchObject({
      code: 'INVALID_ATTACHMENTS',
      details: { id: record.id },
    });
    expect(
      d.refuse('p-hieu', 'PROPOSE_LEVEL', proposal, { attachments: [{ ...record, sha256: 'abc' }] }).code,
    ).toBe('INVALID_ATTACHMENTS');
  });

  it('records the files in the history entry, hands them to the machine, and replays them', () => {
    const d = inBaseReview().send('p-hieu', 'PROPOSE_LEVEL', proposal, withMeetingRecord());
    expect(d.state).toBe('upperReview');
    const [file] = d.last.entry.attachments!;
    expect(file).toMatchObject({ kind: 'meetingRecord', name: 'Biên bản họp Ban Thường vụ.pdf' });
    expect(file!.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Entries without files keep their old shape (and their old hashes).
    expect(d.history.filter((entry) => 'attachments' in entry).map((entry) => entry.type)).toEqual([
      'PROPOSE_LEVEL',
    ]);
    expect(replay(branchReview, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });

  it('keeps a nomination dossier from its files: a later file of a kind replaces the earlier one', () => {
    const d = nominationDriver().start('p-hieu', thon2Nomination);
    expect(d.refuse('p-hieu', 'ADD_DOCUMENT')).toMatchObject({
      code: 'MISSING_DOCUMENTS',
      details: { atLeastOneOf: ['requestLetter', 'meetingRecord', 'nomineeList', 'achievementReport'] },
    });
    const first = testAttachment('achievementReport', 'Báo cáo thành tích (dự thảo).docx');
    const second = testAttachment('achievementReport', 'Báo cáo thành tích.pdf');
    const letter = testAttachment('requestLetter', 'Tờ trình.pdf');
    d.send('p-hieu', 'ADD_DOCUMENT', {}, { attachments: [first, letter] });
    d.send('p-hieu', 'ADD_DOCUMENT', {}, { attachments: [second] });
    const held = d.context['documents'] as Record<string, { id: string; sha256: string }>;
    expect(Object.keys(held).sort()).toEqual(['achievementReport', 'requestLetter']);
    expect(held['achievementReport']).toMatchObject({ id: second.id, sha256: second.sha256 });
    const rules = dossierRules(d.definition, d.snapshot, person('p-hieu'), place(d));
    expect(rules.kinds.filter((kind) => kind.missing).map((kind) => kind.id)).toEqual([
      'meetingRecord',
      'nomineeList',
    ]);
    expect(replay(d.definition, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });
});

describe('who may upload', () => {
  it('follows the events that take the kind, with their roles, units and conflicts', () => {
    const d = inBaseReview();
    expect(mayUpload(branchReview, d.snapshot, person('p-hieu'), 'meetingRecord', place(d))).toMatchObject({
      role: 'baseStanding',
      unitId: 'tradoc',
      acting: 'TM',
    });
    const refuse = (personId: string, kind: string) =>
      refusal(() => mayUpload(branchReview, d.snapshot, person(personId), kind, place(d)));
    expect(refuse('p-binh', 'meetingRecord').reason).toBe('role');
    expect(refuse('p-nga', 'meetingRecord').reason).toBe('unit');
    expect(refuse('p-linh', 'meetingRecord').reason).toBe('conflict_of_interest');
    // The branch's own evidence is closed once it has submitted.
    expect(refuse('p-binh', 'branchMinutes').reason).toBe('state');
    expect(refuse('p-hieu', 'birthCertificate').code).toBe('INVALID_ATTACHMENTS');
  });

  it('tells each officer what to upload and what is required', () => {
    const d = inBaseReview();
    const forBase = dossierRules(branchReview, d.snapshot, person('p-hieu'), place(d));
    expect(forBase.events).toEqual([
      { type: 'PROPOSE_LEVEL', accepts: ['meetingRecord'], requires: ['meetingRecord'], atLeastOne: false },
    ]);
    expect(forBase.kinds.find((kind) => kind.id === 'meetingRecord')).toMatchObject({
      canUpload: true,
      required: true,
      missing: false,
      maxBytes: 20 * MiB,
      accepts: ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'],
    });
    const forBranch = dossierRules(branchReview, d.snapshot, person('p-binh'), place(d));
    expect(forBranch.events).toEqual([]);
    expect(forBranch.kinds.every((kind) => !kind.canUpload && !kind.required)).toBe(true);
  });

  it('applies explicit upload rules where a workflow gives them', () => {
    const documents: DocumentsSpec = {
      kinds: {
        scan: {
          label: { vi: 'Bản chụp', en: 'Scan' },
          accepts: ['pdf'],
          maxBytes: MiB,
          upload: [{ states: ['open'], role: 'secretariat', of: 'unit', at: 'own' }],
        },
      },
      events: { CLOSE: { accepts: ['scan'] } },
    };
    const definition = tinyWorkflow(documents);
    const d = new InstanceDriver(definition, { now: nineAm('2026-03-02') }).start('system', { unitId: 'dn' });
    const at = { directory: d.directory, now: d.clock.now() };
    expect(mayUpload(definition, d.snapshot, person('p-yen'), 'scan', at).role).toBe('secretariat');
    expect(refusal(() => mayUpload(definition, d.snapshot, person('p-ha'), 'scan', at)).reason).toBe('role');
  });
});

describe('documents policy and declarations', () => {
  it('takes size limits from the deployment, and keeps them out of the workflow policy', () => {
    expect(maxBytesOf(branchReview, 'activityPhoto')).toBe(10 * MiB);
    const policy = { documents: { maxBytes: { activityPhoto: 3 * MiB } }, regularMeetingMinMonths: 1 };
    expect(maxBytesOf(branchReview, 'activityPhoto', policy)).toBe(3 * MiB);
    const d = openReview(nineAm('2026-11-02'), { policy });
    expect(d.history[0]!.policy).not.toHaveProperty('documents');
    expect(
      refusal(() => maxBytesOf(branchReview, 'activityPhoto', { documents: { maxBytes: 5 } })).code,
    ).toBe('INVALID_DEFINITION');
  });

  it.each([
    [{ kinds: {}, events: { CLOSE: { accepts: ['scan'] } } }, 'unknown document kind "scan"'],
    [{ kinds: { scan: scanKind() }, events: { TICK: { accepts: ['scan'] } } }, '"TICK" is a timer event'],
    [{ kinds: { scan: scanKind() }, events: { NOPE: { accepts: ['scan'] } } }, 'unknown event "NOPE"'],
    [
      { kinds: { scan: scanKind(), photo: scanKind() }, events: { CLOSE: { accepts: ['scan'] } } },
      'taken by no event',
    ],
    [
      { kinds: { scan: scanKind() }, events: { CLOSE: { accepts: ['scan'], requires: ['scan', 'photo'] } } },
      'requires "photo" but does not take it',
    ],
    [
      {
        kinds: { scan: { ...scanKind(), upload: [{ states: ['gone'], role: 'x', of: 'unit' }] } },
        events: {},
      },
      'unknown state "gone"',
    ],
    [{ kinds: { scan: { ...scanKind(), accepts: ['exe'] } }, events: {} }, 'must accept known file types'],
  ])('refuses a bad declaration at definition time (%#)', (documents, message) => {
    expect(refusal(() => tinyWorkflow(documents as DocumentsSpec)).message).toContain(message);
  });
});

function scanKind() {
  return { label: { vi: 'Bản chụp', en: 'Scan' }, accepts: ['pdf' as const], maxBytes: MiB };
}

/** A two-state workflow run by a unit's secretariat, to try declarations on. */
function tinyWorkflow(documents: DocumentsSpec) {
  return defineWorkflow({
    id: 'tiny',
    version: 1,
    title: { vi: 'Thử', en: 'Try' },
    machine: createMachine({
      id: 'tiny',
      types: {} as { context: { unitId: string }; input: { data: { unitId: string } } },
      context: ({ input }) => ({ unitId: input.data.unitId }),
      initial: 'open',
      states: { open: { on: { CLOSE: 'closed', TICK: 'open' } }, closed: { type: 'final' } },
    }),
    input: z.object({ unitId: z.string() }),
    policy: z.object({}),
    events: {
      CLOSE: { payload: z.object({}), label: { vi: 'Đóng', en: 'Close' } },
      TICK: { payload: z.object({}), label: { vi: 'Nhắc', en: 'Tick' }, timer: true },
    },
    states: { open: { vi: 'Mở', en: 'Open' }, closed: { vi: 'Đóng', en: 'Closed' } },
    permissions: [{ event: 'CLOSE', states: ['open'], role: 'standingSecretary', of: 'unit', at: 'own' }],
    start: [],
    units: (context) => ({ unit: context.unitId }),
    subject: () => ({}),
    documents,
  });
}
