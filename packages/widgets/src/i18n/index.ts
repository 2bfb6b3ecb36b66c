export { catalogues, translator } from './catalogues.ts';
export { translatorFor, pickLabel } from './translate.ts';
export type { Translate } from './translate.ts';
export type { MessageKey, Messages } from './messages.vi.ts';
export { formatDate, formatDateTime, workingDaysBetween } from './dates.ts';
export { roleLabels } from './roles.ts';
export { timerPhrase } from './timer-phrase.ts';
