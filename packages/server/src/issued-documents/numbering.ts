import { z } from 'zod';

/**
 * How a deployment numbers and places its documents: a policy, not code. `format` takes
 * {serial}, {type} (QĐ, GGT), {unit} (the unit's symbol) and {year}; 367-QĐ/TWĐTN-VP writes
 * "12-QĐ/TĐTN-VP". A unit without a symbol uses its id in capitals.
 */
export const documentPolicySchema = z.object({
  numberFormat: z.string().min(1).default('{serial}-{type}/{unit}'),
  unitSymbols: z.record(z.string(), z.string().min(1)).default({}),
  /** The place printed before the date ("Đà Nẵng, ngày …"), per unit or by default. */
  place: z.string().min(1).default('Đà Nẵng'),
  placeByUnit: z.record(z.string(), z.string().min(1)).default({}),
  /** The public address the QR code and the printed link lead to (…/verify/<code>). */
  publicUrl: z.string().url().default('http://localhost:3000'),
});

export type DocumentPolicy = z.infer<typeof documentPolicySchema>;

export function formatNumber(
  policy: DocumentPolicy,
  parts: { serial: number; type: string; issuingUnitId: string; year: number },
): string {
  const unit = policy.unitSymbols[parts.issuingUnitId] ?? parts.issuingUnitId.toUpperCase();
  return policy.numberFormat
    .replaceAll('{serial}', String(parts.serial))
    .replaceAll('{type}', parts.type)
    .replaceAll('{unit}', unit)
    .replaceAll('{year}', String(parts.year));
}

export const placeOf = (policy: DocumentPolicy, unitId: string) => policy.placeByUnit[unitId] ?? policy.place;
