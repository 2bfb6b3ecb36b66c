import { describe, expect, it } from 'vitest';
import { WorkflowError } from './errors.ts';

const frames = (error: Error) =>
  (error.stack ?? '').split('\n').filter((line) => line.trim().startsWith('at '));

describe('WorkflowError', () => {
  it('records no stack for a refusal (an expected answer), and leaves the global limit as it was', () => {
    const limit = (Error as { stackTraceLimit?: number }).stackTraceLimit;
    const refusal = WorkflowError.notAllowed('role', 'not this role');
    expect(refusal).toMatchObject({ code: 'EVENT_NOT_ALLOWED', reason: 'role', message: 'not this role' });
    expect(frames(refusal)).toHaveLength(0);
    expect((Error as { stackTraceLimit?: number }).stackTraceLimit).toBe(limit);
  });

  it('keeps the stack of the other errors (a definition mistake must say where it was made)', () => {
    expect(frames(new WorkflowError('INVALID_DEFINITION', 'bad')).length).toBeGreaterThan(0);
    expect(frames(new Error('plain')).length).toBeGreaterThan(0);
  });
});
