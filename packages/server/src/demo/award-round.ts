/** The award round both award seeds use: dossiers close 20 days after seeding, at 17:00 in Vietnam. */
export function demoAwardRound(today: Date) {
  const deadline = new Date(today.getTime() + 20 * 86_400_000);
  deadline.setUTCHours(10, 0, 0, 0);
  return {
    name: 'Đợt xét khen thưởng công tác Đoàn và phong trào thanh thiếu nhi',
    deadline: deadline.toISOString(),
    branchForm: {
      id: 'chi-doan-xuat-sac',
      name: 'Chi đoàn khu dân cư xuất sắc tiêu biểu',
      nomineeKind: 'branch' as const,
    },
    personForm: { id: 'can-bo-tieu-bieu', name: 'Cán bộ Đoàn tiêu biểu', nomineeKind: 'person' as const },
    // Hòa Châu may send one dossier: the demo shows that quota reached.
    quotas: { tradoc: 2, tramy: 2, hoachau: 1 },
  };
}
