/**
 * The wire contract (@doanflow/client/contract, zod) is the one source of the server's route
 * schemas, its OpenAPI document and the client's types. What the engine and the runtime produce
 * must be exactly what the contract says leaves the server: checked by `pnpm typecheck` (tsc -b).
 */
import type * as Client from '@doanflow/client';
import type { ErrorDetails } from '@doanflow/client';
import type { ErrorCode } from '@doanflow/client/contract';
import type {
  AllowedEvent,
  CalendarYear,
  DossierEventView,
  DossierKindView,
  HolidayNotice,
  HistoryEntry,
  Label,
  MediaType,
  PendingTimer,
  RefusalReason,
  Signature,
  StateDescription,
  WorkflowErrorCode,
} from '@doanflow/engine';
import { describe, expectTypeOf, it } from 'vitest';
import type { ServerErrorCode } from '../../src/errors.ts';
import type { SendCommand } from '../../src/runner/contract.ts';

describe('the engine and the server speak the wire contract', () => {
  it('has the engine types the views are made of', () => {
    expectTypeOf<Client.Label>().toEqualTypeOf<Label>();
    expectTypeOf<Client.AllowedEvent>().toEqualTypeOf<AllowedEvent>();
    expectTypeOf<Client.PendingTimer>().toEqualTypeOf<PendingTimer>();
    expectTypeOf<Client.CalendarYear>().toEqualTypeOf<CalendarYear>();
    expectTypeOf<Client.HolidayNotice>().toEqualTypeOf<HolidayNotice>();
    expectTypeOf<Client.StateDescription>().toEqualTypeOf<StateDescription>();
    expectTypeOf<Client.MediaType>().toEqualTypeOf<MediaType>();
    expectTypeOf<Client.DossierKindView>().toEqualTypeOf<DossierKindView>();
    expectTypeOf<Client.DossierEventView>().toEqualTypeOf<DossierEventView>();
    expectTypeOf<Client.Signature>().toEqualTypeOf<Signature>();
  });

  it('records history entries the contract can carry', () => {
    expectTypeOf<Omit<HistoryEntry, 'actor'>>().toExtend<
      Omit<Client.HistoryView, 'actor' | 'acting' | 'hash' | 'prevHash'>
    >();
  });

  it('documents every error code the server and the engine raise, and no other', () => {
    // With the codes the error handler gives Fastify's own refusals (plugins/error-handler.ts).
    type FastifyRefusal = 'PAYLOAD_TOO_LARGE' | 'URI_TOO_LONG' | 'HEADERS_TOO_LARGE';
    expectTypeOf<ErrorCode>().toEqualTypeOf<ServerErrorCode | WorkflowErrorCode | FastifyRefusal>();
    expectTypeOf<ErrorDetails<'EVENT_NOT_ALLOWED'>['reason']>().toEqualTypeOf<RefusalReason>();
  });

  it('accepts what the client sends', () => {
    expectTypeOf<Client.DecisionCommand>().toExtend<SendCommand>();
  });
});
