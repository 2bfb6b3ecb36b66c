/**
 * A request to admit a young person to Chi đoàn thôn 2 (Đoàn xã Trà Đốc), introduced by Nguyễn Văn
 * An (a member of that branch) and Lê Văn Cường (a member of thôn 5): demo directory,
 * packages/engine/src/demo/directory.ts.
 */
export const admission = (overrides: Record<string, unknown> = {}) => ({
  candidateName: 'Hồ Thị Mai',
  birthDate: '2010-05-14',
  branchId: 'cd-thon2',
  introducerIds: ['p-an', 'p-cuong'],
  ...overrides,
});
