import type { HistoryRow, InstanceRow, TaskRow, TimerRow } from './rows.ts';

/**
 * The migrations are the one source of the table schema (docs/persistence.md). The row types in
 * rows.ts are held to it here: each lists every column of its table with the PostgreSQL type the
 * migrations give it, and the compiler makes each list name exactly the row type's keys, nullable
 * exactly where the type admits null. test/runtime/row-columns.test.ts compares the lists with a
 * freshly migrated database, so a migration and a row type cannot drift apart.
 */
interface Column<T> {
  /** information_schema's udt_name: text, int4, int8, bool, jsonb, timestamptz, _text (text[]). */
  type: 'text' | 'int4' | 'int8' | 'bool' | 'jsonb' | 'timestamptz' | '_text';
  nullable: null extends T ? true : false;
}

type Columns<Row> = { readonly [K in keyof Row]-?: Column<Row[K]> };

const text = { type: 'text', nullable: false } as const;
const optionalText = { type: 'text', nullable: true } as const;
const int4 = { type: 'int4', nullable: false } as const;
const jsonb = { type: 'jsonb', nullable: false } as const;
const optionalJsonb = { type: 'jsonb', nullable: true } as const;
const instant = { type: 'timestamptz', nullable: false } as const;
const optionalInstant = { type: 'timestamptz', nullable: true } as const;

export const instanceColumns = {
  id: text,
  workflow_id: text,
  version: int4,
  state: text,
  status: text,
  org_unit_id: optionalText,
  unit_ids: jsonb,
  subject_person_id: optionalText,
  participant_ids: { type: '_text', nullable: true },
  campaign_id: optionalText,
  snapshot: jsonb,
  revision: int4,
  last_hash: text,
  created_at: instant,
  updated_at: instant,
} as const satisfies Columns<InstanceRow>;

export const historyColumns = {
  instance_id: text,
  seq: int4,
  type: text,
  payload: optionalJsonb,
  policy: optionalJsonb,
  actor_person_id: optionalText,
  actor_role: text,
  actor_unit_id: optionalText,
  acting: text,
  comment: optionalText,
  from_state: optionalText,
  to_state: text,
  at: instant,
  timer_id: optionalText,
  attachments: optionalJsonb,
  signature: optionalJsonb,
  on_behalf_of: optionalText,
  facts: optionalJsonb,
  issued: optionalJsonb,
  prev_hash: optionalText,
  hash: text,
} as const satisfies Columns<HistoryRow>;

export const taskColumns = {
  id: { type: 'int8', nullable: false },
  instance_id: text,
  workflow_id: text,
  version: int4,
  state: text,
  role: text,
  unit_id: optionalText,
  unit_path: { type: '_text', nullable: false },
  or_above: { type: 'bool', nullable: false },
  person_id: optionalText,
  relation: text,
  events: jsonb,
  due: optionalInstant,
  subject: text,
  search: text,
  updated_at: instant,
  // `revision` is the instance's, read with an inbox page: not a column of tasks.
} as const satisfies Columns<Omit<TaskRow, 'revision'>>;

export const timerColumns = {
  id: text,
  instance_id: text,
  name: text,
  kind: text,
  due: instant,
  event: jsonb,
  status: text,
  calendar: optionalJsonb,
  created_at: instant,
  settled_at: optionalInstant,
} as const satisfies Columns<TimerRow>;

/** Each table the runner writes row by row, with its columns. */
export const tableColumns = {
  instances: instanceColumns,
  history: historyColumns,
  tasks: taskColumns,
  timers: timerColumns,
};
