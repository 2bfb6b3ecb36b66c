import { createHash, randomUUID } from 'node:crypto';
import {
  personName,
  unitName,
  type DocumentAnnex,
  type DocumentModel,
  type IssuedDocumentRef,
} from '@doanflow/engine';
import type { AttachmentStore } from '../attachments/attachment-store.ts';
import type { Query } from '../db/database.ts';
import type { DirectoryCache } from '../runner/directory-cache.ts';
import { formatNumber, placeOf, type DocumentPolicy } from './numbering.ts';
import { lastSerial, nextSerial, type RegisterKey } from './register.ts';
import { RegisterLines, type Place } from './register-line.ts';
import type { Renderer } from './render-pool.ts';
import type { PrintedDocument } from './render.ts';
import { newVerificationCode, printedCode } from './verification-code.ts';

export interface IssueRequest {
  instanceId: string;
  seq: number;
  at: string;
  documents: readonly DocumentModel[];
}

/**
 * Issues the documents of one signing step inside its transaction: a serial from the register,
 * the PDF rendered and stored by digest like an attachment's bytes, the document's row, and the
 * earlier documents a reissue revokes. Everything rolls back with the step.
 *
 * Rendering stays inside the transaction, in a render thread: the step's history entry is hashed
 * with the PDF's digest and written in this same transaction, so the chain covers the bytes and a
 * step either commits with its number, PDF and digest or gives the number back. Rendering after
 * commit would need a second history entry for the digest and a way to finish documents a crash left
 * without their PDF.
 */
export interface IssuerDeps {
  renderer: Renderer;
  store: AttachmentStore;
  cache: DirectoryCache;
  policy: DocumentPolicy;
  /** False: render under the register's lock, as before (issue 15's comparison). Default true. */
  renderAhead?: boolean;
  /** False: begin a step's transaction only once the one ahead holds the register. Default true. */
  writeAhead?: boolean;
}

/** What a document's row is made of, beside its model. */
type DocumentRow = Pick<Prepared, 'id' | 'key' | 'serial' | 'number' | 'code' | 'sha256' | 'pdf'>;

/** A document rendered ahead of its transaction, with the serial its register is expected to give. */
interface Prepared {
  model: DocumentModel;
  key: RegisterKey;
  id: string;
  code: string;
  printed: Omit<PrintedDocument, 'number'>;
  serial: number;
  number: string;
  /** Held in memory until stored (tens of KB), never spooled to a file. */
  pdf: Buffer;
  sha256: string;
}

/**
 * A signing step's documents rendered before its transaction (prepare), waiting for its turn in
 * their registers' lines; `refs` are what the history entry will carry if the guessed serials hold.
 */
export interface PreparedIssue {
  refs: IssuedDocumentRef[];
  /** Settles when the step may begin its transaction (register-line.ts: one turn early). */
  mayBegin: Promise<void>;
  /** Settles when the steps ahead in the same registers (this process) hold their locks or left. */
  turn: Promise<void>;
  readonly documents: Prepared[];
  readonly place: Place;
}

export class DocumentIssuer {
  private readonly deps: IssuerDeps;
  private readonly lines: RegisterLines;
  /** Renders done again under the register's lock because a guessed serial was wrong (tests, metrics). */
  readonly stats = { prepared: 0, renderedAgain: 0 };

  constructor(deps: IssuerDeps) {
    this.deps = deps;
    this.lines = new RegisterLines({ writeAhead: deps.writeAhead ?? true });
  }

  get policy(): DocumentPolicy {
    return this.deps.policy;
  }

  get rendersAhead(): boolean {
    return this.deps.renderAhead ?? true;
  }

  async issue(query: Query, request: IssueRequest): Promise<IssuedDocumentRef[]> {
    const refs: IssuedDocumentRef[] = [];
    for (const model of request.documents) refs.push(await this.issueOne(query, request, model));
    return refs;
  }

  /**
   * Everything that needs no lock, outside the step's transaction: the step takes its place in its
   * registers' lines (this process), guesses its serials from the steps ahead, renders its PDFs
   * with them. `query` is the pool's (no transaction).
   */
  async prepare(query: Query, request: IssueRequest): Promise<PreparedIssue> {
    const keys = request.documents.map(registerKeyOf);
    const place = await this.lines.join(keys, (key) => lastSerial(query, key));
    const documents: Prepared[] = [];
    try {
      for (const [index, model] of request.documents.entries()) {
        const code = newVerificationCode();
        const printed = {
          model,
          place: placeOf(this.deps.policy, model.issuingUnitId),
          code: printedCode(code),
          verifyUrl: `${this.deps.policy.publicUrl.replace(/\/$/, '')}/verify/${code}`,
          annex: await this.annexOf(query, model),
        };
        const serial = place.guesses[index]!;
        const document = { model, key: keys[index]!, id: `doc_${randomUUID()}`, code, printed };
        documents.push({ ...document, ...(await this.rendered(document, serial)) });
      }
    } catch (error) {
      place.leave(null);
      throw error;
    }
    this.stats.prepared += documents.length;
    return { refs: documents.map(refOf), mayBegin: place.mayBegin, turn: place.turn, documents, place };
  }

  /**
   * In the step's transaction, before its registers are locked: the PDFs' bytes, rendered ahead, stored
   * (or touched, when the same bytes are there).
   */
  async storeAhead(query: Query, request: IssueRequest, prepared: PreparedIssue): Promise<void> {
    for (const document of prepared.documents)
      await this.storeBytes(query, document.pdf, document.sha256, request.at);
  }

  /**
   * The last statements of the step's transaction: each document's serial drawn from its register
   * (the row stays locked until commit) and, in the same statement, its row inserted if the serial is
   * the one guessed. False when a guess failed: the caller rolls back (the serial goes back) and
   * issues with issuePrepared() instead.
   */
  async numberLast(query: Query, request: IssueRequest, prepared: PreparedIssue): Promise<boolean> {
    for (const document of prepared.documents) {
      const [row] = await query<{ serial: number; inserted: number }>(
        `with drawn as (
           insert into document_registers (issuing_unit_id, year, type, last_serial) values ($6, $8, $5, 1)
           on conflict (issuing_unit_id, year, type) do update set last_serial = document_registers.last_serial + 1
           returning last_serial),
         inserted as (
           insert into issued_documents (id, instance_id, seq, kind, type, issuing_unit_id, issuing_unit_name,
             year, serial, number, code, issued_on, valid_until, signer_name, signer_title, sha256, size, created_at)
           select $1, $2, $3::int, $4, $5, $6, $7, $8::int, drawn.last_serial, $10, $11, $12::date, $13::date, $14,
             $15, $16, $17::int, $18::timestamptz
           from drawn where drawn.last_serial = $9::int
           returning 1)
         select (select last_serial from drawn) as serial, (select count(*) from inserted)::int as inserted`,
        this.rowParams(request, document.model, document),
        'doanflow_number_document',
      );
      // Those behind wait until this step is through (PostgreSQL wakes all waiters of a transaction at
      // once, in no order: a second one waiting could take the register before the first).
      if (row!.inserted !== 1) return false;
      if (document.model.revokesEarlier)
        await this.revokeEarlier(query, request, document.model, document.id);
    }
    // The registers are this step's until it commits: the next step may begin its transaction, and
    // will be the only one of this process waiting for them.
    prepared.place.locked();
    return true;
  }

  /**
   * In the step's transaction, at its turn: the register's serials (row-locked until commit, as in
   * issue()), each document rendered again if its guess was wrong, stored and recorded. Returns the
   * refs the history entry carries; finish() must follow whatever happens.
   */
  async issuePrepared(
    query: Query,
    request: IssueRequest,
    prepared: PreparedIssue,
  ): Promise<IssuedDocumentRef[]> {
    const serials: number[] = [];
    for (const document of prepared.documents) serials.push(await nextSerial(query, document.key));
    prepared.place.locked();
    for (const [index, document] of prepared.documents.entries()) {
      const serial = serials[index]!;
      if (serial !== document.serial) {
        this.stats.renderedAgain += 1;
        prepared.documents[index] = { ...document, ...(await this.rendered(document, serial)) };
      }
    }
    for (const document of prepared.documents) {
      await this.storeBytes(query, document.pdf, document.sha256, request.at);
      await this.insertRow(query, request, document.model, document);
    }
    prepared.refs = prepared.documents.map(refOf);
    return prepared.refs;
  }

  /** After the transaction: leaves the lines (with the serials, when it committed). */
  finish(prepared: PreparedIssue, committed: boolean): void {
    prepared.place.leave(committed ? prepared.documents.map((document) => document.serial) : null);
  }

  private async rendered(
    document: Pick<Prepared, 'model' | 'key' | 'printed'>,
    serial: number,
  ): Promise<Pick<Prepared, 'serial' | 'number' | 'pdf' | 'sha256'>> {
    const number = formatNumber(this.deps.policy, { serial, ...document.key });
    const pdf = await this.deps.renderer.render({ ...document.printed, number });
    return { serial, number, pdf, sha256: createHash('sha256').update(pdf).digest('hex') };
  }

  private async issueOne(query: Query, request: IssueRequest, model: DocumentModel) {
    const { policy, renderer } = this.deps;
    const year = Number(model.issuedOn.slice(0, 4));
    // Whatever needs no number comes before the register's row is locked, so it is held for less.
    const code = newVerificationCode();
    const annex = await this.annexOf(query, model);
    const serial = await nextSerial(query, { issuingUnitId: model.issuingUnitId, year, type: model.type });
    const number = formatNumber(policy, {
      serial,
      type: model.type,
      issuingUnitId: model.issuingUnitId,
      year,
    });
    // Rendered in a render thread (render-pool.ts): the event loop serves other requests meanwhile.
    const pdf = await renderer.render({
      model,
      number,
      place: placeOf(policy, model.issuingUnitId),
      code: printedCode(code),
      verifyUrl: `${policy.publicUrl.replace(/\/$/, '')}/verify/${code}`,
      annex,
    });
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    await this.storeBytes(query, pdf, sha256, request.at);
    const id = `doc_${randomUUID()}`;
    await this.insertRow(query, request, model, {
      id,
      key: { issuingUnitId: model.issuingUnitId, year, type: model.type },
      serial,
      number,
      code,
      sha256,
      pdf,
    });
    return { id, kind: model.kind, number, sha256, code };
  }

  /** The document's row, and the earlier documents a reissue revokes. */
  private async insertRow(query: Query, request: IssueRequest, model: DocumentModel, row: DocumentRow) {
    await query(
      `insert into issued_documents (id, instance_id, seq, kind, type, issuing_unit_id, issuing_unit_name, year,
         serial, number, code, issued_on, valid_until, signer_name, signer_title, sha256, size, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      this.rowParams(request, model, row),
    );
    if (model.revokesEarlier) await this.revokeEarlier(query, request, model, row.id);
  }

  private rowParams(request: IssueRequest, model: DocumentModel, row: DocumentRow): unknown[] {
    return [
      row.id,
      request.instanceId,
      request.seq,
      model.kind,
      model.type,
      model.issuingUnitId,
      unitName(this.deps.cache.directory, model.issuingUnitId, model.issuedOn),
      row.key.year,
      row.serial,
      row.number,
      row.code,
      model.issuedOn,
      model.validUntil ?? null,
      model.signature.name,
      [model.signature.heading, model.signature.title].filter(Boolean).join(' – '),
      row.sha256,
      row.pdf.length,
      request.at,
    ];
  }

  private async revokeEarlier(query: Query, request: IssueRequest, model: DocumentModel, id: string) {
    await query(
      `update issued_documents set revoked_by = $1, revoked_at = $2
       where instance_id = $3 and kind = $4 and id <> $1 and revoked_by is null`,
      [id, request.at, request.instanceId, model.kind],
    );
  }

  /** The bytes by digest, as uploads are stored, straight from memory. */
  private async storeBytes(query: Query, pdf: Buffer, sha256: string, at: string) {
    await this.deps.store.putBlob(
      query,
      { sha256, size: pdf.length, mediaType: 'application/pdf', bytes: pdf },
      at,
    );
  }

  /** The list that goes with a decision: given by the model, or the round's awarded nominations. */
  private async annexOf(query: Query, model: DocumentModel): Promise<DocumentAnnex | null> {
    if (!model.annex) return null;
    if (!('fill' in model.annex)) return model.annex;
    const rows = await query<{ context: AwardedContext }>(
      `select snapshot->'machine'->'context' as context from instances
       where workflow_id = 'award-nomination' and state = 'awarded'
         and snapshot->'machine'->'context'->>'campaignId' = $1
       order by created_at, id`,
      [model.annex.campaignId],
    );
    const directory = this.deps.cache.directory;
    return {
      title: model.annex.title,
      columns: ['STT', 'Tập thể, cá nhân', 'Hình thức khen thưởng'],
      rows: rows.map(({ context }, index) => [
        String(index + 1),
        context.nominee.kind === 'branch'
          ? unitName(directory, context.nominee.unitId, model.issuedOn)
          : personName(directory, context.nominee.personId),
        context.awardForm.name,
      ]),
    };
  }
}

const registerKeyOf = (model: DocumentModel): RegisterKey => ({
  issuingUnitId: model.issuingUnitId,
  year: Number(model.issuedOn.slice(0, 4)),
  type: model.type,
});

const refOf = (document: Prepared): IssuedDocumentRef => ({
  id: document.id,
  kind: document.model.kind,
  number: document.number,
  sha256: document.sha256,
  code: document.code,
});

interface AwardedContext {
  nominee: { kind: 'branch'; unitId: string } | { kind: 'person'; personId: string };
  awardForm: { name: string };
}
