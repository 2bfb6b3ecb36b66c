import { fileTypes } from '@doanflow/engine';
import { z } from 'zod';
import { labelSchema } from '../shared/views.ts';

const mediaType = z.enum(Object.values(fileTypes) as [string, ...string[]]);

export const attachmentViewSchema = z
  .object({
    id: z.string(),
    instanceId: z.string(),
    kind: z.string(),
    name: z.string().describe('As the uploader named it (NFC)'),
    size: z.number().int(),
    mediaType: mediaType.describe('Decided from the bytes, never from the name or the header'),
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
  .meta({ id: 'Attachment' });

export const dossierViewSchema = z
  .object({
    instanceId: z.string(),
    kinds: z.array(
      z.object({
        id: z.string(),
        label: labelSchema,
        accepts: z.array(mediaType),
        maxBytes: z.number().int(),
        canUpload: z.boolean(),
        required: z.boolean(),
        missing: z.boolean(),
      }),
    ),
    events: z
      .array(
        z.object({
          type: z.string(),
          accepts: z.array(z.string()),
          requires: z.array(z.string()),
          atLeastOne: z.boolean(),
        }),
      )
      .describe('Events the caller may send now that take documents'),
    items: z.array(attachmentViewSchema),
  })
  .meta({ id: 'Dossier' });

export const attachmentIdParams = z.object({ id: z.string().min(1).max(100) });
