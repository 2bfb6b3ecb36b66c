import { demoDirectoryData, type DirectoryData } from '@doanflow/engine';

/** The demo directory with an address `<id>@doan.test` for everyone; `english` read English. */
export function directoryWithMail(...english: string[]): DirectoryData {
  return {
    ...demoDirectoryData,
    people: demoDirectoryData.people.map((p) => ({
      ...p,
      email: `${p.id}@doan.test`,
      ...(english.includes(p.id) ? { locale: 'en' as const } : {}),
    })),
  };
}
