import { isWorkflowError, type Principal } from '@doanflow/engine';
import { ServerError } from '../errors.ts';
import type { BulkItem, BulkResult, WorkflowRuntime } from './contract.ts';

/**
 * Bulk decisions: each item is its own command and transaction, so one refusal (stale revision,
 * wrong role) is reported for that item and the others still go through.
 */
export async function sendEach(
  runtime: Pick<WorkflowRuntime, 'send'>,
  items: BulkItem[],
  principal: Principal,
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const item of items) {
    try {
      const instance = await runtime.send(item.instanceId, item.command, principal, {
        expectedRevision: item.expectedRevision,
      });
      results.push({ instanceId: item.instanceId, ok: true, instance });
    } catch (error) {
      if (!(error instanceof ServerError) && !isWorkflowError(error)) throw error;
      results.push({
        instanceId: item.instanceId,
        ok: false,
        error: { code: error.code, message: error.message, details: error.details },
      });
    }
  }
  return results;
}
