import { DoanflowApiError } from './errors.ts';

export interface UploadOptions {
  /** Bytes sent so far and the total, as the browser reports them. */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

interface UploadRequest {
  url: string;
  token: string | undefined;
  file: File;
  /** A host's fetch: used instead of XMLHttpRequest (no progress then, only the end). */
  fetch?: typeof globalThis.fetch;
}

/**
 * One file as multipart/form-data. XMLHttpRequest is used where it exists, because fetch cannot
 * report upload progress; the answer is read as JSON either way.
 */
export function uploadFile(
  request: UploadRequest,
  options: UploadOptions,
): Promise<{ status: number; payload: unknown }> {
  const form = new FormData();
  form.append('file', request.file, request.file.name);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.token) headers['authorization'] = `Bearer ${request.token}`;
  const networkError = (message: string) => new DoanflowApiError('NETWORK_ERROR', message, 0);

  if (request.fetch || typeof XMLHttpRequest === 'undefined') {
    const doFetch = request.fetch ?? globalThis.fetch;
    return doFetch(request.url, { method: 'POST', headers, body: form, signal: options.signal ?? null })
      .catch((error: unknown) => {
        throw networkError(error instanceof Error ? error.message : 'network error');
      })
      .then(async (response) => {
        options.onProgress?.(request.file.size, request.file.size);
        return { status: response.status, payload: await response.json().catch(() => undefined) };
      });
  }
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', request.url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) =>
      options.onProgress?.(event.loaded, event.total || request.file.size),
    );
    xhr.addEventListener('load', () => {
      let payload: unknown;
      try {
        payload = JSON.parse(xhr.responseText);
      } catch {
        payload = undefined;
      }
      resolve({ status: xhr.status, payload });
    });
    xhr.addEventListener('error', () => reject(networkError('the upload did not reach the server')));
    xhr.addEventListener('abort', () => reject(networkError('the upload was cancelled')));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
