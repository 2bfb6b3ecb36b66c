import type { Query } from '../db/database.ts';

export interface RegisterKey {
  issuingUnitId: string;
  year: number;
  /** Ký hiệu tên loại: "QĐ", "GGT". */
  type: string;
}

/**
 * The next serial of a register (sổ đăng ký văn bản đi), inside the caller's transaction. The
 * register's row stays locked until that transaction ends: a signing that rolls back gives its
 * serial back, so serials are unique and without gaps (a sequence would leave gaps).
 */
export async function nextSerial(query: Query, key: RegisterKey): Promise<number> {
  const [row] = await query<{ last_serial: number }>(
    `insert into document_registers (issuing_unit_id, year, type, last_serial) values ($1, $2, $3, 1)
     on conflict (issuing_unit_id, year, type) do update set last_serial = document_registers.last_serial + 1
     returning last_serial`,
    [key.issuingUnitId, key.year, key.type],
    'doanflow_next_serial',
  );
  return row!.last_serial;
}

/** A register's last committed serial (0 when none), read without a lock: a guess of the next one. */
export async function lastSerial(query: Query, key: RegisterKey): Promise<number> {
  const [row] = await query<{ last_serial: number }>(
    `select last_serial from document_registers where issuing_unit_id = $1 and year = $2 and type = $3`,
    [key.issuingUnitId, key.year, key.type],
    'doanflow_last_serial',
  );
  return row?.last_serial ?? 0;
}
