import type { Label } from './define-workflow.ts';

/**
 * The kinds of fact that links put in a unit's or person's record (links.ts), in words: what the
 * record route and the widgets show beside each fact. A kind a host workflow adds without a label
 * is shown by its name.
 */
export const recordKindLabels: Readonly<Record<string, Label>> = {
  'branchReview.result': { vi: 'Kết quả xếp loại chi đoàn', en: 'Branch review result' },
  'branchReview.branchResult': {
    vi: 'Kết quả xếp loại chi đoàn trực thuộc',
    en: 'Result of a branch under this unit',
  },
  award: { vi: 'Khen thưởng', en: 'Award' },
  'award.roundDecision': { vi: 'Quyết định khen thưởng của đợt', en: 'Award decision of a round' },
  'award.recommendation': { vi: 'Hội đồng đề nghị khen thưởng', en: 'Council recommendation' },
  'member.hostComment': {
    vi: 'Nhận xét của nơi sinh hoạt tạm thời / nơi cư trú',
    en: 'Comment from the host branch',
  },
  'fieldVisit.trip': { vi: 'Chuyến đi cơ sở được tính ngày', en: 'Credited field-visit trip' },
  'fieldVisit.year': { vi: 'Kết quả đi cơ sở "1+2" trong năm', en: 'Field visits "1+2" for the year' },
};

/** A record kind in words (its own name when no label is known). */
export const recordKindLabel = (kind: string): Label => recordKindLabels[kind] ?? { vi: kind, en: kind };
