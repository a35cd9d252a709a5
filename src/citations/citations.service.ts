import { Injectable } from '@nestjs/common';
import { registerEnumType } from '@nestjs/graphql';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-csl';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { ActionPlan } from '../catalogue/entities/action-plan.entity';
import { GoodPractice } from '../catalogue/entities/good-practice.entity';
import type { LocalGovernment } from '../catalogue/entities/local-government.entity';
import type { CatalogueRecord } from '../catalogue/entities/record-base';
import { Tool } from '../catalogue/entities/tool.entity';
import { RecordType, ToolKind } from '../catalogue/enums';
import { definitionOfRecord } from '../catalogue/record-definitions';
import { RecordStores } from '../catalogue/record-stores';
import { bibtexEntry, CitationEntry, risReference } from './citation-writers';

export enum CitationFormat {
  BIBTEX = 'BIBTEX',
  RIS = 'RIS',
  CSL_JSON = 'CSL_JSON',
  APA = 'APA',
}
registerEnumType(CitationFormat, {
  name: 'CitationFormat',
  description: 'BIBTEX and RIS for reference managers, CSL_JSON (an array of one CSL item), APA as plain text (7th edition style).',
});

/** File name ending and media type of each downloadable format (APA is text). */
export const CITATION_FILES: Record<CitationFormat, { extension: string; mediaType: string }> = {
  [CitationFormat.BIBTEX]: { extension: 'bib', mediaType: 'application/x-bibtex; charset=utf-8' },
  [CitationFormat.RIS]: { extension: 'ris', mediaType: 'application/x-research-info-systems; charset=utf-8' },
  [CitationFormat.CSL_JSON]: { extension: 'json', mediaType: 'application/vnd.citationstyles.csl+json; charset=utf-8' },
  [CitationFormat.APA]: { extension: 'txt', mediaType: 'text/plain; charset=utf-8' },
};

/** How a tool is cited, by its kind: guides, toolkits, indicator sets and training material are manuals; the rest books. */
const TOOL_KINDS: Record<ToolKind, { bibtexType: 'manual' | 'book'; genre?: string }> = {
  [ToolKind.GUIDE]: { bibtexType: 'manual', genre: 'Guide' },
  [ToolKind.TOOLKIT]: { bibtexType: 'manual', genre: 'Toolkit' },
  [ToolKind.INDICATOR_SET]: { bibtexType: 'manual', genre: 'Indicator set' },
  [ToolKind.TRAINING_MATERIAL]: { bibtexType: 'manual', genre: 'Training material' },
  [ToolKind.PUBLICATION]: { bibtexType: 'book' },
  [ToolKind.CHARTER]: { bibtexType: 'book', genre: 'Charter' },
  [ToolKind.OUTCOME_DOCUMENT]: { bibtexType: 'book', genre: 'Outcome document' },
};

/**
 * The first part of a record's citation key, by type. The key is `{prefix}-{slug}`: ASCII (slugs are
 * `[a-z0-9-]`), the same in every export, and unique across types (slugs are unique within one; no
 * prefix is another's start). Hyphens, not colons: French babel makes `:` active in `\cite`.
 */
const KEY_PREFIXES: Partial<Record<RecordType, string>> = {
  [RecordType.ACTION_PLAN]: 'plan',
  [RecordType.GOOD_PRACTICE]: 'practice',
  [RecordType.TOOL]: 'tool',
};

/**
 * Citations of plans, practices and tools: one description per record (a CSL item), written as
 * BibTeX and RIS here (citation-writers.ts) and as an APA reference by citation-js (0.7: the line
 * that runs on Node 20). Author: the adopting body of a plan named with its city, else its local
 * government (practices: the local government); a tool's publisher. Every author is a body, written
 * as one name. URL: the source the record describes, else the record's permalink; the permalink is
 * also in the note, so a citation leads back here whatever happens to the source.
 */
@Injectable()
@ActsOnBehalf()
export class CitationsService {
  constructor(private readonly stores: RecordStores) {}

  async cite(ctx: RequestContext, record: CatalogueRecord, format: CitationFormat, publicBase: string, accessed = new Date()): Promise<string> {
    const entry = await this.entry(ctx, record, publicBase, accessed);
    switch (format) {
      case CitationFormat.BIBTEX:
        return bibtexEntry(entry);
      case CitationFormat.RIS:
        return risReference(entry);
      case CitationFormat.CSL_JSON:
        return `${JSON.stringify([entry.item], null, 2)}\n`;
      case CitationFormat.APA:
        return (new Cite(entry.item).format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' }) as string).trim();
    }
  }

  private async entry(ctx: RequestContext, record: CatalogueRecord, publicBase: string, accessed: Date): Promise<CitationEntry> {
    const definition = definitionOfRecord(record);
    const keyPrefix = KEY_PREFIXES[definition.type];
    if (!keyPrefix) throw new Error(`No citation for a ${definition.label}`);
    const key = `${keyPrefix}-${record.slug}`;
    const permalink = `${publicBase}/r/${record.id}`;
    const place = await this.placeOf(ctx, record);
    const base = {
      id: key,
      'citation-key': key,
      URL: permalink,
      accessed: { 'date-parts': [[accessed.getUTCFullYear(), accessed.getUTCMonth() + 1, accessed.getUTCDate()]] },
      note: `Local Human Rights Knowledge Base record: ${permalink} (accessed ${accessed.toISOString().slice(0, 10)})`,
    };
    const year = (y: number | null | undefined) => (y ? { issued: { 'date-parts': [[y]] } } : {});
    const language = (languages: string[] | undefined) => (languages?.[0] ? { language: languages[0] } : {});
    if (record instanceof ActionPlan) {
      // "City Council" alone names no one: the body with its city in front ("Vienna City Council"),
      // unless it names it already; no comma, which readers of RIS and BibTeX take for a person's name.
      const body = record.adoptingBody?.trim();
      const author = body && place && !body.toLowerCase().includes(place.name.toLowerCase()) ? `${place.name} ${body}` : body || place?.name || 'Unknown local government';
      return {
        recordId: record.id,
        bibtexType: 'report',
        risType: 'RPRT',
        item: {
          ...base,
          type: 'report',
          genre: 'Action plan',
          title: record.title,
          author: [{ literal: author }],
          ...year(record.year),
          URL: record.sourceUrl ?? permalink,
          publisher: author,
          ...(place ? { 'publisher-place': place.name } : {}),
          ...language(record.languages),
        },
      };
    }
    if (record instanceof GoodPractice) {
      return {
        recordId: record.id,
        bibtexType: 'misc',
        risType: 'GEN',
        item: {
          ...base,
          type: 'document',
          title: record.title,
          author: [{ literal: place?.name ?? 'Unknown local government' }],
          ...year(record.startYear),
          URL: record.sourceUrl ?? permalink,
        },
      };
    }
    if (record instanceof Tool) {
      const kind = TOOL_KINDS[record.kind];
      return {
        recordId: record.id,
        bibtexType: kind.bibtexType,
        risType: 'BOOK',
        item: {
          ...base,
          type: 'book',
          title: record.title,
          ...(kind.genre ? { genre: kind.genre } : {}),
          author: [{ literal: record.publisher || 'Unknown publisher' }],
          ...year(record.year),
          URL: record.url ?? permalink,
          ...(record.publisher ? { publisher: record.publisher } : {}),
          ...language(record.languages),
        },
      };
    }
    throw new Error(`No citation for a ${definition.label}`);
  }

  private async placeOf(ctx: RequestContext, record: CatalogueRecord): Promise<LocalGovernment | null> {
    const id = (record as { localGovernmentId?: string }).localGovernmentId;
    return id ? ((await this.stores.of(RecordType.LOCAL_GOVERNMENT).reads.anyById(ctx, id)) as LocalGovernment | null) : null;
  }
}
