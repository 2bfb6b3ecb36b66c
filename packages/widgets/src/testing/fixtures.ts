import type {
  CalendarYear,
  DefinitionView,
  DiagramView,
  HistoryView,
  InboxPage,
  InstanceView,
  TaskView,
} from '@doanflow/client';
import { roleLabels } from '../i18n/roles.ts';

const empty = { type: 'object', properties: {}, additionalProperties: false };
const reason = {
  type: 'object',
  properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } },
  required: ['reason'],
};
// As member transfer v2 serves it: the date only (the number is the register's).
const referral = {
  type: 'object',
  properties: {
    issuedOn: { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  },
  required: ['issuedOn'],
};
const event = (
  type: string,
  vi: string,
  en: string,
  payload: object,
  extra: Partial<DefinitionView['events'][number]> = {},
) => ({
  type,
  label: { vi, en },
  decision: true,
  irreversible: false,
  timer: false,
  tone: 'neutral' as const,
  payload: payload as Record<string, unknown>,
  ...extra,
});

/** A member-transfer definition shaped like GET /definitions/member-transfer answers. */
export const transferDefinition: DefinitionView = {
  id: 'member-transfer',
  version: 1,
  versions: [1],
  title: { vi: 'Chuyển sinh hoạt đoàn', en: 'Member transfer' },
  description: null,
  summary: {},
  input: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      memberId: { type: 'string', minLength: 1 },
      kind: { type: 'string', enum: ['permanent', 'temporary', 'residence'] },
      reason: { type: 'string', minLength: 1, maxLength: 2000 },
      memberIsCadre: { type: 'boolean', default: false },
      until: { type: 'string', format: 'date' },
      yearsOfMembership: { type: 'integer', minimum: 0 },
    },
    required: ['memberId', 'kind', 'reason'],
  },
  events: [
    event('ISSUE_REFERRAL', 'Cấp giấy giới thiệu', 'Issue referral', referral, { tone: 'positive' }),
    event('RETURN_TO_BRANCH', 'Trả lại chi đoàn', 'Return to branch', reason),
    event('CANCEL', 'Hủy chuyển sinh hoạt', 'Cancel transfer', reason, {
      irreversible: true,
      tone: 'destructive',
    }),
    event('ACCEPT', 'Tiếp nhận', 'Accept', empty, { tone: 'positive' }),
    event('ACKNOWLEDGE', 'Chi đoàn xác nhận tiếp nhận', 'Acknowledge', empty, { decision: false }),
    event('RESPONSE_OVERDUE', 'Quá hạn tiếp nhận', 'Response overdue', empty, { timer: true }),
  ],
  states: [
    { path: 'requested', label: { vi: 'Đề nghị chuyển', en: 'Requested' } },
    { path: 'sourceBranch', label: { vi: 'Chi đoàn nơi đi xác nhận', en: 'Source branch review' } },
    { path: 'sourceBase', label: { vi: 'Đoàn cơ sở nơi đi giới thiệu', en: 'Source base referral' } },
    { path: 'completed', label: { vi: 'Hoàn thành', en: 'Completed' } },
  ],
  statechart: ['requested', 'sourceBranch', 'sourceBase', 'completed'].map((path, index, all) => ({
    path,
    label: { vi: path, en: path },
    type: path === 'completed' ? ('final' as const) : ('atomic' as const),
    initial: null,
    transitions:
      index < all.length - 1 ? [{ event: 'NEXT', targets: [all[index + 1]!], guarded: false }] : [],
    children: [],
  })),
};

export const transferInstance: InstanceView = {
  id: 'inst-1',
  workflowId: 'member-transfer',
  version: 1,
  title: transferDefinition.title,
  state: 'sourceBase',
  stateLabel: { vi: 'Đoàn cơ sở nơi đi giới thiệu', en: 'Source base referral' },
  status: 'active',
  revision: 3,
  orgUnitId: 'base-1',
  summary: { memberId: 'p-an', kind: 'permanent', reason: 'Chuyển nơi cư trú' },
  names: { 'p-an': 'Nguyễn Văn An' },
  tasks: [],
  allowedEvents: [
    {
      type: 'ISSUE_REFERRAL',
      label: { vi: 'Cấp giấy giới thiệu', en: 'Issue referral' },
      acting: ['self', 'KT'],
      decision: true,
      irreversible: false,
    },
    {
      type: 'RETURN_TO_BRANCH',
      label: { vi: 'Trả lại chi đoàn', en: 'Return to branch' },
      acting: ['self'],
      decision: true,
      irreversible: false,
    },
    {
      type: 'CANCEL',
      label: { vi: 'Hủy chuyển sinh hoạt', en: 'Cancel transfer' },
      acting: ['self'],
      decision: true,
      irreversible: true,
    },
  ],
  timers: [
    {
      id: 't1',
      name: 'reminder',
      kind: 'reminder',
      due: '2026-11-25T02:00:00.000Z',
      event: { type: 'RESPONSE_OVERDUE', payload: {} },
    },
  ],
  createdAt: '2026-11-16T02:00:00.000Z',
  updatedAt: '2026-11-18T02:00:00.000Z',
};

/**
 * The server's calendar for 2026 as GET /calendar/2026 gives it (abridged): version `version` of
 * the notice, and for tests one more day off in the week of `fixedNow` (Tuesday 24/11, made up).
 */
export const calendar2026 = (version = 1, extraDayOff = false): CalendarYear => ({
  year: 2026,
  weekend: [0, 6],
  notice: {
    version,
    reference: 'Thông báo',
    issuedOn: null,
    note: null,
    effectiveFrom: '2025-12-01T00:00:00.000Z',
  },
  provisional: false,
  holidays: [
    {
      key: 'newYear',
      name: { vi: 'Tết Dương lịch', en: "New Year's Day" },
      daysOff: ['2026-01-01', '2026-01-02'],
      workdays: [{ date: '2026-01-10', replaces: '2026-01-02' }],
      provisional: false,
    },
    ...(extraDayOff
      ? [
          {
            key: 'other' as const,
            name: { vi: 'Ngày nghỉ thử nghiệm', en: 'A test day off' },
            daysOff: ['2026-11-24'],
            workdays: [],
            provisional: false,
          },
        ]
      : []),
  ],
});

/** A Monday morning in Hà Nội: the reminder above is due two working days later (Wednesday). */
export const fixedNow = () => new Date('2026-11-23T02:00:00.000Z');

/** A role's words as the server sends them with each task and history entry. */
const wordsOf = (role: string) => roleLabels[role] ?? { vi: role, en: role };

const actor = (name: string | null, role: string, unitName: string | null) => ({
  personId: name ? `p-${role}` : null,
  role,
  roleLabel: wordsOf(role),
  unitId: unitName ? `u-${role}` : null,
  acting: 'self' as const,
  name,
  unitName,
});

/** The fixture workflow as GET /definitions/member-transfer/diagram lays it out (hand-placed, one column). */
export const transferDiagram: DiagramView = {
  workflowId: 'member-transfer',
  version: 1,
  locale: 'vi',
  width: 200,
  height: 360,
  nodes: [
    ['requested', 'Đề nghị chuyển'],
    ['sourceBranch', 'Chi đoàn nơi đi xác nhận'],
    ['sourceBase', 'Đoàn cơ sở nơi đi giới thiệu'],
    ['completed', 'Hoàn thành'],
  ].map(([path, label], index) => ({
    path: path!,
    type: path === 'completed' ? ('final' as const) : ('atomic' as const),
    depth: 0,
    x: 16,
    y: index * 96,
    width: 168,
    height: 40,
    lines: [label!],
  })),
  edges: [
    ['e0', 'requested', 'sourceBranch', 'NEXT', false],
    ['e1', 'sourceBranch', 'sourceBase', 'CONFIRM', false],
    ['e2', 'sourceBase', 'completed', 'ACCEPT', false],
    ['e3', 'sourceBase', 'sourceBase', 'RESPONSE_OVERDUE', true],
  ].map(([id, from, to, type, timer], index) => ({
    id: id as string,
    from: from as string,
    to: to as string,
    events: [type as string],
    timer: timer as boolean,
    points: [
      { x: 100, y: index * 96 + 40 },
      { x: 100, y: index * 96 + 96 },
    ],
    label: { x: 110, y: index * 96 + 60, width: 80, height: 16, lines: [String(type)] },
  })),
};

export const transferHistory: HistoryView[] = [
  {
    seq: 1,
    type: '$start',
    payload: {},
    comment: null,
    at: '2026-11-16T02:00:00.000Z',
    actor: actor('Nguyễn Văn An', 'member', 'Chi đoàn khu phố 3'),
    acting: 'self',
    timerId: null,
    from: null,
    to: 'requested',
    hash: 'h1',
    prevHash: null,
  },
  {
    seq: 2,
    type: 'CONFIRM',
    payload: {},
    comment: '<img src=x onerror=alert(1)>',
    at: '2026-11-17T03:30:00.000Z',
    actor: actor('Trần Thị Bình', 'branchSecretary', 'Chi đoàn khu phố 3'),
    acting: 'self',
    timerId: null,
    from: 'sourceBranch',
    to: 'sourceBase',
    hash: 'h2',
    prevHash: 'h1',
  },
  {
    seq: 3,
    type: 'RESPONSE_OVERDUE',
    payload: {},
    comment: null,
    at: '2026-11-18T02:00:00.000Z',
    actor: actor(null, 'system', null),
    acting: 'self',
    timerId: 't0',
    from: 'sourceBase',
    to: 'sourceBase',
    hash: 'h3',
    prevHash: 'h2',
  },
];

export const task = (overrides: Partial<TaskView> = {}): TaskView => ({
  instanceId: 'inst-1',
  workflowId: 'member-transfer',
  state: 'sourceBase',
  stateLabel: transferInstance.stateLabel,
  title: transferDefinition.title,
  role: 'baseSecretary',
  roleLabel: wordsOf('baseSecretary'),
  unitId: 'base-1',
  unitName: 'Đoàn phường Bến Nghé',
  personId: null,
  events: ['ISSUE_REFERRAL', 'RETURN_TO_BRANCH', 'CANCEL'],
  due: '2026-11-25T02:00:00.000Z',
  overdue: false,
  subject: 'Nguyễn Văn An — chuyển sinh hoạt',
  updatedAt: '2026-11-18T02:00:00.000Z',
  ...overrides,
});

export const inboxPage = (items: TaskView[], nextCursor: string | null = null): InboxPage => ({
  items,
  nextCursor,
  counts: {
    total: items.length,
    overdue: items.filter((item) => item.overdue).length,
    byWorkflow: { 'member-transfer': items.length },
  },
});
