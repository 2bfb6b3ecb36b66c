/** A node of `explain (format json)`'s plan, as far as the plan tests read it. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Scan Direction'?: string;
  'Index Cond'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Every node of a plan, in plan order. */
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/** The tables a plan reads whole (sequential scans), in plan order. */
export const scansOf = (node: PlanNode): string[] =>
  nodesOf(node).flatMap((each) => (each['Node Type'] === 'Seq Scan' ? [each['Relation Name'] ?? '?'] : []));

/**
 * How a plan reads the given tables, in plan order: each read's kind and what it looks rows up by
 * (its Index Cond), or "every row" when it has none (a scan, or a whole index read in order).
 */
export const readsOf = (node: PlanNode, tables: readonly string[]): string[] =>
  nodesOf(node).flatMap((each) => {
    const table = each['Relation Name'];
    if (!table || !tables.includes(table)) return [];
    const kind = `${each['Node Type']}${each['Scan Direction'] === 'Backward' ? ' Backward' : ''}`;
    return [`${kind} on ${table} by ${each['Index Cond'] ?? 'every row'}`];
  });

/** The indexes a plan reads the given table through, in plan order. */
export const indexesOf = (node: PlanNode, table: string): string[] =>
  nodesOf(node).flatMap((each) =>
    each['Relation Name'] === table && each['Index Name'] ? [each['Index Name']] : [],
  );
