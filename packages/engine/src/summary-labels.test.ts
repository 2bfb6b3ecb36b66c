import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { admissionFixture, label, type AdmissionContext } from './admission.fixture.ts';
import { labelled, summaryLabelsSchema } from './field-labels.ts';
import { checkSummaryLabels } from './testing/labels.ts';
import { InstanceDriver } from './testing/harness.ts';

/** A summary in officers' words: the workflow's labels for the fields it builds, and its typed shape. */
const at = '2026-12-01T02:00:00.000Z';

describe('summary fields labelled by the workflow', () => {
  const walk = () =>
    new InstanceDriver(admissionFixture, { now: at })
      .start('p-binh', { candidateId: 'p-yen', branchId: 'cd-thon2', introducerIds: ['p-an'], ofAge: true })
      .send('p-an', 'CONFIRM_INTRODUCTION');
  const summary = (context: AdmissionContext) => ({
    candidateId: context.candidateId,
    confirmedBy: context.confirmedBy,
    stage: context.confirmedBy.length > 0 ? 'introduced' : 'open',
    votes: { for: 3 },
  });

  it('finds every field built outside the input without words, and every code without its words', () => {
    const partly = {
      ...admissionFixture,
      summary,
      summaryLabels: { stage: { label: label('Bước', 'Stage'), values: { open: label('Đang mở', 'Open') } } },
    };
    expect(checkSummaryLabels(partly, [walk().context]).problems).toEqual([
      'admission-fixture summary.candidateId: no x-label with vi and en',
      'admission-fixture summary.confirmedBy: no x-label with vi and en',
      'admission-fixture summary.stage: no words for the value "introduced"',
      'admission-fixture summary.votes.for: no x-label with vi and en',
      'admission-fixture summary.votes: no x-label with vi and en',
    ]);
  });

  it('is satisfied by summaryLabels, which the definition publishes for the panel', () => {
    const labelledDefinition = {
      ...admissionFixture,
      summary,
      summaryLabels: {
        confirmedBy: { label: label('Đã xác nhận', 'Confirmed by') },
        stage: {
          label: label('Bước', 'Stage'),
          values: { open: label('Đang mở', 'Open'), introduced: label('Đã giới thiệu', 'Introduced') },
        },
        votes: { label: label('Biểu quyết', 'Votes') },
        for: { label: label('Đồng ý', 'For') },
      },
    };
    // candidateId is labelled by nobody here, but the server names people's ids itself.
    const check = checkSummaryLabels(labelledDefinition, [walk().context], (key) => key === 'candidateId');
    expect(check.problems).toEqual([]);
    expect(check.fields).toContain('admission-fixture summary.votes.for');
  });

  it('reads the words of a typed summary, and holds summary() to its shape', () => {
    const summarySchema = z.object({
      candidateId: labelled(z.string(), label('Người được kết nạp', 'Candidate')),
      confirmedBy: labelled(z.array(z.string()), label('Đã xác nhận', 'Confirmed by')),
      stage: labelled(z.enum(['open', 'introduced']), label('Bước', 'Stage'), {
        open: label('Đang mở', 'Open'),
        introduced: label('Đã giới thiệu', 'Introduced'),
      }),
    });
    const typed = {
      ...admissionFixture,
      summarySchema,
      summary: (context: AdmissionContext) => summary(context),
    };
    expect(summaryLabelsSchema(typed)['properties']).toMatchObject({
      stage: { enum: ['open', 'introduced'], 'x-label': { vi: 'Bước', en: 'Stage' } },
    });
    // `votes` is built but not in the schema: a typed client would not know it.
    expect(checkSummaryLabels(typed, [walk().context]).problems).toEqual([
      'admission-fixture summary.votes.for: no x-label with vi and en',
      'admission-fixture summary.votes: no x-label with vi and en',
      'admission-fixture summary: does not match summarySchema (Unrecognized key: "votes")',
    ]);
    const { votes: _votes, ...rest } = summary(walk().context as AdmissionContext);
    const exact = { ...typed, summary: () => rest };
    expect(checkSummaryLabels(exact, [walk().context]).problems).toEqual([]);
  });
});
