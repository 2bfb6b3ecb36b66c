/**
 * Every documented operation's id (what a generated client names its methods), by method and
 * route. A route missing here fails the OpenAPI test; a workflow's own routes name theirs.
 */
export const operationIds: Readonly<Record<string, string>> = {
  'GET /health': 'getHealth',
  'GET /ready': 'getReadiness',
  'GET /definitions': 'listDefinitions',
  'GET /definitions/:id': 'getDefinition',
  'GET /definitions/:id/diagram': 'getDiagram',
  'POST /instances': 'startInstance',
  'GET /instances/:id': 'getInstance',
  'POST /instances/:id/events': 'sendEvent',
  'GET /instances/:id/history': 'getHistory',
  'POST /instances/bulk-events': 'sendBulkEvents',
  'GET /instances/:id/dossier': 'getDossier',
  'POST /instances/:id/attachments': 'uploadAttachment',
  'DELETE /attachments/:id': 'withdrawAttachment',
  'GET /attachments/:id/content': 'getAttachmentContent',
  'GET /instances/:id/issued-documents': 'listIssuedDocuments',
  'GET /issued-documents/:id/pdf': 'getIssuedDocumentPdf',
  'GET /verify/:code': 'verifyIssuedDocument',
  'GET /inbox': 'getInbox',
  'GET /records/units/:unitId': 'getUnitRecord',
  'GET /records/people/:personId': 'getPersonRecord',
  'GET /reports/units/:unitId': 'getUnitReport',
  'GET /reports/units/:unitId/xlsx': 'getUnitReportXlsx',
  'GET /reports/units/:unitId/csv': 'getUnitReportCsv',
  'GET /me/notification-preferences': 'getNotificationPreferences',
  'PUT /me/notification-preferences': 'setNotificationPreferences',
  'POST /me/push-subscriptions': 'addPushSubscription',
  'DELETE /me/push-subscriptions': 'removePushSubscription',
  'GET /notifications/unsubscribe': 'getUnsubscribePage',
  'POST /notifications/unsubscribe': 'unsubscribe',
  'GET /notifications': 'listNotifications',
  'POST /delegations': 'createDelegation',
  'GET /delegations': 'listDelegations',
  'POST /delegations/:id/revoke': 'revokeDelegation',
  'GET /events': 'streamChanges',
  'GET /directory': 'getDirectory',
  'PUT /directory': 'replaceDirectory',
  'POST /directory/import': 'importDirectory',
  'GET /calendar/:year': 'getCalendarYear',
  'PUT /calendar/:year': 'publishHolidayNotice',
  'GET /calendar/:year/notices': 'listHolidayNotices',
  'POST /webhooks': 'createWebhook',
  'GET /webhooks': 'listWebhooks',
  'DELETE /webhooks/:id': 'deleteWebhook',
  'POST /webhooks/:id/enable': 'enableWebhook',
  'POST /auth/dev-token': 'createDevToken',
  'GET /auth/dev-people': 'listDevPeople',
};

/** Summaries for the routes that give none. */
export const fallbackSummaries: Readonly<Record<string, string>> = {
  getHealth: 'Liveness: the process answers',
};

/** Tags and what they group. */
export const tags = [
  {
    name: 'definitions',
    description: 'The workflows this server runs: inputs, events, states, labels, diagrams',
  },
  {
    name: 'instances',
    description: 'Start instances of any workflow, read them and their history, send events',
  },
  { name: 'attachments', description: 'An instance’s dossier: uploads, attachments, downloads' },
  {
    name: 'issued documents',
    description: 'Numbered, signed official documents a decision issued, and their public verification',
  },
  {
    name: 'notifications',
    description: 'E-mail and Web Push: preferences, subscriptions, unsubscribe links',
  },
  { name: 'inbox', description: 'The caller’s open tasks across workflows' },
  {
    name: 'records',
    description:
      'What other processes delivered to a unit or person (review results, awards, host comments, ' +
      'credited field-visit days), for the person and the officers above them',
  },
  {
    name: 'delegations',
    description: 'Ủy quyền: a role holder hands their tasks to a deputy for dated days; revocable',
  },
  {
    name: 'reports',
    description: 'A unit’s report for a period, as JSON, XLSX or CSV, for officers of the unit or above it',
  },
  { name: 'events', description: 'Live changes over Server-Sent Events, resumed with Last-Event-ID' },
  {
    name: 'directory',
    description: 'Org units, people and role bindings (effective-dated), for administrators',
  },
  {
    name: 'calendar',
    description:
      'Working days: weekends, the government’s yearly holiday notices (loaded by directory ' +
      'administrators, versioned), and the Labour Code’s days as a provisional estimate',
  },
  { name: 'webhooks', description: 'Signed notifications of changes to other systems' },
  { name: 'health', description: 'Liveness and readiness for load balancers and orchestrators' },
  { name: 'auth', description: 'Development mode only: tokens for the demo directory' },
];
