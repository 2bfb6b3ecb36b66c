import { describe, expect, it } from 'vitest';
import { allTransitions, exploreWorkflow } from '../../testing/explore.ts';
import { checkSummaryLabels } from '../../testing/labels.ts';
import { yearEndReview } from './index.ts';

describe('year-end review: generated paths', () => {
  const coverage = exploreWorkflow(yearEndReview, {
    at: '2026-12-20T02:00:00.000Z',
    inputs: [
      { personId: 'p-an', year: 2026, as: 'member', unitId: 'cd-thon2' },
      { personId: 'p-quy', year: 2026, as: 'cadre', unitId: 'dn' },
    ],
    events: {
      SUBMIT_SELF_ASSESSMENT: [{ payload: { rating: 'good', summary: 'Tự kiểm điểm' } }],
      // A cadre with no "1+2" result stops at "completed": "outstanding" is refused, "completed" taken.
      DECIDE: [
        { payload: { rating: 'outstanding', reasons: 'x' } },
        { payload: { rating: 'completed', reasons: 'x' } },
      ],
      RETURN: [{ payload: { comment: 'Bổ sung' } }],
    },
    contextKey: (c) => [c.as, c.selfAssessment?.rating, c.returnedWith, c.decision?.rating],
  });

  it('reaches every state', () => {
    expect(coverage.missingStates).toEqual([]);
  });

  it('takes every transition', () => {
    expect(coverage.missingTransitions).toEqual([]);
    expect(coverage.transitions.length).toBe(allTransitions(yearEndReview).length);
  });

  it('builds exactly its typed summary, in officers’ words, in every state reached', () => {
    expect(coverage.contexts.length).toBeGreaterThan(5);
    expect(checkSummaryLabels(yearEndReview, coverage.contexts).problems).toEqual([]);
  });
});
