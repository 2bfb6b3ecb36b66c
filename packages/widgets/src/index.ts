/** @doanflow/widgets: React widgets (with a Provider) and the typed client they use. */
export { DoanflowProvider } from './provider/DoanflowProvider.tsx';
export type { DoanflowProviderProps } from './provider/DoanflowProvider.tsx';
export { useDoanflow } from './provider/context.ts';
export type { DoanflowContextValue, Navigation } from './provider/context.ts';

export { Inbox } from './Inbox/Inbox.tsx';
export type { InboxProps } from './Inbox/Inbox.tsx';
export type { UnitOption } from './Inbox/InboxFilters.tsx';
export { ApprovalPanel } from './ApprovalPanel/ApprovalPanel.tsx';
export type { ApprovalPanelProps, DecisionMade } from './ApprovalPanel/ApprovalPanel.tsx';
export { Dossier } from './Dossier/Dossier.tsx';
export type { DossierProps, PendingDocuments } from './Dossier/Dossier.tsx';
export { Timeline } from './Timeline/Timeline.tsx';
export type { TimelineProps } from './Timeline/Timeline.tsx';
export { StartForm } from './StartForm/StartForm.tsx';
export type { StartFormProps } from './StartForm/StartForm.tsx';
export { ProgressDiagram } from './ProgressDiagram/ProgressDiagram.tsx';
export type { ProgressDiagramProps } from './ProgressDiagram/ProgressDiagram.tsx';
export { Dashboard } from './Dashboard/Dashboard.tsx';
export type { DashboardProps } from './Dashboard/Dashboard.tsx';

export * from '@doanflow/client';
export {
  catalogues,
  translator,
  translatorFor,
  pickLabel,
  formatDate,
  formatDateTime,
  workingDaysBetween,
  timerPhrase,
  roleLabels,
} from './i18n/index.ts';
export type { MessageKey, Messages, Translate } from './i18n/index.ts';
export { DoanflowStyles, stylesheet, themeDefaults } from './theme/index.ts';
export type { DoanflowTheme, ThemeToken } from './theme/index.ts';
