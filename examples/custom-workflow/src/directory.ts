import { demoDirectoryData, type DirectoryData } from '@doanflow/engine';

/**
 * The demo directory with this host's own role held: Phan Anh Tuấn, Trưởng ban of Thành đoàn Đà
 * Nẵng, is the course officer of the courses it organises. A deployment imports its directory
 * (`doanflow directory import`); a binding to a workflow's own role is like any other.
 */
export const hostDirectory: DirectoryData = {
  ...demoDirectoryData,
  bindings: [
    ...demoDirectoryData.bindings,
    { personId: 'p-tuan', role: 'courseOfficer', unitId: 'dn', validFrom: '2000-01-01' },
  ],
};
