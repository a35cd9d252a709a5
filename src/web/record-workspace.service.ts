import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { access } from '../accounts/access';
import { AuditService } from '../accounts/audit.service';
import { hasRole, Role } from '../accounts/actor';
import { ActionPlan } from '../catalogue/entities/action-plan.entity';
import { CatalogueRecord } from '../catalogue/entities/record-base';
import { LocalGovernment } from '../catalogue/entities/local-government.entity';
import { CatalogueSort, EditorialStatus, RecordType } from '../catalogue/enums';
import { TaxonomyLinksService } from '../catalogue/taxonomy-links.service';
import { AppError, ConflictError } from '../common/errors';
import { validatePlain } from '../common/input/validation';
import { UpdateDocumentInput } from '../documents/document.inputs';
import { DocumentsService } from '../documents/documents.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { MessageKey } from './i18n/en';
import { errorMessage, formProblems } from './problem-messages';
import { RECORD_INPUTS } from '../catalogue/inputs/record-inputs';
import { definitionOf, holdsDocuments, isTagged } from '../catalogue/record-definitions';
import { RecordStores } from '../catalogue/record-stores';
import { FormValues, KEEP_PREFIX, readForm, valuesOf, withKeptValues } from './record-forms';
import { RECORD_PATHS, recordTitle } from './views/components';
import { PageContext } from './views/layout';
import { recordFormPage, RecordFormModel, recordWorkspacePage } from './views/record-form-pages';
import { RenderedPage } from './web-pages.service';

/** What a form submission or a workflow button leads to: another page (303), or this page again with its problems. */
export type Outcome = { redirect: string } | RenderedPage;

const PICKER_LIMIT = 1000;

/**
 * Create, edit and the workflow of records in the browser, through the same services, validation and
 * access rules as the GraphQL mutations. A record the user may not see answers 404, exactly like one
 * that does not exist; buttons the user may not use are not shown, and forced requests are refused by
 * the same services.
 */
@Injectable()
export class RecordWorkspaceService {
  constructor(
    private readonly stores: RecordStores,
    private readonly links: TaxonomyLinksService,
    private readonly taxonomy: TaxonomyService,
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
  ) {}

  private store(type: RecordType) {
    return this.stores.of(type);
  }

  /** The record as this user may see it in the workspace; null (→ 404) otherwise. */
  private async visible(ctx: PageContext, type: RecordType, id: string): Promise<CatalogueRecord | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    return await this.store(type).reads.findVisible(ctx.request, { id });
  }

  private editable(ctx: PageContext, type: RecordType, record: CatalogueRecord): boolean {
    try {
      access.requireEditable(ctx.request, record, this.store(type).definition.label);
      return true;
    } catch {
      return false;
    }
  }

  // ------------------------------------------------------------------ the record's workspace page

  async recordPage(ctx: PageContext, type: RecordType, id: string, notice: string | null = null, problem: string | null = null, status = 200): Promise<RenderedPage | null> {
    const record = await this.visible(ctx, type, id);
    if (!record) return null;
    const editor = hasRole(ctx.request.actor, Role.EDITOR);
    const editable = this.editable(ctx, type, record);
    const s = record.status;
    const can = {
      edit: editable,
      submit: editable && s === EditorialStatus.DRAFT,
      publish: editor && (s === EditorialStatus.DRAFT || s === EditorialStatus.IN_REVIEW),
      returnToDraft: editor && (s === EditorialStatus.IN_REVIEW || s === EditorialStatus.PUBLISHED),
      archive: editor && s !== EditorialStatus.ARCHIVED,
      restore: editor && s === EditorialStatus.ARCHIVED,
    };
    const version = await this.store(type).reads.versionOf(ctx.request, record.id);
    const documents = holdsDocuments(type) ? await this.documents.ofRecord(ctx.request, type, record.id) : [];
    const back = s === EditorialStatus.DRAFT ? (await this.audit.latestOf('returnToDraft', [record.id])).get(record.id) : undefined;
    const returned = back ? { comment: back.comment, at: back.at } : null;
    return { status, body: recordWorkspacePage(ctx, { type, record, version, documents, can, notice, problem, historyLink: editor, returned }) };
  }

  /** A workflow button: submit, publish, return to draft (with its comment), archive, restore. */
  async transition(
    ctx: PageContext,
    type: RecordType,
    id: string,
    action: 'submit' | 'publish' | 'return' | 'archive' | 'restore',
    form: Record<string, unknown>,
  ): Promise<Outcome | null> {
    const record = await this.visible(ctx, type, id);
    if (!record) return null;
    const service = this.stores.serviceOf(type);
    try {
      // The buttons carry the version the page showed: no transition on a record that changed meanwhile.
      const expectedVersion = versionField(form);
      if (action === 'submit') await service.store.workflow.transition(ctx.request, id, 'submitForReview', { expectedVersion });
      else if (action === 'publish') await service.publish(ctx.request, id, { expectedVersion });
      else if (action === 'restore') await service.restore(ctx.request, id, { expectedVersion });
      else if (action === 'archive') await service.store.workflow.transition(ctx.request, id, 'archive', { expectedVersion });
      else await service.store.workflow.transition(ctx.request, id, 'returnToDraft', { comment: typeof form.comment === 'string' ? form.comment : '', expectedVersion });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return (await this.recordPage(ctx, type, id, null, errorMessage(ctx.t, error).text, error.code === 'FORBIDDEN' ? 403 : error.code === 'CONFLICT' ? 409 : 400))!;
    }
    const after = await this.store(type).reads.findVisible(ctx.request, { id });
    return { redirect: `/${ctx.lang}/workspace/${pathOf(type)}/${id}?done=${after?.status ?? ''}` };
  }

  /** A document upload from the record's page: one or several files, a plain multipart form post. */
  async upload(ctx: PageContext, type: RecordType, id: string, req: Request): Promise<Outcome | null> {
    const record = await this.visible(ctx, type, id);
    if (!record || !this.editable(ctx, type, record) || !holdsDocuments(type)) {
      req.resume();
      return null;
    }
    let received: number;
    try {
      received = (await this.documents.uploadMany(ctx.request, req, { recordType: type, recordId: id })).length;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const named = typeof error.details.filename === 'string' ? `${error.details.filename}: ` : '';
      return (await this.recordPage(ctx, type, id, null, named + errorMessage(ctx.t, error).text, error.code === 'PAYLOAD_TOO_LARGE' ? 413 : 400))!;
    }
    return { redirect: `/${ctx.lang}/workspace/${pathOf(type)}/${id}?uploaded=${received}` };
  }

  /** Retry, set the language of, or archive one of the record's documents (replacing a file = upload the new one, archive the old). */
  async documentAction(
    ctx: PageContext,
    type: RecordType,
    id: string,
    documentId: string,
    action: 'retry' | 'language' | 'archive',
    form: Record<string, unknown>,
  ): Promise<Outcome | null> {
    const record = await this.visible(ctx, type, id);
    if (!record || !this.editable(ctx, type, record) || !holdsDocuments(type)) return null;
    const document = (await this.documents.ofRecord(ctx.request, type, id)).find((d) => d.id === documentId);
    if (!document) return null;
    const expectedVersion = versionField(form);
    try {
      if (action === 'retry') await this.documents.retry(ctx.request, documentId, expectedVersion);
      else if (action === 'archive') await this.documents.archive(ctx.request, documentId, expectedVersion);
      else {
        const language = typeof form.language === 'string' && form.language.trim() ? form.language.trim().toLowerCase() : null;
        await this.documents.update(ctx.request, documentId, await validatePlain(UpdateDocumentInput, { language }, 'language'), expectedVersion);
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const status = error.code === 'CONFLICT' ? 409 : error.code === 'FORBIDDEN' ? 403 : 400;
      return (await this.recordPage(ctx, type, id, null, error.code === 'CONFLICT' ? ctx.t.t('ws.documentConflict') : errorMessage(ctx.t, error).text, status))!;
    }
    return { redirect: `/${ctx.lang}/workspace/${pathOf(type)}/${id}?document=${action}` };
  }

  /** The status of documents the user may see, for the record page's live status (JavaScript polls it). */
  async documentStatuses(ctx: PageContext, ids: string[]): Promise<DocumentStatusView[]> {
    const views: DocumentStatusView[] = [];
    for (const id of ids.filter((i) => /^[0-9a-f-]{36}$/i.test(i)).slice(0, 50)) {
      const document = await this.documents.findVisible(ctx.request, id);
      if (!document) continue;
      views.push({
        id,
        status: document.status,
        label: ctx.t.t(`document.status.${document.status}` as MessageKey),
        failureReason: document.failureReason,
        pageCount: document.pageCount,
        version: document.version,
      });
    }
    return views;
  }

  // ------------------------------------------------------------------ create and edit forms

  async newForm(ctx: PageContext, type: RecordType): Promise<RenderedPage> {
    access.require(ctx.request, Role.CURATOR, 'Creating a record');
    return { status: 200, body: recordFormPage(ctx, await this.formModel(ctx, type, null, '', {}, null)) };
  }

  async editForm(ctx: PageContext, type: RecordType, id: string): Promise<RenderedPage | null> {
    const record = await this.visible(ctx, type, id);
    if (!record) return null;
    // A record this user sees but may not change (their own, now in review): say so on its page.
    if (!this.editable(ctx, type, record)) return this.recordPage(ctx, type, id, null, ctx.t.t('ws.noRights'), 403);
    const values = valuesOf(type, record, await this.tagsOf(ctx, type, record.id));
    const version = await this.store(type).reads.versionOf(ctx.request, record.id);
    return { status: 200, body: recordFormPage(ctx, await this.formModel(ctx, type, record.id, recordTitle(record), values, version)) };
  }

  async create(ctx: PageContext, type: RecordType, form: Record<string, unknown>): Promise<Outcome> {
    const { input, values } = readForm(type, form, 'create');
    try {
      const valid = await validatePlain(RECORD_INPUTS[type].create as never, input, 'input');
      const created = await this.stores.serviceOf(type).create(ctx.request, valid);
      return { redirect: `/${ctx.lang}/workspace/${pathOf(type)}/${created.id}?saved=1` };
    } catch (error) {
      return this.formProblems(ctx, type, null, '', values, null, error);
    }
  }

  async update(ctx: PageContext, type: RecordType, id: string, form: Record<string, unknown>): Promise<Outcome | null> {
    const record = await this.visible(ctx, type, id);
    if (!record || !this.editable(ctx, type, record)) return null;
    const chosen = Object.keys(form).some((k) => k.startsWith(KEEP_PREFIX)) ? withKeptValues(type, form, valuesOf(type, record, await this.tagsOf(ctx, type, id))) : form;
    const { input, values } = readForm(type, chosen, 'update');
    const expectedVersion = versionField(form);
    try {
      const valid = await validatePlain(RECORD_INPUTS[type].update as never, input, 'input');
      await this.stores.serviceOf(type).update(ctx.request, id, valid, { expectedVersion });
      return { redirect: `/${ctx.lang}/workspace/${pathOf(type)}/${id}?saved=1` };
    } catch (error) {
      if (error instanceof ConflictError) {
        // Show what was saved meanwhile beside what this user typed; the form now carries the current version.
        const current = (await this.visible(ctx, type, id))!;
        const theirs = valuesOf(type, current, await this.tagsOf(ctx, type, id));
        const fields = (error.details.changedFields as string[]).map((f) => (f === 'countryCode' ? 'country' : f)).filter((f) => f in theirs);
        // A field this user did not touch takes the value saved meanwhile (in the form, and as the
        // choice): only the fields both changed need a decision.
        const then = expectedVersion ? await this.audit.snapshotOfVersion(type, id, expectedVersion) : null;
        const loaded = then
          ? valuesOf(type, then, {
              themes: (then.themes as string[]) ?? [],
              sdgs: ((then.sdgs as number[]) ?? []).map(Number),
              targetGroups: (then.targetGroups as string[]) ?? [],
            })
          : null;
        const shown = { ...values };
        const conflict = fields.map((field) => {
          const touched = !loaded || show(values[field]) !== show(loaded[field]);
          if (!touched) shown[field] = theirs[field];
          return { field, theirs: show(theirs[field]), yours: show(values[field]), keep: touched ? ('yours' as const) : ('theirs' as const) };
        });
        const model = await this.formModel(ctx, type, id, recordTitle(current), shown, error.details.currentVersion as number);
        model.conflict = conflict;
        return { status: 409, body: recordFormPage(ctx, model) };
      }
      return this.formProblems(ctx, type, id, recordTitle(record), values, expectedVersion, error);
    }
  }

  /** Validation problems on the form (the API's own messages), with what the user typed kept. */
  private async formProblems(
    ctx: PageContext,
    type: RecordType,
    id: string | null,
    title: string,
    values: FormValues,
    version: number | null,
    error: unknown,
  ): Promise<RenderedPage> {
    if (!(error instanceof AppError) || !['BAD_USER_INPUT', 'NOT_FOUND'].includes(error.code)) throw error;
    const problems = formProblems(ctx.t, error);
    const model = await this.formModel(ctx, type, id, title, values, version);
    model.problems = problems;
    return { status: 400, body: recordFormPage(ctx, model) };
  }

  private async formModel(ctx: PageContext, type: RecordType, id: string | null, title: string, values: FormValues, version: number | null): Promise<RecordFormModel> {
    const taxonomy = await this.taxonomy.snapshot();
    const references = Object.values(definitionOf(type).references);
    const places = references.includes(RecordType.LOCAL_GOVERNMENT) ? ((await this.pickerChoices(ctx, RecordType.LOCAL_GOVERNMENT)) as LocalGovernment[]) : [];
    const plans = references.includes(RecordType.ACTION_PLAN) ? ((await this.pickerChoices(ctx, RecordType.ACTION_PLAN)) as ActionPlan[]) : [];
    return { type, id, title, values, version, problems: [], conflict: null, taxonomy, places, plans };
  }

  /** The records a form's picker offers for a reference field, by title; the list query pages by 100 (the API's cap), the picker wants them all. */
  private async pickerChoices(ctx: PageContext, type: RecordType): Promise<CatalogueRecord[]> {
    const choices: CatalogueRecord[] = [];
    for (let offset = 0; choices.length === offset && offset < PICKER_LIMIT; offset += 100) {
      choices.push(...(await this.store(type).reads.list(ctx.request, null, CatalogueSort.TITLE_ASC, { limit: 100, offset })).items);
    }
    return choices;
  }

  private async tagsOf(ctx: PageContext, type: RecordType, id: string): Promise<{ themes: string[]; sdgs: number[]; targetGroups: string[] }> {
    if (!isTagged(type)) return { themes: [], sdgs: [], targetGroups: [] };
    const [themes, sdgs, targetGroups] = await Promise.all([
      this.links.themesOf(ctx.request, type, id),
      this.links.sdgsOf(ctx.request, type, id),
      this.links.targetGroupsOf(ctx.request, type, id),
    ]);
    return { themes: themes.map((t) => t.slug), sdgs: sdgs.map((s) => s.number), targetGroups: targetGroups.map((g) => g.slug) };
  }

  noticeFor(ctx: PageContext, query: Record<string, unknown>): string | null {
    const { t } = ctx;
    if (query.saved) return t.t('ws.saved');
    if (typeof query.uploaded === 'string') return t.t('ws.uploaded', { n: Number(query.uploaded) || 1 });
    if (query.document === 'retry' || query.document === 'language' || query.document === 'archive') return t.t(`ws.document.${query.document}Done`);
    if (typeof query.done === 'string' && /^[A-Z_]+$/.test(query.done)) return t.t('ws.done', { status: t.t(`status.${query.done}` as MessageKey) });
    return null;
  }
}

/** What the live document status answers (JSON). */
export interface DocumentStatusView {
  id: string;
  status: string;
  label: string;
  failureReason: string | null;
  pageCount: number | null;
  version: number;
}

/** An integer form field (a version the form was loaded at); null when absent or not a number. */
export function versionField(form: Record<string, unknown>, name = 'expectedVersion'): number | null {
  const value = form[name];
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : null;
}

function pathOf(type: RecordType): string {
  return RECORD_PATHS[type];
}
function show(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}
