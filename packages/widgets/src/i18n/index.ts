export { catalogues, translator } from './catalogues.ts';
export { translatorFor, pickLabel, isLocale } from './translate.ts';
export type { Translate } from './translate.ts';
export type { MessageKey, Messages } from './messages.vi.ts';
export { formatDate, formatDateTime, vietnamDay, workingDaysBetween, VIETNAM_TIME_ZONE } from './dates.ts';
export { roleLabels } from './roles.ts';
export { timerPhrase } from './timer-phrase.ts';
