import { z } from 'zod';
import { labelSchema } from './common.ts';

/** The file types a dossier takes, decided from the bytes. */
export const mediaTypeSchema = z.enum([
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
]);

export const attachmentViewSchema = z
  .object({
    id: z.string(),
    instanceId: z.string(),
    kind: z.string(),
    name: z.string().describe('As the uploader named it (NFC)'),
    size: z.number().int(),
    mediaType: mediaTypeSchema.describe('Decided from the bytes, never from the name or the header'),
    sha256: z.string(),
    uploadedBy: z.object({
      personId: z.string(),
      name: z.string().nullable(),
      role: z.string(),
      unitId: z.string().nullable(),
    }),
    uploadedAt: z.string(),
    seq: z.number().int().nullable().describe('The history entry that brought it in; null while it waits'),
    event: z.string().nullable(),
  })
  .meta({ id: 'Attachment', description: 'One file of an instance’s dossier' });

export const dossierKindSchema = z.object({
  id: z.string(),
  label: labelSchema,
  accepts: z.array(mediaTypeSchema),
  maxBytes: z.number().int(),
  canUpload: z.boolean(),
  required: z.boolean(),
  missing: z.boolean(),
});

export const dossierEventSchema = z.object({
  type: z.string(),
  accepts: z.array(z.string()),
  requires: z.array(z.string()),
  atLeastOne: z.boolean(),
});

export const dossierViewSchema = z
  .object({
    instanceId: z.string(),
    kinds: z.array(dossierKindSchema),
    events: z.array(dossierEventSchema).describe('Events the caller may send now that take documents'),
    items: z.array(attachmentViewSchema),
  })
  .meta({ id: 'Dossier', description: "An instance's documents for one person" });
