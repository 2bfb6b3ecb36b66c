import { ServerError } from '../../errors.ts';

export {
  bulkBody,
  instanceIdParams,
  sendBody,
  sendHeaders,
  startBody,
  startHeaders,
} from '@doanflow/client/contract';

/** The expected revision from the body or If-Match; both present must agree. */
export function expectedRevisionOf(bodyRevision: number | undefined, ifMatch: string | undefined) {
  const fromHeader =
    ifMatch === undefined ? undefined : Number(ifMatch.replace(/^W\//, '').replaceAll('"', ''));
  if (bodyRevision !== undefined && fromHeader !== undefined && bodyRevision !== fromHeader) {
    throw new ServerError('BAD_REQUEST', 'If-Match and expectedRevision disagree', {
      ifMatch: fromHeader,
      expectedRevision: bodyRevision,
    });
  }
  return bodyRevision ?? fromHeader;
}
