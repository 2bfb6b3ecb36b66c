import { localDate, type Principal } from '@doanflow/engine';
import type { Readable } from 'node:stream';
import type { AttachmentStore } from '../attachments/attachment-store.ts';
import { ServerError } from '../errors.ts';
import type { DurableRuntime } from '../runner/durable-runtime.ts';
import { isCode, normaliseCode, printedCode } from './verification-code.ts';

export type DocumentStatus = 'current' | 'expired' | 'revoked';

interface DocumentRow {
  id: string;
  instance_id: string;
  seq: number;
  kind: string;
  number: string;
  code: string;
  issuing_unit_name: string;
  issued_on: string;
  valid_until: string | null;
  signer_name: string;
  signer_title: string;
  sha256: string;
  size: number;
  revoked_by: string | null;
  revoked_at: string | null;
  created_at: string;
}

/** What `/verify/<code>` shows: what the paper shows, its digest and its standing. Nothing else. */
export interface VerifiedDocument {
  number: string;
  issuedOn: string;
  issuingUnit: string;
  signerName: string;
  signerTitle: string;
  sha256: string;
  status: DocumentStatus;
  validUntil: string | null;
}

/** An issued document as an officer who may read its instance sees it (timeline, download). */
export interface IssuedDocumentView extends VerifiedDocument {
  id: string;
  instanceId: string;
  seq: number;
  kind: string;
  code: string;
  size: number;
  href: string;
  verifyHref: string;
}

// Dates come back as text: no time zone shifts a calendar date.
const columns = `id, instance_id, seq, kind, number, code, issuing_unit_name, issued_on::text as issued_on,
  valid_until::text as valid_until, signer_name, signer_title, sha256, size, revoked_by, revoked_at, created_at`;

/** The documents issued by signing decisions: looked up by code (public) or by instance (officers). */
export class IssuedDocuments {
  private readonly runtime: DurableRuntime;
  private readonly store: AttachmentStore;

  constructor(runtime: DurableRuntime, store: AttachmentStore) {
    this.runtime = runtime;
    this.store = store;
  }

  statusOf(row: Pick<DocumentRow, 'revoked_by' | 'valid_until'>, now: Date): DocumentStatus {
    if (row.revoked_by) return 'revoked';
    if (row.valid_until && row.valid_until < localDate(now)) return 'expired';
    return 'current';
  }

  /** The public check of a printed code; null when no document has it. */
  async verify(text: string): Promise<VerifiedDocument | null> {
    const code = normaliseCode(text);
    if (!isCode(code)) return null;
    const [row] = await this.runtime.db.query<DocumentRow>(
      `select ${columns} from issued_documents where code = $1`,
      [code],
    );
    if (!row) return null;
    return {
      number: row.number,
      issuedOn: row.issued_on,
      issuingUnit: row.issuing_unit_name,
      signerName: row.signer_name,
      signerTitle: row.signer_title,
      sha256: row.sha256,
      status: this.statusOf(row, this.runtime.clock.now()),
      validUntil: row.valid_until,
    };
  }

  /** An instance's issued documents, for who may read the instance (NOT_FOUND otherwise). */
  async ofInstance(instanceId: string, principal: Principal): Promise<IssuedDocumentView[]> {
    await this.runtime.visibleInstance(instanceId, principal);
    const rows = await this.runtime.db.query<DocumentRow>(
      `select ${columns} from issued_documents where instance_id = $1 order by seq, created_at, id`,
      [instanceId],
    );
    const now = this.runtime.clock.now();
    return rows.map((row) => this.view(row, now));
  }

  /** One document's PDF for who may read its instance; NOT_FOUND for anyone else. */
  async readable(
    documentId: string,
    principal: Principal,
  ): Promise<{ view: IssuedDocumentView; body: () => Promise<Readable> }> {
    const [row] = await this.runtime.db.query<DocumentRow>(
      `select ${columns} from issued_documents where id = $1`,
      [documentId],
    );
    const missing = new ServerError('NOT_FOUND', `no issued document ${documentId}`, { documentId });
    if (!row) throw missing;
    try {
      await this.runtime.visibleInstance(row.instance_id, principal);
    } catch {
      throw missing;
    }
    const view = this.view(row, this.runtime.clock.now());
    return { view, body: () => this.store.readBlob(row.sha256, { start: 0, end: row.size - 1 }) };
  }

  private view(row: DocumentRow, now: Date): IssuedDocumentView {
    return {
      id: row.id,
      instanceId: row.instance_id,
      seq: row.seq,
      kind: row.kind,
      number: row.number,
      code: printedCode(row.code),
      issuedOn: row.issued_on,
      issuingUnit: row.issuing_unit_name,
      signerName: row.signer_name,
      signerTitle: row.signer_title,
      sha256: row.sha256,
      size: Number(row.size),
      status: this.statusOf(row, now),
      validUntil: row.valid_until,
      href: `/issued-documents/${row.id}/pdf`,
      verifyHref: `/verify/${row.code}`,
    };
  }
}
