import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService } from '../accounts/audit.service';
import { FieldChange } from '../accounts/entities/audit-entry.entity';
import { RecordType } from '../catalogue/enums';
import { definitionOf } from '../catalogue/record-definitions';
import { RecordStores } from '../catalogue/record-stores';
import { RevisionsService } from '../catalogue/revisions.service';
import { AppError } from '../common/errors';
import { TaxonomyService, TaxonomySnapshot } from '../taxonomy/taxonomy.service';
import { errorMessage } from './problem-messages';
import { RECORD_FIELDS } from './record-forms';
import { enumLabel, RECORD_PATHS, RECORD_TYPES_IN_ORDER, recordTitle, taxonomyLabel } from './views/components';
import { PageContext } from './views/layout';
import { ChangeRow, historyPage, HistoryModel, reviewPage, ReviewModel } from './views/review-pages';
import { Outcome, versionField } from './record-workspace.service';
import { RenderedPage } from './web-pages.service';

/**
 * The editors' review queue (what changed since the last published revision, field by field) and the
 * revision history of a record with restore — the same services and rules as the `revisions` query and
 * the `restoreRevision` mutation.
 */
@Injectable()
export class ReviewPagesService {
  constructor(
    private readonly stores: RecordStores,
    private readonly revisions: RevisionsService,
    private readonly audit: AuditService,
    private readonly accounts: AccountsService,
    private readonly taxonomy: TaxonomyService,
  ) {}

  async reviewQueue(ctx: PageContext): Promise<RenderedPage> {
    const taxonomy = await this.taxonomy.snapshot();
    const items: ReviewModel['items'] = [];
    for (const type of RECORD_TYPES_IN_ORDER) {
      const records = await this.stores.of(type).reads.inReview(ctx.request);
      const submissions = await this.audit.latestOf(
        'submitForReview',
        records.map((r) => r.id),
      );
      for (const record of records) {
        const { published, latest, changes } = await this.revisions.changesSincePublished(ctx.request, type, record.id);
        const submitted = submissions.get(record.id);
        items.push({
          type,
          record,
          version: latest?.version ?? 0,
          everPublished: !!published,
          submittedAt: submitted?.at ?? record.updatedAt,
          submittedBy: submitted?.userId ?? null,
          changes: await this.rows(ctx, type, taxonomy, changes),
        });
      }
    }
    const names = await this.userNames(items.map((i) => i.submittedBy));
    return { status: 200, body: reviewPage(ctx, { items, names }) };
  }

  /** A record's revision history; null (→ 404) for a record that does not exist. */
  async history(ctx: PageContext, type: RecordType, id: string, shown: { notice?: string | null; problem?: string | null; status?: number } = {}): Promise<RenderedPage | null> {
    const record = /^[0-9a-f-]{36}$/i.test(id) ? await this.stores.of(type).reads.findVisible(ctx.request, { id }) : null;
    if (!record) return null;
    const taxonomy = await this.taxonomy.snapshot();
    const entries: HistoryModel['entries'] = [];
    for (const { revision, changes } of await this.revisions.history(ctx.request, type, id)) entries.push({ revision, changes: await this.rows(ctx, type, taxonomy, changes) });
    const names = await this.userNames(entries.map((e) => e.revision.userId));
    return { status: shown.status ?? 200, body: historyPage(ctx, { type, record, entries, names, problem: shown.problem ?? null, notice: shown.notice ?? null }) };
  }

  /** Restore one of the record's revisions (itself a new revision); the revision must be this record's. */
  async restore(ctx: PageContext, type: RecordType, id: string, revisionId: string, form: Record<string, unknown>): Promise<Outcome | null> {
    const entries = /^[0-9a-f-]{36}$/i.test(id) ? await this.revisions.history(ctx.request, type, id) : [];
    if (!entries.some((e) => e.revision.id === revisionId)) return null;
    try {
      await this.revisions.restore(ctx.request, revisionId, versionField(form));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return (await this.history(ctx, type, id, { problem: errorMessage(ctx.t, error).text, status: error.code === 'FORBIDDEN' ? 403 : error.code === 'CONFLICT' ? 409 : 400 }))!;
    }
    return { redirect: `/${ctx.lang}/workspace/${RECORD_PATHS[type]}/${id}/history?restored=1` };
  }

  private async userNames(ids: (string | null)[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((i): i is string => !!i))];
    const users = unique.length ? await this.accounts.usersByIds(unique) : [];
    return new Map(users.map((u) => [u.id, u.displayName || u.email]));
  }

  /** Field changes as a person reads them: labels for taxonomy slugs, the place's name for its id. */
  private async rows(ctx: PageContext, type: RecordType, taxonomy: TaxonomySnapshot, changes: FieldChange[]): Promise<ChangeRow[]> {
    const rows: ChangeRow[] = [];
    for (const change of changes) {
      const row = {
        field: change.field === 'countryCode' ? 'country' : change.field,
        before: await this.shown(ctx, type, taxonomy, change.field, change.before),
        after: await this.shown(ctx, type, taxonomy, change.field, change.after),
      };
      // Empty before and after (null against a missing value, [] against null) is no change to a reader.
      if (row.before !== row.after) rows.push(row);
    }
    // In the order of the record's form, which is the order a curator knows.
    const order = RECORD_FIELDS[type].map((f) => f.name);
    const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
    return rows.sort((a, b) => rank(a.field) - rank(b.field));
  }

  private async shown(ctx: PageContext, recordType: RecordType, taxonomy: TaxonomySnapshot, field: string, json: string | null): Promise<string> {
    const { t } = ctx;
    const value = json === null ? null : (JSON.parse(json) as unknown);
    if (value === null || value === '' || (Array.isArray(value) && !value.length)) return '';
    if (field === 'themes' && Array.isArray(value)) return (value as string[]).map((s) => taxonomyLabel(t, taxonomy, 'theme', s)).join(', ');
    if (field === 'targetGroups' && Array.isArray(value)) return (value as string[]).map((s) => taxonomyLabel(t, taxonomy, 'targetGroup', s)).join(', ');
    if (field === 'sdgs' && Array.isArray(value))
      return (value as number[]).map((n) => (taxonomy.sdgs.get(Number(n)) ? `${n}. ${taxonomyLabel(t, taxonomy, 'sdg', n)}` : String(n))).join(', ');
    const referenced = definitionOf(recordType).references[field];
    if (referenced && typeof value === 'string') {
      const found = await this.stores.of(referenced).reads.findVisible(ctx.request, { id: value });
      return found ? recordTitle(found) || value : value;
    }
    if (field === 'status' && typeof value === 'string') return t.t(`status.${value}` as never);
    if ((field === 'kind' || field === 'lifecycle') && typeof value === 'string') return enumLabel(t, value);
    return Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : JSON.stringify(value);
  }
}
