/**
 * The client's wire types (types.ts) against the server's own: responses the server sends must fit
 * what the widgets read, and requests the widgets send must fit what the server accepts. Type-only
 * imports from the server vanish from every bundle. Checked by Vitest's typecheck (tsconfig.contract.json).
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { DefinitionView as ServerDefinitionView } from '../../../server/src/routes/definitions/definition-view.ts';
import type { DiagramView as ServerDiagramView } from '../../../server/src/routes/definitions/diagram-view.ts';
import type {
  BulkResult as ServerBulkResult,
  ChangeEvent as ServerChangeEvent,
  HistoryView as ServerHistoryView,
  InboxPage as ServerInboxPage,
  InboxQuery as ServerInboxQuery,
  InstanceView as ServerInstanceView,
  TaskView as ServerTaskView,
} from '../../../server/src/runner/contract.ts';
import type { ErrorBody as ServerErrorBody } from '../../../server/src/routes/shared/error-schema.ts';
import type {
  AttachmentView as ServerAttachmentView,
  DossierView as ServerDossierView,
} from '../../../server/src/attachments/views.ts';
import type { SendCommand } from '../../../server/src/runner/contract.ts';
import type {
  AllowedEvent as EngineAllowedEvent,
  CalendarYear as EngineCalendarYear,
  PendingTimer as EnginePendingTimer,
  StateDescription as EngineStateDescription,
} from '../../../engine/src/index.ts';
import type {
  AllowedEvent,
  AttachmentView,
  BulkResult,
  CalendarYear,
  ChangeEvent,
  DecisionCommand,
  DefinitionView,
  DiagramView,
  DossierView,
  ErrorBody,
  HistoryView,
  InboxPage,
  InboxQuery,
  InstanceView,
  PendingTimer,
  StateDescription,
  TaskView,
} from './types.ts';

describe('wire types mirror the server', () => {
  it('has the same views', () => {
    expectTypeOf<InstanceView>().toEqualTypeOf<ServerInstanceView>();
    expectTypeOf<TaskView>().toEqualTypeOf<ServerTaskView>();
    expectTypeOf<InboxPage>().toEqualTypeOf<ServerInboxPage>();
    expectTypeOf<ChangeEvent>().toEqualTypeOf<ServerChangeEvent>();
    expectTypeOf<BulkResult>().toEqualTypeOf<ServerBulkResult>();
    expectTypeOf<AllowedEvent>().toEqualTypeOf<EngineAllowedEvent>();
    expectTypeOf<PendingTimer>().toEqualTypeOf<EnginePendingTimer>();
    expectTypeOf<CalendarYear>().toEqualTypeOf<EngineCalendarYear>();
    expectTypeOf<StateDescription>().toEqualTypeOf<EngineStateDescription>();
    expectTypeOf<DiagramView>().toEqualTypeOf<ServerDiagramView>();
  });

  it('reads everything the server sends', () => {
    expectTypeOf<ServerHistoryView>().toExtend<HistoryView>();
    expectTypeOf<ServerDefinitionView>().toExtend<DefinitionView>();
    expectTypeOf<ServerErrorBody>().toExtend<ErrorBody>();
    expectTypeOf<ServerDossierView>().toExtend<DossierView>();
    expectTypeOf<ServerAttachmentView>().toExtend<AttachmentView>();
  });

  it('sends only what the server accepts', () => {
    expectTypeOf<InboxQuery>().toExtend<ServerInboxQuery>();
    expectTypeOf<DecisionCommand>().toExtend<SendCommand>();
  });
});
