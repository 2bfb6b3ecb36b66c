import type { AnyWorkflowDefinition } from './define-workflow.ts';
import { WorkflowError } from './errors.ts';

/**
 * Keeps every version of every workflow: an instance started on v1 keeps running on v1 after v2 is
 * registered, while new instances start on the latest version.
 */
export class WorkflowRegistry {
  private readonly byId = new Map<string, Map<number, AnyWorkflowDefinition>>();

  constructor(definitions: Iterable<AnyWorkflowDefinition> = []) {
    for (const definition of definitions) this.register(definition);
  }

  register(definition: AnyWorkflowDefinition): this {
    const versions = this.byId.get(definition.id) ?? new Map<number, AnyWorkflowDefinition>();
    if (versions.has(definition.version)) {
      throw new WorkflowError(
        'INVALID_DEFINITION',
        `${definition.id} v${definition.version} is already registered`,
      );
    }
    versions.set(definition.version, definition);
    this.byId.set(definition.id, versions);
    return this;
  }

  /** A given version, or the latest when none is named. */
  get(id: string, version?: number): AnyWorkflowDefinition {
    const versions = this.byId.get(id);
    if (!versions) throw new WorkflowError('UNKNOWN_WORKFLOW', `no workflow "${id}"`, { workflowId: id });
    const wanted = version ?? Math.max(...versions.keys());
    const definition = versions.get(wanted);
    if (!definition) {
      throw new WorkflowError('UNKNOWN_VERSION', `${id} has no version ${wanted}`, {
        workflowId: id,
        versions: [...versions.keys()].sort((a, b) => a - b),
      });
    }
    return definition;
  }

  /** The latest version of each workflow. */
  latest(): AnyWorkflowDefinition[] {
    return [...this.byId.keys()].map((id) => this.get(id));
  }

  versions(id: string): number[] {
    return [...(this.byId.get(id)?.keys() ?? [])].sort((a, b) => a - b);
  }

  all(): AnyWorkflowDefinition[] {
    return [...this.byId.values()].flatMap((versions) => [...versions.values()]);
  }
}
