import { createHash, randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { nextSerial } from './register.ts';
import type { Renderer } from './render-pool.ts';
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
  tmpDir?: string;
}

export class DocumentIssuer {
  private readonly deps: IssuerDeps;

  constructor(deps: IssuerDeps) {
    this.deps = deps;
  }

  get policy(): DocumentPolicy {
    return this.deps.policy;
  }

  async issue(query: Query, request: IssueRequest): Promise<IssuedDocumentRef[]> {
    const refs: IssuedDocumentRef[] = [];
    for (const model of request.documents) refs.push(await this.issueOne(query, request, model));
    return refs;
  }

  private async issueOne(query: Query, request: IssueRequest, model: DocumentModel) {
    const { policy, renderer, cache } = this.deps;
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
    const issuer = cache.directory;
    await query(
      `insert into issued_documents (id, instance_id, seq, kind, type, issuing_unit_id, issuing_unit_name, year,
         serial, number, code, issued_on, valid_until, signer_name, signer_title, sha256, size, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        id,
        request.instanceId,
        request.seq,
        model.kind,
        model.type,
        model.issuingUnitId,
        unitName(issuer, model.issuingUnitId, model.issuedOn),
        year,
        serial,
        number,
        code,
        model.issuedOn,
        model.validUntil ?? null,
        model.signature.name,
        [model.signature.heading, model.signature.title].filter(Boolean).join(' – '),
        sha256,
        pdf.length,
        request.at,
      ],
    );
    if (model.revokesEarlier) {
      await query(
        `update issued_documents set revoked_by = $1, revoked_at = $2
         where instance_id = $3 and kind = $4 and id <> $1 and revoked_by is null`,
        [id, request.at, request.instanceId, model.kind],
      );
    }
    return { id, kind: model.kind, number, sha256, code };
  }

  /** The bytes by digest, as uploads are stored (spooled to a file the blob store reads). */
  private async storeBytes(query: Query, pdf: Buffer, sha256: string, at: string) {
    const path = join(this.deps.tmpDir ?? tmpdir(), `doanflow-doc-${randomUUID()}.pdf`);
    await writeFile(path, pdf);
    try {
      await this.deps.store.putBlob(
        query,
        { sha256, size: pdf.length, mediaType: 'application/pdf', path },
        at,
      );
    } finally {
      await rm(path, { force: true });
    }
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

interface AwardedContext {
  nominee: { kind: 'branch'; unitId: string } | { kind: 'person'; personId: string };
  awardForm: { name: string };
}
