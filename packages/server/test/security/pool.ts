import type { InstanceSnapshot } from '@doanflow/engine';
import { multipart, pdf } from '../support/files.ts';
import type { SecureServer } from './support.ts';
import { bearer } from './support.ts';

/**
 * Instances of all five workflows driven by legitimate officers into varied states, before and
 * after the 1 July 2025 reorganisation. Each script is replayed once per stop point, so the pool
 * holds one instance stopped at each of them.
 */

type Step =
  | { at?: string; by: string; type: string; payload?: unknown; files?: File[] }
  /** Deliver the pending timer that sends this event, at its due time. */
  | { at?: string; fire: string };

/** A file the officer uploads, then sends with the event. */
interface File {
  kind: string;
  name: string;
  bytes: Buffer;
}

interface Script {
  name: string;
  workflowId: string;
  at: string;
  by: string;
  input: unknown;
  steps: Step[];
  /** How many steps to apply for each instance kept (0: just started). */
  stops: number[];
}

const at = (date: string) => `${date}T02:00:00.000Z`;
const reason = 'Chuyển nơi cư trú';
const planItem = (hostUnitId: string, from: string, to: string) => ({
  hostUnitId,
  from,
  to,
  content: 'branchMeeting',
  purpose: 'Dự sinh hoạt chi đoàn, hướng dẫn mô hình "3 có"',
});
const documents = (by: string): Step[] =>
  (['requestLetter', 'meetingRecord', 'nomineeList', 'achievementReport'] as const).map((kind) => ({
    by,
    type: 'ADD_DOCUMENT',
    files: [{ kind, name: `Hồ sơ ${kind}.pdf`, bytes: pdf(kind) }],
  }));
const meetingRecord = (): File[] => [{ kind: 'meetingRecord', name: 'Biên bản họp BTV.pdf', bytes: pdf() }];
const branchAward = {
  id: 'cd-kdc-xuat-sac',
  name: 'Chi đoàn khu dân cư xuất sắc tiêu biểu',
  nomineeKind: 'branch',
};
const personAward = { id: 'bi-thu-gioi', name: 'Bí thư chi đoàn giỏi', nomineeKind: 'person' };
const nomination = {
  campaignId: 'dot-26-3-2026',
  awardingUnitId: 'dn',
  deadline: '2026-03-20T10:00:00.000Z',
  alreadySubmitted: 0,
  councilSize: 6,
};

/** A field-visit year walked from planning to the report review. */
function visitYear(year: number, cadreId: string, host: string, hostOfficer: string): Step[] {
  const d = (md: string) => `${year}-${md}`;
  return [
    {
      at: at(d('04-02')),
      by: cadreId,
      type: 'SUBMIT_PLAN',
      payload: { items: [planItem(host, d('04-21'), d('04-24'))] },
    },
    { by: 'p-tuan', type: 'APPROVE_PLAN' },
    {
      at: at(d('04-08')),
      by: 'p-ha',
      type: 'ISSUE_TRAVEL_ORDER',
      payload: { orderNumber: '15-QĐ/TĐTN', issuedOn: d('04-08') },
    },
    { by: hostOfficer, type: 'HOST_CONFIRM' },
    {
      at: at(d('04-17')),
      by: cadreId,
      type: 'LOG_PREPARATION',
      payload: { visitedOn: d('04-17'), notes: 'Thống nhất nội dung' },
    },
    { at: at(d('04-21')), by: cadreId, type: 'START_VISIT', payload: { arrivedOn: d('04-21') } },
    { at: at(d('04-24')), by: cadreId, type: 'END_VISIT', payload: { lastDay: d('04-24') } },
    {
      at: at(d('04-28')),
      by: cadreId,
      type: 'SUBMIT_REPORT',
      payload: {
        evaluatedWithHostOn: d('04-27'),
        results: 'Chi đoàn sinh hoạt đúng nội dung',
        lessons: 'Chuẩn bị sớm',
      },
    },
  ];
}

export const scripts: Script[] = [
  // ---- before the reorganisation: Huyện đoàn Bắc Trà My and Đoàn thị trấn Trà My still exist
  {
    name: 'transfer from Tổ dân phố 1 (Trà My town, merged later)',
    workflowId: 'member-transfer',
    at: at('2025-03-10'),
    by: 'p-dung',
    input: {
      memberId: 'p-dung',
      kind: 'permanent',
      sourceBranchId: 'cd-tdp1',
      destinationBaseId: 'hoachau',
      reason,
    },
    steps: [
      { by: 'p-dung', type: 'SUBMIT' },
      { by: 'p-giang', type: 'CONFIRM', payload: { duesPaidThrough: '2025-02', memberBookComment: 'Tốt' } },
      {
        at: at('2025-03-11'),
        by: 'p-son',
        type: 'ISSUE_REFERRAL',
        payload: { referralNumber: '3/GGT', issuedOn: '2025-03-11' },
      },
      { at: at('2025-03-12'), by: 'p-dung', type: 'PRESENT_REFERRAL' },
      { by: 'p-nga', type: 'ACCEPT' },
      { by: 'p-nga', type: 'ASSIGN_BRANCH', payload: { branchId: 'cd-kdc-tayan' } },
    ],
    stops: [0, 1, 2, 3, 4, 5, 6],
  },
  {
    name: 'transfer into Trà My town, escalated to the district',
    workflowId: 'member-transfer',
    at: at('2025-05-05'),
    by: 'p-vy',
    input: {
      memberId: 'p-lan',
      kind: 'permanent',
      sourceBranchId: 'cd-kdc-tayan',
      destinationBaseId: 'tt-tramy',
      reason,
    },
    steps: [
      { by: 'p-vy', type: 'SUBMIT' },
      { by: 'p-vy', type: 'CONFIRM', payload: { duesPaidThrough: '2025-04', memberBookComment: 'Tốt' } },
      {
        at: at('2025-05-06'),
        by: 'p-nga',
        type: 'ISSUE_REFERRAL',
        payload: { referralNumber: '4/GGT', issuedOn: '2025-05-06' },
      },
      { at: at('2025-05-07'), by: 'p-lan', type: 'PRESENT_REFERRAL' },
      { fire: 'RESPONSE_OVERDUE' },
    ],
    // Stop 2 waits for Hòa Châu's Bí thư, whose role is delegated part of the time (ủy quyền).
    stops: [0, 2, 3, 4, 5],
  },
  {
    name: 'review of Tổ dân phố 1, 2025',
    workflowId: 'branch-review',
    at: at('2025-03-10'),
    by: 'p-son',
    input: { branchId: 'cd-tdp1', year: 2025, baseId: 'tt-tramy' },
    steps: [
      {
        by: 'p-giang',
        type: 'RECORD_CADRE',
        payload: { name: 'Hồ Văn Giang', position: 'secretary', since: '2024-01-01' },
      },
      {
        by: 'p-giang',
        type: 'SAVE_DRAFT',
        payload: { proposedLevel: 'notCompleted', selfAssessment: 'Chưa đủ "3 có"' },
      },
      { by: 'p-giang', type: 'SUBMIT' },
      {
        at: at('2025-03-11'),
        by: 'p-son',
        type: 'PROPOSE_LEVEL',
        payload: {
          level: 'notCompleted',
          meetingRecordNumber: 'BB-1',
          meetingDate: '2025-03-11',
          appraisal: 'Đúng',
        },
        files: meetingRecord(),
      },
      { at: at('2025-03-12'), by: 'p-quy', type: 'APPROVE' },
      { by: 'p-giang', type: 'APPEAL', payload: { grounds: 'Chưa tính công trình thanh niên' } },
    ],
    stops: [0, 2, 3, 4, 5, 6],
  },
  {
    name: 'field visits of p-quy, 2025, hosted by Trà Đốc',
    workflowId: 'field-visit',
    at: at('2025-04-01'),
    by: 'p-tuan',
    input: { cadreId: 'p-quy', unitId: 'dn', year: 2025 },
    steps: visitYear(2025, 'p-quy', 'tradoc', 'p-hieu'),
    stops: [0, 1, 2, 3, 4, 5, 6, 7, 8],
  },
  // ---- after the reorganisation
  {
    name: 'transfer of p-an to Hòa Châu',
    workflowId: 'member-transfer',
    at: at('2026-03-02'),
    by: 'p-an',
    input: {
      memberId: 'p-an',
      kind: 'permanent',
      sourceBranchId: 'cd-thon2',
      destinationBaseId: 'hoachau',
      reason,
    },
    steps: [
      { by: 'p-an', type: 'SUBMIT' },
      { by: 'p-binh', type: 'CONFIRM', payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' } },
      {
        at: at('2026-03-03'),
        by: 'p-khanh',
        type: 'ISSUE_REFERRAL',
        payload: { referralNumber: '5/GGT', issuedOn: '2026-03-03' },
      },
      { at: at('2026-03-04'), by: 'p-an', type: 'PRESENT_REFERRAL' },
      { fire: 'RESPONSE_OVERDUE' },
      { by: 'p-ha', type: 'ACCEPT' },
      { by: 'p-nga', type: 'ASSIGN_BRANCH', payload: { branchId: 'cd-kdc-tayan' } },
      { by: 'p-vy', type: 'ACKNOWLEDGE' },
    ],
    stops: [0, 2, 3, 5, 7, 8],
  },
  {
    name: 'temporary transfer of a cadre (p-thao) to Trà Đốc',
    workflowId: 'member-transfer',
    at: at('2026-03-02'),
    by: 'p-thao',
    input: {
      memberId: 'p-thao',
      kind: 'temporary',
      until: '2026-12-31',
      memberIsCadre: true,
      sourceBranchId: 'cd-tdp3',
      destinationBaseId: 'tradoc',
      reason,
    },
    steps: [
      { by: 'p-thao', type: 'SUBMIT' },
      { by: 'p-kiet', type: 'CONFIRM', payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' } },
      {
        at: at('2026-03-03'),
        by: 'p-minh',
        type: 'ISSUE_REFERRAL',
        payload: { referralNumber: '6/GGT', issuedOn: '2026-03-03' },
      },
      { at: at('2026-03-04'), by: 'p-thao', type: 'PRESENT_REFERRAL' },
      { by: 'p-hieu', type: 'ACCEPT' },
      { by: 'p-hieu', type: 'ASSIGN_BRANCH', payload: { branchId: 'cd-thon5' } },
      { by: 'p-cuong', type: 'ACKNOWLEDGE' },
    ],
    stops: [1, 2, 3, 4, 7],
  },
  {
    name: 'review of thôn 5, 2026',
    workflowId: 'branch-review',
    at: at('2026-03-02'),
    by: 'p-hieu',
    input: { branchId: 'cd-thon5', year: 2026, baseId: 'tradoc' },
    steps: [
      {
        by: 'p-cuong',
        type: 'RECORD_CADRE',
        payload: { name: 'Lê Văn Cường', position: 'secretary', since: '2024-01-01' },
      },
      {
        by: 'p-cuong',
        type: 'SAVE_DRAFT',
        payload: { proposedLevel: 'notCompleted', selfAssessment: 'Chưa đủ "3 có"' },
      },
      { by: 'p-cuong', type: 'SUBMIT' },
      {
        at: at('2026-03-03'),
        by: 'p-hieu',
        type: 'PROPOSE_LEVEL',
        payload: {
          level: 'notCompleted',
          meetingRecordNumber: 'BB-2',
          meetingDate: '2026-03-03',
          appraisal: 'Đúng',
        },
        files: meetingRecord(),
      },
      { at: at('2026-03-04'), by: 'p-ha', type: 'APPROVE' },
      { by: 'p-cuong', type: 'APPEAL', payload: { grounds: 'Chưa tính công trình thanh niên' } },
    ],
    stops: [0, 2, 3, 3, 3, 4, 5, 6],
  },
  {
    name: 'review of thôn 2, 2026, overdue (the base secretary may act)',
    workflowId: 'branch-review',
    at: at('2026-03-02'),
    by: 'p-hieu',
    input: { branchId: 'cd-thon2', year: 2026, baseId: 'tradoc' },
    steps: [{ fire: 'SUBMISSION_OVERDUE' }],
    stops: [1],
  },
  {
    name: 'award round of the city union',
    workflowId: 'award-campaign',
    at: at('2026-03-02'),
    by: 'p-yen',
    input: {
      awardingUnitId: 'dn',
      name: 'Đợt khen thưởng 26/3/2026',
      awardForms: [branchAward, personAward],
      quotas: { tradoc: 2, hoachau: 1 },
      deadline: '2026-03-10T10:00:00.000Z',
    },
    steps: [
      { fire: 'DEADLINE_PASSED' },
      { by: 'p-yen', type: 'SEND_TO_COUNCIL', payload: { dossiersReceived: 2 } },
      {
        at: at('2026-03-20'),
        by: 'p-ha',
        type: 'SIGN_DECISION',
        payload: { decisionNumber: '215-QĐ/TĐTN', signedOn: '2026-03-20', awardedCount: 1 },
      },
    ],
    stops: [0, 1, 2, 3],
  },
  {
    name: 'Trà Đốc nominates thôn 2',
    workflowId: 'award-nomination',
    at: at('2026-03-02'),
    by: 'p-hieu',
    input: {
      ...nomination,
      nominatingUnitId: 'tradoc',
      quota: 2,
      awardForm: branchAward,
      nominee: { kind: 'branch', unitId: 'cd-thon2' },
    },
    steps: [
      ...documents('p-khanh'),
      {
        by: 'p-khanh',
        type: 'RECORD_RATING',
        payload: { year: 2025, rating: 'excellent', disciplined: false },
      },
      { by: 'p-hieu', type: 'SUBMIT' },
      { by: 'p-yen', type: 'ACCEPT_DOSSIER' },
      { by: 'p-ha', type: 'CAST_VOTE', payload: { vote: 'yes' } },
      { by: 'p-tuan', type: 'CAST_VOTE', payload: { vote: 'yes' } },
      { by: 'p-yen', type: 'CAST_VOTE', payload: { vote: 'yes' } },
      { by: 'p-nga', type: 'CAST_VOTE', payload: { vote: 'no' } },
      { by: 'p-ha', type: 'CLOSE_VOTE' },
      {
        at: at('2026-03-23'),
        by: 'p-ha',
        type: 'SIGN_DECISION',
        payload: { decisionNumber: '216', signedOn: '2026-03-23', certificateNumber: 'S-1' },
      },
    ],
    // Extra copies where a councillor of the nominated branch sits on the council (conflict of interest).
    stops: [0, 5, 6, 7, 7, 7, 8, 8, 12, 13],
  },
  {
    name: 'Hòa Châu nominates p-oanh (a secretariat officer)',
    workflowId: 'award-nomination',
    at: at('2026-03-02'),
    by: 'p-nga',
    input: {
      ...nomination,
      nominatingUnitId: 'hoachau',
      quota: 1,
      awardForm: personAward,
      nominee: { kind: 'person', personId: 'p-oanh' },
    },
    steps: [
      ...documents('p-nga'),
      {
        by: 'p-nga',
        type: 'RECORD_RATING',
        payload: { year: 2025, rating: 'excellent', disciplined: false },
      },
      { by: 'p-nga', type: 'SUBMIT' },
    ],
    stops: [0, 6, 6, 6],
  },
  {
    name: 'field visits of p-quy, 2026, hosted by Trà My (merged)',
    workflowId: 'field-visit',
    at: at('2026-04-01'),
    by: 'p-tuan',
    input: { cadreId: 'p-quy', unitId: 'dn', year: 2026 },
    steps: visitYear(2026, 'p-quy', 'tramy', 'p-minh'),
    stops: [0, 1, 2, 3, 4, 6, 8],
  },
  {
    name: 'field visits of the head of department himself',
    workflowId: 'field-visit',
    at: at('2026-04-01'),
    by: 'p-ha',
    input: { cadreId: 'p-tuan', unitId: 'dn', year: 2026 },
    steps: [
      {
        at: at('2026-04-02'),
        by: 'p-tuan',
        type: 'SUBMIT_PLAN',
        payload: { items: [planItem('tradoc', '2026-05-11', '2026-05-13')] },
      },
    ],
    stops: [1, 1, 1],
  },
  {
    name: 'a cadre asks for an exemption',
    workflowId: 'field-visit',
    at: at('2026-04-01'),
    by: 'p-mai',
    input: { cadreId: 'p-mai', unitId: 'dn', year: 2026 },
    steps: [
      {
        at: at('2026-04-02'),
        by: 'p-mai',
        type: 'REQUEST_EXEMPTION',
        payload: { ground: 'maternityLeave', from: '2026-04-06', to: '2026-10-05', details: 'Nghỉ thai sản' },
      },
    ],
    stops: [0, 1],
  },
  // Year-end reviews (issue 11 group 7): a member at home, a cadre at the city union.
  {
    name: 'year-end classification of p-an at Chi đoàn thôn 2',
    workflowId: 'year-end-review',
    at: at('2026-12-20'),
    by: 'p-binh',
    input: { personId: 'p-an', year: 2026, as: 'member' },
    steps: [
      { by: 'p-an', type: 'SUBMIT_SELF_ASSESSMENT', payload: { rating: 'good', summary: 'Tự kiểm điểm' } },
      { by: 'p-hieu', type: 'DECIDE', payload: { rating: 'good', reasons: 'Theo biên bản họp BTV' } },
    ],
    stops: [0, 1, 2],
  },
  {
    name: 'year-end review of the cadre p-quy',
    workflowId: 'year-end-review',
    at: at('2026-12-20'),
    by: 'p-ha',
    input: { personId: 'p-quy', year: 2026, as: 'cadre' },
    steps: [
      { by: 'p-quy', type: 'SUBMIT_SELF_ASSESSMENT', payload: { rating: 'good', summary: 'Đi cơ sở' } },
    ],
    stops: [0, 1],
  },
];

export interface PoolInstance {
  id: string;
  script: string;
  workflowId: string;
  stop: number;
}

async function runStep(server: SecureServer, id: string, step: Step, script: Script) {
  const { app, runtime, clock } = server;
  if (step.at) clock.set(step.at);
  if ('fire' in step) {
    const [row] = await runtime.db.query<{ snapshot: InstanceSnapshot }>(
      'select snapshot from instances where id = $1',
      [id],
    );
    const timer = row!.snapshot.timers.find((pending) => pending.event.type === step.fire);
    if (!timer) throw new Error(`${script.name}: no pending ${step.fire} timer`);
    const outcome = await runtime.fireTimer(timer.id, new Date(timer.due));
    if (outcome.status !== 'fired')
      throw new Error(`${script.name}: ${step.fire} ${JSON.stringify(outcome)}`);
    return;
  }
  const attachments: string[] = [];
  for (const file of step.files ?? []) {
    const body = multipart(file.name, file.bytes);
    const uploaded = await app.inject({
      method: 'POST',
      url: `/instances/${id}/attachments?kind=${file.kind}`,
      headers: { ...(await bearer(step.by)), ...body.headers },
      payload: body.payload,
    });
    if (uploaded.statusCode !== 201) throw new Error(`${script.name}: upload → ${uploaded.body}`);
    attachments.push(uploaded.json<{ id: string }>().id);
  }
  const [current] = await runtime.db.query<{ revision: number }>(
    'select revision from instances where id = $1',
    [id],
  );
  const response = await app.inject({
    method: 'POST',
    url: `/instances/${id}/events`,
    headers: await bearer(step.by),
    payload: {
      type: step.type,
      expectedRevision: current!.revision,
      ...(step.payload === undefined ? {} : { payload: step.payload }),
      ...(attachments.length ? { attachments } : {}),
    },
  });
  if (response.statusCode !== 200) {
    throw new Error(`${script.name}: ${step.type} by ${step.by} → ${response.statusCode} ${response.body}`);
  }
}

/** Builds the pool through the HTTP API, each decision by an officer entitled to take it. */
export async function buildPool(server: SecureServer): Promise<PoolInstance[]> {
  const pool: PoolInstance[] = [];
  for (const script of scripts) {
    for (const stop of script.stops) {
      server.clock.set(script.at);
      const started = await server.app.inject({
        method: 'POST',
        url: '/instances',
        headers: await bearer(script.by),
        payload: { workflowId: script.workflowId, input: script.input },
      });
      if (started.statusCode !== 201) {
        throw new Error(`${script.name}: start → ${started.statusCode} ${started.body}`);
      }
      const id = started.json<{ id: string }>().id;
      for (const step of script.steps.slice(0, stop)) await runStep(server, id, step, script);
      pool.push({ id, script: script.name, workflowId: script.workflowId, stop });
    }
  }
  return pool;
}
