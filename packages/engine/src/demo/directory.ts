import type { DirectoryData } from '../directory.ts';

/**
 * A small province after the 2025 reorganisation, used by tests, the terminal walkthrough and the
 * server's demo data. Huyện đoàn Bắc Trà My existed until 30/6/2025; since 1/7/2025 its communes sit
 * directly under the city, and two of them merged into Đoàn xã Trà My.
 */
const always = '2000-01-01';
const reorg = '2025-07-01';
const lastDistrictDay = '2025-06-30';

export const demoDirectoryData: DirectoryData = {
  levels: [
    { id: 'central', rank: 0, label: { vi: 'Trung ương', en: 'Central' } },
    { id: 'province', rank: 1, label: { vi: 'Tỉnh/Thành đoàn', en: 'Province' } },
    { id: 'district', rank: 2, label: { vi: 'Huyện/Quận đoàn', en: 'District' } },
    { id: 'base', rank: 3, label: { vi: 'Đoàn cơ sở', en: 'Grassroots union' } },
    { id: 'branch', rank: 4, label: { vi: 'Chi đoàn', en: 'Branch' } },
  ],
  units: [
    { id: 'tw', name: 'Trung ương Đoàn', level: 'central', parentId: null, validFrom: always },
    { id: 'dn', name: 'Thành đoàn Đà Nẵng', level: 'province', parentId: 'tw', validFrom: always },
    {
      id: 'btm',
      name: 'Huyện đoàn Bắc Trà My',
      level: 'district',
      parentId: 'dn',
      validFrom: always,
      validTo: lastDistrictDay,
    },
    // Two bases merged into Trà My at the reorganisation.
    {
      id: 'tt-tramy',
      name: 'Đoàn thị trấn Trà My',
      level: 'base',
      parentId: 'btm',
      validFrom: always,
      validTo: lastDistrictDay,
      mergedInto: 'tramy',
    },
    {
      id: 'traso',
      name: 'Đoàn xã Trà Sơn',
      level: 'base',
      parentId: 'btm',
      validFrom: always,
      validTo: lastDistrictDay,
      mergedInto: 'tramy',
    },
    { id: 'tramy', name: 'Đoàn xã Trà My', level: 'base', parentId: 'dn', validFrom: reorg },
    // Trà Đốc was re-parented from the district to the city.
    {
      id: 'tradoc',
      name: 'Đoàn xã Trà Đốc',
      level: 'base',
      parentId: 'btm',
      validFrom: always,
      validTo: lastDistrictDay,
    },
    { id: 'tradoc', name: 'Đoàn xã Trà Đốc', level: 'base', parentId: 'dn', validFrom: reorg },
    { id: 'hoachau', name: 'Đoàn phường Hòa Châu', level: 'base', parentId: 'dn', validFrom: always },
    {
      id: 'cd-tdp1',
      name: 'Chi đoàn khu dân cư Tổ dân phố 1',
      level: 'branch',
      parentId: 'tt-tramy',
      validFrom: always,
      validTo: lastDistrictDay,
    },
    {
      id: 'cd-tdp1',
      name: 'Chi đoàn khu dân cư Tổ dân phố 1',
      level: 'branch',
      parentId: 'tramy',
      validFrom: reorg,
    },
    {
      id: 'cd-tdp3',
      name: 'Chi đoàn khu dân cư Tổ dân phố 3',
      level: 'branch',
      parentId: 'tramy',
      validFrom: reorg,
    },
    { id: 'cd-thon2', name: 'Chi đoàn thôn 2', level: 'branch', parentId: 'tradoc', validFrom: always },
    { id: 'cd-thon5', name: 'Chi đoàn thôn 5', level: 'branch', parentId: 'tradoc', validFrom: always },
    {
      id: 'cd-kdc-tayan',
      name: 'Chi đoàn khu dân cư Tây An',
      level: 'branch',
      parentId: 'hoachau',
      validFrom: always,
    },
  ],
  people: [
    { id: 'p-an', name: 'Nguyễn Văn An', memberOf: 'cd-thon2', email: 'an@doan.example' },
    { id: 'p-binh', name: 'Trần Thị Bình', memberOf: 'cd-thon2', email: 'binh@doan.example' },
    { id: 'p-cuong', name: 'Lê Văn Cường', memberOf: 'cd-thon5', email: 'cuong@doan.example' },
    { id: 'p-dung', name: 'Phạm Thị Dung', memberOf: 'cd-tdp1', email: 'dung@doan.example' },
    { id: 'p-giang', name: 'Hồ Văn Giang', memberOf: 'cd-tdp1', email: 'giang@doan.example' },
    { id: 'p-ha', name: 'Võ Thị Hồng Hà', memberOf: null, email: 'ha@doan.example' },
    { id: 'p-hieu', name: 'Đặng Minh Hiếu', memberOf: null, email: 'hieu@doan.example' },
    { id: 'p-khanh', name: 'Bùi Ngọc Khánh', memberOf: null, email: 'khanh@doan.example' },
    { id: 'p-lan', name: 'Ngô Thị Lan', memberOf: 'cd-kdc-tayan', email: 'lan@doan.example' },
    { id: 'p-minh', name: 'Huỳnh Văn Minh', memberOf: null, email: 'minh@doan.example' },
    { id: 'p-nga', name: 'Đỗ Thị Nga', memberOf: null, email: 'nga@doan.example' },
    { id: 'p-phuong', name: 'Nguyễn Thị Phương', memberOf: 'cd-thon5', email: 'phuong@doan.example' },
    { id: 'p-quy', name: 'Nguyễn Văn Quy', memberOf: null, email: 'quy@doan.example' },
    { id: 'p-son', name: 'Trương Công Sơn', memberOf: null, email: 'son@doan.example' },
    { id: 'p-thao', name: 'Lý Thị Thảo', memberOf: 'cd-tdp3', email: 'thao@doan.example' },
    { id: 'p-tuan', name: 'Phan Anh Tuấn', memberOf: null, email: 'tuan@doan.example' },
    { id: 'p-vy', name: 'Mai Tường Vy', memberOf: 'cd-kdc-tayan', email: 'vy@doan.example' },
    { id: 'p-yen', name: 'Cao Thị Yến', memberOf: null, email: 'yen@doan.example' },
    { id: 'p-uyen', name: 'Lê Thị Uyên', memberOf: null, email: 'uyen@doan.example' },
    { id: 'p-tien', name: 'Đoàn Minh Tiến', memberOf: 'cd-kdc-tayan', email: 'tien@doan.example' },
  ],
  bindings: [
    // Branch secretaries (Bí thư chi đoàn) and one deputy.
    { personId: 'p-binh', role: 'branchSecretary', unitId: 'cd-thon2', validFrom: always },
    { personId: 'p-cuong', role: 'branchSecretary', unitId: 'cd-thon5', validFrom: always },
    { personId: 'p-giang', role: 'branchSecretary', unitId: 'cd-tdp1', validFrom: always },
    { personId: 'p-thao', role: 'branchSecretary', unitId: 'cd-tdp3', validFrom: reorg },
    { personId: 'p-vy', role: 'branchSecretary', unitId: 'cd-kdc-tayan', validFrom: always },
    { personId: 'p-an', role: 'branchSecretary', unitId: 'cd-thon2', validFrom: always, deputy: true },
    // Đoàn xã Trà Đốc: secretary, a deputy, the standing committee.
    { personId: 'p-hieu', role: 'baseSecretary', unitId: 'tradoc', validFrom: always },
    { personId: 'p-hieu', role: 'baseStanding', unitId: 'tradoc', validFrom: always },
    { personId: 'p-khanh', role: 'baseSecretary', unitId: 'tradoc', validFrom: always, deputy: true },
    { personId: 'p-khanh', role: 'baseStanding', unitId: 'tradoc', validFrom: always },
    // An ordinary member of the standing committee: takes part in its decisions, signs nothing.
    { personId: 'p-phuong', role: 'baseStanding', unitId: 'tradoc', validFrom: always },
    // Đoàn xã Trà My (after the merger) and the former Đoàn thị trấn Trà My.
    { personId: 'p-minh', role: 'baseSecretary', unitId: 'tramy', validFrom: reorg },
    { personId: 'p-minh', role: 'baseStanding', unitId: 'tramy', validFrom: reorg },
    {
      personId: 'p-son',
      role: 'baseSecretary',
      unitId: 'tt-tramy',
      validFrom: always,
      validTo: lastDistrictDay,
    },
    {
      personId: 'p-son',
      role: 'baseStanding',
      unitId: 'tt-tramy',
      validFrom: always,
      validTo: lastDistrictDay,
    },
    // Đoàn phường Hòa Châu.
    { personId: 'p-nga', role: 'baseSecretary', unitId: 'hoachau', validFrom: always },
    { personId: 'p-nga', role: 'baseStanding', unitId: 'hoachau', validFrom: always },
    // Its Phó Bí thư sits on the standing committee but holds none of the secretary's tasks: she
    // takes them only while the Bí thư delegates them (ủy quyền), and signs "KT." then.
    {
      personId: 'p-uyen',
      role: 'baseStanding',
      unitId: 'hoachau',
      validFrom: always,
      title: 'deputySecretary',
    },
    // The city union: standing committee, secretaries, departments, awards council, cadres.
    { personId: 'p-ha', role: 'upperStanding', unitId: 'dn', validFrom: always },
    { personId: 'p-ha', role: 'standingSecretary', unitId: 'dn', validFrom: always },
    { personId: 'p-ha', role: 'councilChair', unitId: 'dn', validFrom: always },
    { personId: 'p-tuan', role: 'upperStanding', unitId: 'dn', validFrom: always },
    { personId: 'p-tuan', role: 'departmentHead', unitId: 'dn', validFrom: always },
    { personId: 'p-tuan', role: 'councilMember', unitId: 'dn', validFrom: always },
    { personId: 'p-yen', role: 'secretariat', unitId: 'dn', validFrom: always },
    { personId: 'p-yen', role: 'councilMember', unitId: 'dn', validFrom: always },
    { personId: 'p-nga', role: 'councilMember', unitId: 'dn', validFrom: always },
    { personId: 'p-quy', role: 'cadre', unitId: 'dn', validFrom: always },
    { personId: 'p-quy', role: 'upperStanding', unitId: 'btm', validFrom: always, validTo: lastDistrictDay },
    { personId: 'p-hieu', role: 'host', unitId: 'tradoc', validFrom: always },
    { personId: 'p-minh', role: 'host', unitId: 'tramy', validFrom: reorg },
  ],
};
