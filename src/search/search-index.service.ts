import { Injectable, Logger } from '@nestjs/common';
import { RecordType } from '../catalogue/enums';
import { INDEX_SETTINGS } from './index-settings';
import { meiliErrorCode } from './keep-alive-http-client';
import { MeiliService } from './meili.service';
import { quote } from './meili-filter';
import { PassageEntriesService } from './passage-entries.service';
import { indexEntryId, INDEX_SCOPES, IndexScope, RECORD_TYPES, IndexEntry, IndexEntriesService } from './index-entries.service';

export type ReindexProgress = (done: number, total: number) => void;

type WaitableTask = { waitTask: (o?: { timeout?: number }) => Promise<{ status: string; error?: { message?: string } | null }> };

/**
 * Tasks sent to the engine one after the other (each enqueued before the next is sent, so an index
 * applies them in order: a delete after the add it follows), then waited for together: the engine
 * batches consecutive tasks instead of idling between round trips (measured: passages of six documents
 * into both indexes 4.9 s waiting task by task, 2.5 s this way).
 */
class EnqueuedTasks {
  private readonly tasks: WaitableTask[] = [];

  async add(task: Promise<unknown> & WaitableTask): Promise<void> {
    await task;
    this.tasks.push(task);
  }

  async settled(wait: (task: WaitableTask) => Promise<void>): Promise<void> {
    await Promise.all(this.tasks.map(wait));
  }
}

const TASK_TIMEOUT_MS = 120000;
const PASSAGE_BATCH = 2000;

/** Writes the public index: documents in, documents out, and full rebuilds swapped in atomically. */
@Injectable()
export class SearchIndexService {
  private readonly logger = new Logger('SearchIndex');
  /** Indexes whose settings this process has applied (settings survive engine restarts with the data). */
  private readonly configured = new Set<string>();

  constructor(
    private readonly meili: MeiliService,
    private readonly entries: IndexEntriesService,
    private readonly passages: PassageEntriesService,
  ) {}

  get uid(): string {
    return this.meili.indexUid;
  }

  /** The index of a scope: the public one, or the staff one (drafts included). */
  uidOf(scope: IndexScope): string {
    return scope === 'public' ? this.meili.indexUid : this.meili.staffIndexUid;
  }

  /** Creates both indexes if missing and applies the settings (idempotent). True when one must be filled again. */
  async ensureIndexes(): Promise<boolean> {
    let created = false;
    for (const scope of INDEX_SCOPES) created = (await this.ensureIndex(this.uidOf(scope))) || created;
    return created;
  }

  /** Creates the index if missing and applies the settings (idempotent). True when it must be filled: new, or projected by other code. */
  async ensureIndex(uid = this.uid): Promise<boolean> {
    return this.meili.call(async (client) => {
      let created = false;
      try {
        await client.getRawIndex(uid);
      } catch (error) {
        if (meiliErrorCode(error) !== 'index_not_found') throw error;
        await this.wait(client.createIndex(uid, { primaryKey: 'id' }));
        created = true;
      }
      if (created || !this.configured.has(uid)) {
        // Other searchable attributes than ours: the documents were projected by another version of
        // this code (e.g. before `norm` existed) and must be projected again, not just re-ranked.
        // Likewise for filterable attributes: a new one (e.g. updatedAt) is a field older entries lack.
        if (!created) {
          const settings = await client.index(uid).getSettings();
          const sameFilterable =
            JSON.stringify([...((settings.filterableAttributes as string[] | undefined) ?? [])].sort()) === JSON.stringify([...INDEX_SETTINGS.filterableAttributes].sort());
          if (JSON.stringify(settings.searchableAttributes) !== JSON.stringify(INDEX_SETTINGS.searchableAttributes) || !sameFilterable) created = true;
        }
        await this.wait(client.index(uid).updateSettings(INDEX_SETTINGS));
        this.configured.add(uid);
      }
      return created;
    });
  }

  /** Re-projects the given records into both indexes: those that belong are upserted, the others removed. */
  async sync(type: RecordType, ids: readonly string[]): Promise<void> {
    const tasks = new EnqueuedTasks();
    for (const scope of INDEX_SCOPES) await this.syncInto(tasks, scope, this.uidOf(scope), type, ids);
    await tasks.settled((task) => this.wait(task));
  }

  private async syncInto(tasks: EnqueuedTasks, scope: IndexScope, uid: string, type: RecordType, ids: readonly string[]): Promise<void> {
    const { documents, hidden } = await this.entries.build(type, ids, scope);
    await this.meili.call(async (client) => {
      const index = client.index<IndexEntry>(uid);
      if (documents.length) await tasks.add(index.addDocuments(documents));
      if (hidden.length) await tasks.add(index.deleteDocuments(hidden.map((id) => indexEntryId(type, id))));
    });
  }

  /** Re-projects the passages of the given uploaded documents into both indexes. */
  async syncDocuments(ids: readonly string[]): Promise<void> {
    const tasks = new EnqueuedTasks();
    const norms = new Map<string, string>();
    for (const scope of INDEX_SCOPES) await this.syncDocumentsInto(tasks, scope, this.uidOf(scope), ids, norms);
    await tasks.settled((task) => this.wait(task));
  }

  /**
   * Current passages are upserted, then stale ones (a shorter re-extraction) are removed when the index
   * holds any — a first extraction has none, and a delete task between two additions keeps the engine
   * from batching them (one drainer at a time, every earlier task settled) — and those of documents that
   * no longer belong in the index, always. Returns how many passages were written.
   */
  private async syncDocumentsInto(tasks: EnqueuedTasks, scope: IndexScope, uid: string, ids: readonly string[], norms?: Map<string, string>): Promise<number> {
    if (!ids.length) return 0;
    const { documents, counts, hidden } = await this.passages.build(ids, scope, norms);
    const stale = [...counts].map(([id, count]) => `(documentId = ${quote(id)} AND seq >= ${count})`);
    await this.meili.call(async (client) => {
      const index = client.index<IndexEntry>(uid);
      for (let i = 0; i < documents.length; i += PASSAGE_BATCH) await tasks.add(index.addDocuments(documents.slice(i, i + PASSAGE_BATCH)));
      for (let i = 0; i < stale.length; i += 100) {
        const filter = stale.slice(i, i + 100).join(' OR ');
        const held = await index.getDocuments({ filter, limit: 1, fields: ['id'] });
        if (held.results.length) await tasks.add(index.deleteDocuments({ filter }));
      }
      // Passages that must not be searchable are always deleted (an addition still queued would not show in a read).
      if (hidden.length) await tasks.add(index.deleteDocuments({ filter: `documentId IN [${hidden.map(quote).join(', ')}]` }));
    });
    return documents.length;
  }

  /**
   * Builds both indexes afresh from the database and swaps each in atomically: searches keep answering
   * from the old indexes meanwhile. Records changed while they were built are re-projected after the
   * swap. Returns the public index's counts.
   */
  async reindex(progress?: ReindexProgress): Promise<{ documents: number; passages: number }> {
    const started = Date.now();
    const documentIds = await this.passages.candidateDocumentIds();
    let total = 0;
    for (const scope of INDEX_SCOPES) for (const type of RECORD_TYPES) total += await this.entries.count(type, scope);
    total += documentIds.length * INDEX_SCOPES.length;
    let done = 0;
    progress?.(0, total);
    const counts: Record<IndexScope, { documents: number; passages: number }> = { public: { documents: 0, passages: 0 }, staff: { documents: 0, passages: 0 } };
    for (const scope of INDEX_SCOPES) {
      const target = this.uidOf(scope);
      const buildUid = `${target}_build_${started}`;
      await this.ensureIndex(buildUid);
      for (const type of RECORD_TYPES) {
        for await (const batch of this.entries.all(type, scope)) {
          await this.meili.call((client) => this.wait(client.index(buildUid).addDocuments(batch)));
          counts[scope].documents += batch.length;
          done += batch.length;
          progress?.(done, total);
        }
      }
      // Uploaded documents count one each in the progress; their passages go in with them.
      for (let i = 0; i < documentIds.length; i += 20) {
        const slice = documentIds.slice(i, i + 20);
        const tasks = new EnqueuedTasks();
        counts[scope].passages += await this.syncDocumentsInto(tasks, scope, buildUid, slice);
        await tasks.settled((task) => this.wait(task));
        done += slice.length;
        progress?.(done, total);
      }
      await this.ensureIndex(target); // swapping needs both indexes to exist
      await this.meili.call(async (client) => {
        await this.wait(client.swapIndexes([{ indexes: [target, buildUid], rename: false }]));
        await this.wait(client.deleteIndex(buildUid));
        this.configured.delete(buildUid);
      });
    }
    // Changes applied to the old indexes during the build would otherwise be lost with them.
    for (const type of RECORD_TYPES) {
      const store = this.entries.store(type);
      const a = store.definition.target.alias;
      const changed = await store.reads
        .query()
        .select([`${a}.id`, `${a}.updatedAt`])
        .getMany();
      const ids = changed.filter((r) => new Date(r.updatedAt).getTime() >= started - 1000).map((r) => r.id);
      if (ids.length) await this.sync(type, ids);
    }
    await this.syncDocuments(await this.passages.changedSince(new Date(started - 1000)));
    this.logger.log(
      `Reindexed ${counts.public.documents} records and ${counts.public.passages} passages of ${documentIds.length} documents into "${this.uid}" ` +
        `(staff index: ${counts.staff.documents} records) in ${Date.now() - started} ms`,
    );
    return counts.public;
  }

  /** Waits for a Meilisearch task and fails loudly if the task failed. */
  private async wait(enqueued: WaitableTask): Promise<void> {
    const task = await enqueued.waitTask({ timeout: TASK_TIMEOUT_MS });
    if (task.status !== 'succeeded') throw new Error(`Meilisearch task ${task.status}: ${task.error?.message ?? 'unknown error'}`);
  }
}
