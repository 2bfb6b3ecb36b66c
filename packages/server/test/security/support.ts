import {
  demoDirectoryData,
  unionWorkflows as allVersions,
  WorkflowRegistry,
  type DirectoryData,
} from '@doanflow/engine';
import type { JWTPayload } from 'jose';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { openTestServer, type TestServer, type TestServerOptions } from '../support/test-server.ts';
import { signToken } from '../support/tokens.ts';
import type { TestClock } from '../runtime/support.ts';

export { TestClock } from '../runtime/support.ts';

/**
 * The property tests' oracle models both versions of member transfer and field visits (signing by
 * title); for branch review and the award round it has v1's tables (v2's rules count across instances
 * and are tested in the engine and over HTTP).
 */
const bothVersions = new Set(['member-transfer', 'field-visit']);
export const testedWorkflows = allVersions.filter(
  (definition) => definition.version === 1 || bothVersions.has(definition.id),
);

export const SECRET = 'security-secret-that-is-long-enough-0123';
export const TENANT = 'danang';
export const PORTAL = 'https://portal.example.vn';

const always = '2000-01-01';
const reorg = '2025-07-01';
const lastDistrictDay = '2025-06-30';

/**
 * The demo province plus officers the authorization property needs beyond it: deputies (KT.), a
 * councillor who lives in a nominated branch (conflict of interest), officers whose bindings outlive
 * a unit merged away or dissolved in the 2025 reorganisation, officers of the re-parented Trà Đốc,
 * a successor secretary, and a central officer holding every role at the wrong level.
 */
export const securityDirectory: DirectoryData = {
  ...demoDirectoryData,
  people: [
    ...demoDirectoryData.people,
    { id: 'p-long', name: 'Lê Hoàng Long', memberOf: 'cd-thon2' },
    { id: 'p-oanh', name: 'Trịnh Kim Oanh', memberOf: 'cd-kdc-tayan' },
    { id: 'p-tam', name: 'Hà Minh Tâm', memberOf: null },
    { id: 'p-vinh', name: 'Kiều Quang Vinh', memberOf: null },
    { id: 'p-phong', name: 'Châu Thanh Phong', memberOf: 'cd-thon5' },
    { id: 'p-kiet', name: 'Lâm Tuấn Kiệt', memberOf: 'cd-tdp3' },
    { id: 'p-loc', name: 'Lê Văn Lộc', memberOf: null },
    { id: 'p-mai', name: 'Nguyễn Thị Mai', memberOf: null },
    { id: 'p-xuan', name: 'Đinh Thanh Xuân', memberOf: null },
  ],
  bindings: [
    ...demoDirectoryData.bindings,
    // Phó Bí thư Thành đoàn: signs "KT.", chairs the council as deputy, lives in thôn 2.
    { personId: 'p-long', role: 'upperStanding', unitId: 'dn', validFrom: always },
    { personId: 'p-long', role: 'standingSecretary', unitId: 'dn', validFrom: always, deputy: true },
    { personId: 'p-long', role: 'councilChair', unitId: 'dn', validFrom: always, deputy: true },
    { personId: 'p-long', role: 'councilMember', unitId: 'dn', validFrom: always },
    { personId: 'p-oanh', role: 'secretariat', unitId: 'dn', validFrom: always },
    { personId: 'p-oanh', role: 'councilMember', unitId: 'dn', validFrom: always },
    // Bindings that outlive their unit: Đoàn xã Trà Sơn merged into Trà My, the district dissolved.
    { personId: 'p-tam', role: 'baseSecretary', unitId: 'traso', validFrom: always },
    { personId: 'p-tam', role: 'baseStanding', unitId: 'traso', validFrom: always },
    { personId: 'p-vinh', role: 'upperStanding', unitId: 'btm', validFrom: always },
    // Trà Đốc (re-parented): a deputy secretary elected after the reorganisation, living in thôn 5.
    { personId: 'p-phong', role: 'baseSecretary', unitId: 'tradoc', validFrom: reorg, deputy: true },
    { personId: 'p-phong', role: 'baseStanding', unitId: 'tradoc', validFrom: reorg },
    // Tổ dân phố 1's former secretary, deputy secretary of Tổ dân phố 3 since the merger.
    {
      personId: 'p-kiet',
      role: 'branchSecretary',
      unitId: 'cd-tdp1',
      validFrom: always,
      validTo: lastDistrictDay,
    },
    { personId: 'p-kiet', role: 'branchSecretary', unitId: 'cd-tdp3', validFrom: reorg, deputy: true },
    // The city union's deputy head of department and two more cadres.
    { personId: 'p-loc', role: 'departmentHead', unitId: 'dn', validFrom: always, deputy: true },
    { personId: 'p-mai', role: 'cadre', unitId: 'dn', validFrom: always },
    { personId: 'p-tuan', role: 'cadre', unitId: 'dn', validFrom: always },
    ...[
      'secretariat',
      'councilMember',
      'councilChair',
      'standingSecretary',
      'upperStanding',
      'departmentHead',
      'baseStanding',
      'baseSecretary',
      'host',
    ].map((role) => ({ personId: 'p-xuan', role, unitId: 'tw', validFrom: always })),
  ],
};

const tokens = new Map<string, Promise<string>>();

/** An HS256 token as a portal's identity provider would issue it. */
export function tokenFor(personId: string | undefined, claims: JWTPayload = {}, secret = SECRET) {
  return signToken({ secret, tenant: TENANT }, personId, claims);
}

export async function bearer(personId: string): Promise<{ authorization: string }> {
  let token = tokens.get(personId);
  if (!token) {
    token = tokenFor(personId);
    tokens.set(personId, token);
  }
  return { authorization: `Bearer ${await token}` };
}

export interface SecureServer extends TestServer {
  clock: TestClock;
}

/**
 * The server as main.ts builds it (its own PostgreSQL schema, BullMQ on Redis under its own prefix).
 * No timer worker: timers are delivered by the tests only, so nothing changes an instance behind
 * the property's back.
 */
export async function openSecureServer(
  name: string,
  clock: TestClock,
  appOptions: TestServerOptions['http'] = {},
): Promise<SecureServer> {
  const { auth = { secret: SECRET, tenant: TENANT }, ...http } = appOptions;
  const server = await openTestServer(`sec_${name}`, {
    worker: false,
    registry: new WorkflowRegistry(testedWorkflows),
    directory: securityDirectory,
    // Notifications with no channel: their routes (preferences, unsubscribe, the listing) are fuzzed too.
    notifications: {
      smtp: undefined,
      vapid: undefined,
      portalUrl: undefined,
      publicUrl: 'http://127.0.0.1',
      secret: 'security-unsubscribe-secret-0123456789',
      concurrency: 1,
      maxAttempts: 1,
    },
    clock,
    auth,
    http: { cors: { origins: [PORTAL] }, ...http },
  });
  return { ...server, clock };
}

const TABLES = [
  'instances',
  'history',
  'tasks',
  'timers',
  'outbox',
  'idempotency_keys',
  'webhooks',
  'directory',
  'calendar_notices',
  'notification_preferences',
  'push_subscriptions',
];

/** Row counts of every table a request could write. */
export async function rowCounts(runtime: HostedRuntime): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await runtime.db.query<{ n: string }>(`select count(*) as n from ${table}`);
    counts[table] = Number(row!.n);
  }
  return counts;
}
