import { isWorkflowError, ownEntry, type Principal, type WorkflowRegistry } from '@doanflow/engine';
import { ServerError } from '../errors.ts';
import type { BulkItem, BulkResult, WorkflowRuntime } from './contract.ts';

interface BulkDeps {
  runtime: Pick<WorkflowRuntime, 'send' | 'get'>;
  registry: WorkflowRegistry;
  log: (message: string, error?: unknown) => void;
}

interface ItemProblem {
  index: number;
  instanceId: string;
  code: string;
  message: string;
  details?: unknown;
}

/**
 * What can be known about an item before anything is written: its event is one of its workflow's
 * (own keys only) and its payload has that event's shape. An instance the caller cannot see is left
 * to the send, which reports it for that item alone (404, existence not leaked).
 */
async function problemOf(deps: BulkDeps, item: BulkItem, index: number, principal: Principal) {
  let view;
  try {
    view = await deps.runtime.get(item.instanceId, principal);
  } catch (error) {
    if (error instanceof ServerError || isWorkflowError(error)) return null;
    throw error;
  }
  const definition = deps.registry.get(view.workflowId, view.version);
  const spec = ownEntry(definition.events, item.command.type);
  const problem = (code: string, message: string, details?: unknown): ItemProblem => ({
    index,
    instanceId: item.instanceId,
    code,
    message,
    ...(details === undefined ? {} : { details }),
  });
  if (!spec) return problem('UNKNOWN_EVENT', `${definition.id} has no event "${item.command.type}"`);
  const payload = spec.payload.safeParse(item.command.payload ?? {});
  if (!payload.success) {
    return problem('INVALID_PAYLOAD', `the payload of ${item.command.type} is not valid`, {
      issues: payload.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
    });
  }
  return null;
}

/**
 * Bulk decisions. Every item is checked first; one that cannot be valid refuses the whole request
 * (400 INVALID_BULK_ITEMS, nothing written). Then each item is its own command and transaction, so
 * a refusal met while sending (stale revision, wrong role, even an unexpected fault) is reported for
 * that item and the others still go through: the batch itself never fails half-written.
 */
export async function sendEach(
  deps: BulkDeps,
  items: BulkItem[],
  principal: Principal,
): Promise<BulkResult[]> {
  const problems: ItemProblem[] = [];
  for (const [index, item] of items.entries()) {
    const problem = await problemOf(deps, item, index, principal);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) {
    throw new ServerError('INVALID_BULK_ITEMS', 'some items are not valid: nothing was sent', {
      items: problems,
    });
  }
  const results: BulkResult[] = [];
  for (const item of items) {
    try {
      const instance = await deps.runtime.send(item.instanceId, item.command, principal, {
        expectedRevision: item.expectedRevision,
      });
      results.push({ instanceId: item.instanceId, ok: true, instance });
    } catch (error) {
      if (error instanceof ServerError || isWorkflowError(error)) {
        results.push({
          instanceId: item.instanceId,
          ok: false,
          error: { code: error.code, message: error.message, details: error.details },
        });
        continue;
      }
      deps.log(`bulk: item for ${item.instanceId} failed unexpectedly`, error);
      results.push({
        instanceId: item.instanceId,
        ok: false,
        error: { code: 'INTERNAL', message: 'this item could not be sent; nothing was written for it' },
      });
    }
  }
  return results;
}
