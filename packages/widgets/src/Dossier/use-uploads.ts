import { useCallback, useRef, useState } from 'react';
import { DoanflowApiError, toApiError } from '@doanflow/client';
import type { DossierKindView } from '@doanflow/client';
import { useDoanflow } from '../provider/context.ts';

export interface UploadRow {
  key: number;
  name: string;
  size: number;
  kind: string;
  /** Bytes the browser has sent so far. */
  sent: number;
  status: 'uploading' | 'failed';
  error?: DoanflowApiError;
}

/**
 * Files being uploaded, each in its own request with its own progress and its own error (a bad
 * file never holds up the others). What the server will refuse for sure (too large, empty) is
 * refused here first, without sending a byte; the server checks everything again.
 */
export function useUploads(instanceId: string, onStored: () => void) {
  const { client } = useDoanflow();
  const [rows, setRows] = useState<UploadRow[]>([]);
  const next = useRef(0);
  const update = (key: number, change: Partial<UploadRow>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...change } : row)));

  const add = useCallback(
    (files: readonly File[], kind: DossierKindView) => {
      for (const file of files) {
        const key = (next.current += 1);
        const row: UploadRow = {
          key,
          name: file.name,
          size: file.size,
          kind: kind.id,
          sent: 0,
          status: 'uploading',
        };
        const early =
          file.size === 0
            ? new DoanflowApiError('EMPTY_FILE', 'the file is empty', 400)
            : file.size > kind.maxBytes
              ? new DoanflowApiError('FILE_TOO_LARGE', 'the file is too large', 413, {
                  maxBytes: kind.maxBytes,
                })
              : null;
        if (early) {
          setRows((current) => [...current, { ...row, status: 'failed', error: early }]);
          continue;
        }
        setRows((current) => [...current, row]);
        client
          .uploadAttachment(instanceId, kind.id, file, { onProgress: (sent) => update(key, { sent }) })
          .then(
            () => {
              setRows((current) => current.filter((each) => each.key !== key));
              onStored();
            },
            (error: unknown) => update(key, { status: 'failed', error: toApiError(error) }),
          );
      }
    },
    [client, instanceId, onStored],
  );

  const dismiss = useCallback(
    (key: number) => setRows((current) => current.filter((row) => row.key !== key)),
    [],
  );
  return { rows, add, dismiss };
}
