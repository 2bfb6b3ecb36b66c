import type { Readable } from 'node:stream';
import {
  dossierRules,
  fileTypes,
  maxBytesOf,
  mayUpload,
  type Authority,
  type FileType,
  type Principal,
} from '@doanflow/engine';
import { ServerError } from '../errors.ts';

export type { AttachmentView, DossierView } from './views.ts';
import type { DurableRuntime } from '../runner/durable-runtime.ts';
import type { AttachmentRow, AttachmentStore } from './attachment-store.ts';
import type { AttachmentView, DossierView } from './views.ts';
import { checkExtension, cleanFileName } from './file-name.ts';
import { inspectFile } from './inspect-file.ts';
import { spool } from './spool.ts';
import type { ZipLimits } from './zip-check.ts';

export interface DossiersOptions {
  runtime: DurableRuntime;
  store: AttachmentStore;
  /** Where uploads are spooled while checked (default the OS's temporary folder). */
  tmpDir?: string;
  zipLimits?: ZipLimits;
}

/** An upload allowed before any of its bytes is read. */
export interface UploadPermit {
  instanceId: string;
  kind: string;
  accepts: readonly FileType[];
  maxBytes: number;
  uploader: Authority & { personId: string };
}

const notFound = (id: string) => new ServerError('NOT_FOUND', `no attachment ${id}`, { attachmentId: id });

/**
 * The dossier of an instance over HTTP: who may see it (whoever may see the instance), who may add
 * to it (the workflow's upload rules), and the path of an upload from the wire to the store.
 */
export class Dossiers {
  private readonly options: DossiersOptions;

  constructor(options: DossiersOptions) {
    this.options = options;
  }

  get store(): AttachmentStore {
    return this.options.store;
  }

  async view(instanceId: string, principal: Principal): Promise<DossierView> {
    const { runtime } = this.options;
    const now = runtime.clock.now();
    const { row, definition } = await runtime.visibleInstance(instanceId, principal, now);
    const rules = dossierRules(definition, row.snapshot, principal, {
      directory: runtime.cache.directory,
      now,
      policy: runtime.policyOf(definition.id),
    });
    const rows = await this.store.ofInstance(instanceId);
    const mine = principal.kind === 'person' ? principal.personId : null;
    // Uploads waiting for an event are the uploader's drafts: nobody else sees them.
    const items = rows.filter((file) => file.seq !== null || file.uploaded_by === mine);
    return { instanceId, ...rules, items: items.map((file) => this.viewOf(file)) };
  }

  /** Checks who may upload what, and how much, before a byte of the file is read. */
  async permit(instanceId: string, principal: Principal, kind: string): Promise<UploadPermit> {
    const { runtime } = this.options;
    if (principal.kind !== 'person') throw new ServerError('FORBIDDEN', 'a person must upload', {});
    const now = runtime.clock.now();
    const { row, definition } = await runtime.visibleInstance(instanceId, principal, now);
    const authority = mayUpload(definition, row.snapshot, principal, kind, {
      directory: runtime.cache.directory,
      now,
    });
    return {
      instanceId,
      kind,
      accepts: definition.documents!.kinds[kind]!.accepts,
      maxBytes: maxBytesOf(definition, kind, runtime.policyOf(definition.id)),
      uploader: { ...authority, personId: principal.personId },
    };
  }

  /**
   * Spools the file, decides its type from its bytes, checks it against the kind, and stores it.
   * A refused file leaves nothing behind: the temporary file is removed, no row is written.
   */
  async upload(permit: UploadPermit, file: { stream: Readable; filename: string }): Promise<AttachmentView> {
    const name = cleanFileName(file.filename);
    const spooled = await spool(file.stream, permit.maxBytes, this.options.tmpDir);
    try {
      const { type, mediaType } = await inspectFile(spooled.path, spooled.size, this.options.zipLimits);
      checkExtension(name, type);
      if (!permit.accepts.includes(type)) {
        throw new ServerError(
          'UNSUPPORTED_FILE_TYPE',
          `a ${permit.kind} cannot be a ${type.toUpperCase()} file`,
          {
            reason: 'kind',
            detected: mediaType,
            accepted: permit.accepts.map((accepted) => fileTypes[accepted]),
          },
        );
      }
      const stored = await this.store.add({
        instanceId: permit.instanceId,
        kind: permit.kind,
        name,
        sha256: spooled.sha256,
        size: spooled.size,
        mediaType,
        path: spooled.path,
        uploader: permit.uploader,
        at: this.options.runtime.clock.now(),
      });
      return this.viewOf(stored);
    } finally {
      await spooled.dispose();
    }
  }

  /** An attachment the principal may read: its instance is visible to them, and it is no one else's draft. */
  async readable(attachmentId: string, principal: Principal): Promise<AttachmentRow> {
    const file = await this.store.byId(attachmentId);
    if (!file) throw notFound(attachmentId);
    try {
      await this.options.runtime.visibleInstance(file.instance_id, principal);
    } catch (error) {
      if (error instanceof ServerError && error.code === 'NOT_FOUND') throw notFound(attachmentId);
      throw error;
    }
    const mine = principal.kind === 'person' && principal.personId === file.uploaded_by;
    if (file.seq === null && !mine) throw notFound(attachmentId);
    return file;
  }

  async withdraw(attachmentId: string, principal: Principal): Promise<void> {
    const file = await this.readable(attachmentId, principal);
    if (file.seq !== null) {
      throw new ServerError('FORBIDDEN', 'a file an event brought into the dossier stays there', {
        attachmentId,
      });
    }
    if (principal.kind !== 'person' || !(await this.store.withdraw(attachmentId, principal.personId))) {
      throw notFound(attachmentId);
    }
  }

  viewOf(file: AttachmentRow): AttachmentView {
    return {
      id: file.id,
      instanceId: file.instance_id,
      kind: file.kind,
      name: file.name,
      size: file.size,
      mediaType: file.media_type,
      sha256: file.sha256,
      uploadedBy: {
        personId: file.uploaded_by,
        name: this.options.runtime.cache.directory.person(file.uploaded_by)?.name ?? null,
        role: file.uploaded_role,
        unitId: file.uploaded_unit_id,
      },
      uploadedAt: file.uploaded_at,
      seq: file.seq,
      event: file.event,
    };
  }
}
