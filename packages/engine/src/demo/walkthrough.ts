/**
 * `pnpm start` until the server lands: walks one member transfer through the engine in the
 * terminal, printing who acts, in which role and form, and who must act next.
 */
// The engine has no Node types on purpose; this script only prints.
declare const console: { log(...values: unknown[]): void };

import type { Task } from '../tasks.ts';
import { InstanceDriver } from '../testing/harness.ts';
import { memberTransfer } from '../workflows/member-transfer/index.ts';

const driver = new InstanceDriver(memberTransfer, { now: '2026-03-02T02:00:00Z' });
const { directory } = driver;
const name = (id: string | null) => (id ? (directory.person(id)?.name ?? id) : 'hệ thống');
const unit = (id: string | null) => (id ? (directory.resolveUnit(id, '2026-03-02')?.name ?? id) : '');
const stateLabel = (state: string) => memberTransfer.states[state]?.vi ?? state;
const form = { self: '', TM: 'TM. ', KT: 'KT. ' } as const;

const next = (tasks: Task[]) =>
  tasks
    .map((task) =>
      task.personId
        ? `${name(task.personId)} (${task.events.join(', ')})`
        : `${task.role} @ ${unit(task.unitId)} (${task.events.join(', ')})`,
    )
    .join('; ') || '—';

function show() {
  const { entry, tasks, effects } = driver.last;
  const label =
    entry.type === '$start' ? 'Khởi tạo' : (memberTransfer.events[entry.type]?.label.vi ?? entry.type);
  console.log(
    `${entry.at.slice(0, 16).replace('T', ' ')}  ${label.padEnd(28)} ${form[entry.actor.acting]}${name(entry.actor.personId)}` +
      `${entry.actor.unitId ? ` — ${unit(entry.actor.unitId)}` : ''}`,
  );
  console.log(`    → ${stateLabel(driver.state)}`);
  for (const effect of effects) {
    if (effect.type === 'timer.schedule')
      console.log(`    ⏰ hẹn giờ ${effect.timer.name} lúc ${effect.timer.due}`);
    if (effect.type === 'timer.cancel') console.log(`    ⏹ hủy hẹn giờ ${effect.name}`);
    if (effect.type === 'notify') console.log(`    ✉ thông báo ${effect.message}`);
  }
  console.log(`    Việc tiếp theo: ${next(tasks)}\n`);
}

console.log(
  'doanflow — chuyển sinh hoạt đoàn: Nguyễn Văn An, từ Chi đoàn thôn 2 (Trà Đốc) về phường Hòa Châu\n',
);
driver.start('p-an', {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi làm việc về Đà Nẵng',
});
show();
driver.send('p-an', 'SUBMIT');
show();
driver.clock.advanceDays(1);
driver.send('p-binh', 'CONFIRM', {
  duesPaidThrough: '2026-02',
  memberBookComment: 'Hoàn thành tốt nhiệm vụ',
});
show();
driver.clock.advanceDays(1);
driver.send('p-khanh', 'ISSUE_REFERRAL', { referralNumber: '12/GGT-ĐTN', issuedOn: '2026-03-04' });
show();
driver.clock.advanceDays(3);
driver.send('p-an', 'PRESENT_REFERRAL');
show();
driver.fire('destinationResponse');
show();
driver.send('p-ha', 'ACCEPT', {}, { comment: 'Đồng ý tiếp nhận' });
show();
driver.send('p-nga', 'ASSIGN_BRANCH', { branchId: 'cd-kdc-tayan' });
show();
driver.send('p-vy', 'ACKNOWLEDGE');
show();
console.log(`Xong: ${driver.history.length} bước trong lịch sử, trạng thái "${stateLabel(driver.state)}".`);
