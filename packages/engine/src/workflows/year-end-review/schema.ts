import { z } from 'zod';
import type { Label } from '../../define-workflow.ts';
import { labelled } from '../../field-labels.ts';
import { classificationLevels } from '../branch-review/schema.ts';
import { classificationLabels } from '../branch-review/labels.ts';

/** Whose year it is: a member classified at their branch, or a cadre reviewed at their body. */
export const reviewedAs = ['member', 'cadre'] as const;
export type ReviewedAs = (typeof reviewedAs)[number];

const id = z.string().trim().min(1).max(100);
const text = (max: number) => z.string().trim().min(1).max(max);

export const yearEndReviewInput = z
  .object({
    personId: labelled(id, { vi: 'Người được đánh giá', en: 'Person reviewed' }),
    year: labelled(z.number().int().min(2000).max(2100), { vi: 'Năm đánh giá', en: 'Review year' }),
    as: labelled(
      z.enum(reviewedAs),
      { vi: 'Đánh giá với tư cách', en: 'Reviewed as' },
      {
        member: { vi: 'Đoàn viên (tại chi đoàn)', en: 'Member (at the branch)' },
        cadre: { vi: 'Cán bộ đoàn (tại cơ quan)', en: 'Union cadre (at the body)' },
      },
    ),
  })
  .strict();
export type YearEndReviewInput = z.output<typeof yearEndReviewInput> & {
  /** From the directory at the start: the member's branch, or the body where the cadre works. */
  unitId: string | null;
};

export const yearEndReviewPolicy = z
  .object({
    /**
     * A member who took part at a residence or host branch during the year is rated "xuất sắc" only
     * when that branch's year-end comment recommends it (guidance 16-HD/TWĐTN-BTC).
     */
    topNeedsHostRecommendation: z.boolean().default(true),
    /**
     * The best rating of a cadre whose "1+2" year fell short of the quota or was not closed: the
     * province's rule (null: no cap).
     */
    capWithoutFieldVisitQuota: z.enum(classificationLevels).nullable().default('completed'),
  })
  .strict();
export type YearEndReviewPolicy = z.output<typeof yearEndReviewPolicy>;

const rating = (label: Label) => labelled(z.enum(classificationLevels), label, classificationLabels);

export const yearEndReviewEvents = {
  SUBMIT_SELF_ASSESSMENT: z
    .object({
      rating: rating({ vi: 'Tự xếp loại', en: 'Self-assessed rating' }),
      summary: labelled(text(4000), { vi: 'Bản tự kiểm điểm', en: 'Self-assessment' }),
    })
    .strict(),
  DECIDE: z
    .object({
      rating: rating({ vi: 'Xếp loại', en: 'Rating' }),
      reasons: labelled(text(2000), { vi: 'Nhận xét, lý do', en: 'Comments and reasons' }),
    })
    .strict(),
  RETURN: z.object({ comment: labelled(text(2000), { vi: 'Yêu cầu bổ sung', en: 'What to add' }) }).strict(),
} as const;
export type YearEndReviewPayload<K extends keyof typeof yearEndReviewEvents> = z.output<
  (typeof yearEndReviewEvents)[K]
>;
