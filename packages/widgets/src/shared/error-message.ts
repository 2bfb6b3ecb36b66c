import type { DoanflowApiError } from '../client/errors.ts';
import type { MessageKey } from '../i18n/messages.vi.ts';
import type { Translate } from '../i18n/translate.ts';
import { vi } from '../i18n/messages.vi.ts';

/** The officer-facing sentence for an error code; unknown codes name the code. */
export function errorMessage(error: Pick<DoanflowApiError, 'code'>, t: Translate): string {
  const key = `error.${error.code}`;
  return key in vi ? t(key as MessageKey) : t('error.generic', { code: error.code });
}
