import { demoDirectoryData, OrgDirectory, type DirectoryData } from '../../packages/engine/src/index.ts';
import { searchText } from '../../packages/server/src/persistence/search-text.ts';

export const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
];
export const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Đức', 'Thanh', 'Hoàng', 'Quốc', 'Thu', 'Hữu'];
export const GIVEN = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Giang',
  'Hà',
  'Hải',
  'Hiếu',
  'Hoa',
  'Hùng',
  'Khánh',
  'Lan',
  'Linh',
  'Long',
  'Mai',
  'Minh',
  'Nam',
  'Nga',
  'Phúc',
  'Quân',
  'Sơn',
  'Tâm',
  'Thảo',
  'Trang',
  'Tuấn',
  'Vy',
  'Yến',
];
const PLACES = [
  'Hòa Khánh',
  'Hòa Minh',
  'Thanh Khê',
  'An Hải',
  'Mỹ An',
  'Khuê Mỹ',
  'Hòa Xuân',
  'Cẩm Lệ',
  'Hòa Phong',
  'Hòa Tiến',
  'Điện Bàn',
  'Hội An',
  'Tam Kỳ',
  'Núi Thành',
  'Thăng Bình',
  'Quế Sơn',
  'Duy Xuyên',
  'Đại Lộc',
  'Tiên Phước',
  'Phước Sơn',
];
const KINDS = ['Đoàn phường', 'Đoàn xã', 'Đoàn trường THPT', 'Đoàn Công ty', 'Đoàn Bệnh viện'];

export const nameOf = (n: number) =>
  `${FAMILY[n % FAMILY.length]} ${MIDDLE[Math.floor(n / 7) % MIDDLE.length]} ${GIVEN[Math.floor(n / 3) % GIVEN.length]}`;

export interface Province {
  data: DirectoryData;
  bases: {
    id: string;
    name: string;
    branches: { id: string; name: string; secretary: string }[];
    officers: string[];
  }[];
}

/**
 * The demo directory plus a province's worth of units under Thành đoàn Đà Nẵng: `baseCount` grassroots
 * unions with `branchesPerBase` branches each, a secretary and a standing member per base, a
 * secretary per branch.
 */
export function province(baseCount = 300, branchesPerBase = 10): Province {
  const always = '2000-01-01';
  const data: DirectoryData = structuredClone(demoDirectoryData);
  const bases: Province['bases'] = [];
  let person = 0;
  for (let b = 0; b < baseCount; b += 1) {
    const id = `b${String(b).padStart(4, '0')}`;
    const name = `${KINDS[b % KINDS.length]} ${PLACES[b % PLACES.length]} ${Math.floor(b / PLACES.length) + 1}`;
    data.units.push({ id, name, level: 'base', parentId: 'dn', validFrom: always });
    const secretary = `o-${(person += 1)}`;
    const standing = `o-${(person += 1)}`;
    data.people.push({ id: secretary, name: nameOf(person - 1), memberOf: null });
    data.people.push({ id: standing, name: nameOf(person), memberOf: null });
    data.bindings.push(
      { personId: secretary, role: 'baseSecretary', unitId: id, validFrom: always },
      { personId: secretary, role: 'baseStanding', unitId: id, validFrom: always },
      { personId: standing, role: 'baseStanding', unitId: id, validFrom: always },
    );
    const branches: Province['bases'][number]['branches'] = [];
    for (let c = 1; c <= branchesPerBase; c += 1) {
      const branch = { id: `${id}-c${c}`, name: `Chi đoàn khu dân cư số ${c} ${PLACES[b % PLACES.length]}` };
      data.units.push({ ...branch, level: 'branch', parentId: id, validFrom: always });
      const secretaryOfBranch = `o-${(person += 1)}`;
      branches.push({ ...branch, secretary: secretaryOfBranch });
      data.people.push({ id: secretaryOfBranch, name: nameOf(person), memberOf: branch.id });
      data.bindings.push({
        personId: secretaryOfBranch,
        role: 'branchSecretary',
        unitId: branch.id,
        validFrom: always,
      });
    }
    bases.push({ id, name, branches, officers: [secretary, standing] });
  }
  OrgDirectory.parse(data); // the same validation as an import
  return { data, bases };
}

export { searchText };
