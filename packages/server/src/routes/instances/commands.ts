import type { sendBody } from '@doanflow/client/contract';
import type { z } from 'zod';
import { ServerError } from '../../errors.ts';
import type { InstanceView, SendCommand } from '../../runner/contract.ts';

/** The body of a send as the runtime's command. */
export const toCommand = (body: z.output<typeof sendBody>): SendCommand => ({
  type: body.type,
  payload: body.payload,
  comment: body.comment ?? null,
  ...(body.acting ? { acting: body.acting } : {}),
  ...(body.attachments?.length ? { attachments: body.attachments } : {}),
});

/** The revision as an entity tag, so a portal can send it straight back in If-Match. */
export const etag = (instance: InstanceView) => `"${instance.revision}"`;

/** Where a started instance lives (the Location of a 201). */
export const locationOf = (instance: InstanceView) => `/instances/${encodeURIComponent(instance.id)}`;

/** A decision sent without the revision the caller saw, where the deployment requires it (428). */
export const revisionRequired = (details: Record<string, unknown> = {}) =>
  new ServerError(
    'REVISION_REQUIRED',
    'send the revision you saw (expectedRevision or If-Match): a decision applies only to the state it was taken on',
    details,
  );
