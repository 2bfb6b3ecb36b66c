import { z } from 'zod';

/** Text in both languages: Vietnamese first, English second. */
export const labelSchema = z
  .object({ vi: z.string().describe('Vietnamese'), en: z.string().describe('English') })
  .meta({ id: 'Label', description: 'Text in Vietnamese and English' });

/** How a decision is signed: in one's own name, "TM." for a committee, "KT." as a deputy. */
export const actingFormSchema = z
  .enum(['self', 'TM', 'KT'])
  .meta({ id: 'ActingForm', description: 'In one’s own name, "TM." for a committee, "KT." as a deputy' });

export const instant = z.string().describe('ISO 8601 instant');
export const calendarDate = z.string().describe('YYYY-MM-DD, Vietnam');

/** A JSON Schema (draft 2020-12) as the server's zod schemas export it. */
export const jsonSchemaSchema = z.record(z.string(), z.unknown()).describe('JSON Schema (draft 2020-12)');

export const revisionSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
