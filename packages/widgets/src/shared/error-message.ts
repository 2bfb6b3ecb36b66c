import type { DoanflowApiError } from '@doanflow/client';
import type { MessageKey } from '../i18n/messages.vi.ts';
import type { Translate } from '../i18n/translate.ts';
import { vi } from '../i18n/messages.vi.ts';

/**
 * The officer-facing sentence for an error code; unknown codes name the code. `values` fill the
 * sentence's placeholders (a size limit, the documents missing).
 */
export function errorMessage(
  error: Pick<DoanflowApiError, 'code'>,
  t: Translate,
  values: Record<string, string | number> = {},
): string {
  const key = `error.${error.code}`;
  return key in vi ? t(key as MessageKey, values) : t('error.generic', { code: error.code });
}
