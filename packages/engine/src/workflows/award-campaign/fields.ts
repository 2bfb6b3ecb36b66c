import { z } from 'zod';
import type { Label } from '../../define-workflow.ts';
import { labelled } from '../../field-labels.ts';

/** Field builders shared by the round (award-campaign) and its nominations (award-nomination). */

/** Ids of units, people, campaigns and documents issued by the host system. */
export const id = z.string().trim().min(1).max(64);
export const text = (max: number) => z.string().trim().min(1).max(max);
export const reason = (label: Label) => z.strictObject({ reason: labelled(text(2000), label) });
export const empty = z.strictObject({});
/** An instant with its offset, kept as UTC so it compares with event times. */
export const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

export const awardingUnit = () => labelled(id, { vi: 'Đơn vị xét khen thưởng', en: 'Awarding unit' });
export const dossierDeadline = () => labelled(instant, { vi: 'Hạn nộp hồ sơ', en: 'Dossier deadline' });
export const decisionNumber = () =>
  labelled(text(50), { vi: 'Số quyết định khen thưởng', en: 'Award decision number' });
export const signedOn = () => labelled(z.iso.date(), { vi: 'Ngày ký quyết định', en: 'Signed on' });
