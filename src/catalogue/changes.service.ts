import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, MoreThan, MoreThanOrEqual } from 'typeorm';
import { BadUserInputError } from '../common/errors';
import { ChangeEvent, ChangeKind, PublicRecordState } from './entities/change-event.entity';
import { RecordType } from './enums';
import { RECORD_DEFINITIONS } from './record-definitions';
import { RecordStores } from './record-stores';

/** Most events one `changes` call returns. */
export const MAX_CHANGES_PAGE = 1000;
const CHUNK = 500;

export interface ChangeFeedPage {
  items: ChangeEvent[];
  /** Pass as `after` to continue; null when there is nothing yet (keep the one you have). */
  endCursor: string | null;
  hasMore: boolean;
}

function cursorOf(id: number): string {
  return Buffer.from(`change:${id}`).toString('base64url');
}

function idOfCursor(cursor: string): number {
  const match = /^change:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new BadUserInputError('after', 'not a cursor of this feed: pass the endCursor a previous call returned');
  return Number(match[1]);
}

/**
 * The public change log: what became visible, changed while visible, or stopped being visible, for
 * harvesters that mirror the catalogue (`changes(since:)`). Observed, not declared: after every write
 * the search outbox worker (which already knows each record touched, a local government's plans and
 * practices with it) asks `observe`, which compares what the public sees now with what it saw last
 * time — so publishing, archiving, restoring, returning to draft, a local government's cascade, an
 * import or a reindex are all reported the same way, once.
 */
@Injectable()
export class ChangesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly stores: RecordStores,
  ) {}

  /** Records what changed for the public in these records since their last observation. Idempotent. */
  async observe(type: RecordType, ids: readonly string[]): Promise<number> {
    let written = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = [...new Set(ids.slice(i, i + CHUNK))].sort();
      written += await this.dataSource.transaction((m) => this.observeChunk(m, type, chunk));
    }
    return written;
  }

  /** Observes every record (after a reindex, and to start the log on an existing catalogue). */
  async observeAll(): Promise<number> {
    let written = 0;
    for (const definition of RECORD_DEFINITIONS) {
      const alias = definition.target.alias;
      for (let offset = 0; ; offset += CHUNK) {
        const rows = await this.dataSource.manager
          .getRepository(definition.entity)
          .createQueryBuilder(alias)
          .select(`${alias}.id`, 'id')
          .orderBy(`${alias}.id`)
          .offset(offset)
          .limit(CHUNK)
          .getRawMany<{ id: string }>();
        if (!rows.length) break;
        written += await this.observe(
          definition.type,
          rows.map((r) => r.id),
        );
      }
    }
    return written;
  }

  async feed(since: Date, after: string | null | undefined, limit: number): Promise<ChangeFeedPage> {
    const afterId = after ? idOfCursor(after) : 0;
    const rows = await this.dataSource.manager.find(ChangeEvent, {
      where: { occurredAt: MoreThanOrEqual(since), id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: limit + 1,
    });
    const items = rows.slice(0, limit);
    return { items, hasMore: rows.length > limit, endCursor: items.length ? cursorOf(items[items.length - 1].id) : (after ?? null) };
  }

  private async observeChunk(m: EntityManager, type: RecordType, ids: string[]): Promise<number> {
    const reads = this.stores.of(type).reads;
    const alias = reads.definition.target.alias;
    const visible = await (await reads.publicQuery(null)).andWhere(`${alias}.id IN (:...observedIds)`, { observedIds: ids }).getMany();
    const now = new Map(visible.map((r) => [r.id, new Date(r.updatedAt).getTime()]));
    const before = new Map((await m.find(PublicRecordState, { where: { recordType: type, recordId: In(ids) } })).map((s) => [s.recordId, s.updatedAtMs]));
    const events: Partial<ChangeEvent>[] = [];
    const occurredAt = new Date();
    for (const id of ids) {
      const was = before.get(id);
      const is = now.get(id);
      if (is !== undefined && was === undefined) events.push({ recordType: type, recordId: id, kind: ChangeKind.VISIBLE, occurredAt });
      else if (is !== undefined && was !== undefined && is !== was) events.push({ recordType: type, recordId: id, kind: ChangeKind.CHANGED, occurredAt });
      else if (is === undefined && was !== undefined) events.push({ recordType: type, recordId: id, kind: ChangeKind.INVISIBLE, occurredAt });
    }
    if (!events.length) return 0;
    await m.insert(ChangeEvent, events);
    const gone = events.filter((e) => e.kind === ChangeKind.INVISIBLE).map((e) => e.recordId!);
    if (gone.length) await m.delete(PublicRecordState, { recordType: type, recordId: In(gone) });
    const current = events.filter((e) => e.kind !== ChangeKind.INVISIBLE).map((e) => ({ recordType: type, recordId: e.recordId!, updatedAtMs: now.get(e.recordId!)! }));
    if (current.length) await m.save(PublicRecordState, current);
    return events.length;
  }
}
