import { Injectable } from '@nestjs/common';
import { registerEnumType } from '@nestjs/graphql';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import '@citation-js/plugin-csl';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { ActionPlan } from '../catalogue/entities/action-plan.entity';
import { GoodPractice } from '../catalogue/entities/good-practice.entity';
import type { LocalGovernment } from '../catalogue/entities/local-government.entity';
import type { CatalogueRecord } from '../catalogue/entities/record-base';
import { Tool } from '../catalogue/entities/tool.entity';
import { RecordType } from '../catalogue/enums';
import { definitionOfRecord } from '../catalogue/record-definitions';
import { RecordStores } from '../catalogue/record-stores';

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

type RisEntry = Record<string, string | number | (string | number)[]>;

/**
 * RIS lines from citation-js's RIS entries ("TAG  - value", TY first, ER last, CR LF). Written here
 * because citation-js folds every value at 70 characters, which cuts URLs (UR, and the permalink in
 * N1) in two for the reference managers that read the next line as a new value.
 */
function risText(entries: RisEntry[]): string {
  return entries
    .map((entry) => {
      const lines = [`TY  - ${String(entry.TY)}`];
      for (const [tag, value] of Object.entries(entry)) {
        if (tag !== 'TY') for (const v of ([] as (string | number)[]).concat(value)) lines.push(`${tag}  - ${String(v).replace(/\s*[\r\n]+\s*/g, ' ')}`);
      }
      lines.push('ER  - ');
      return lines.join('\r\n');
    })
    .join('\r\n')
    .concat('\r\n');
}

/** A CSL item: the one description every format is generated from (citation-js). */
interface CslItem {
  id: string;
  type: string;
  title: string;
  author: { literal: string }[];
  issued?: { 'date-parts': number[][] };
  URL: string;
  accessed: { 'date-parts': number[][] };
  publisher?: string;
  'publisher-place'?: string;
  note: string;
  language?: string;
}

/**
 * Citations of plans, practices and tools, made with citation-js (0.7: the line that runs on
 * Node 20). Author: the adopting body of a plan, else its local government (practices: the local
 * government); a tool's publisher. URL: the source the record describes, else the record's
 * permalink; the permalink is also in the note, so a citation leads back here whatever happens to
 * the source.
 */
@Injectable()
@ActsOnBehalf()
export class CitationsService {
  constructor(private readonly stores: RecordStores) {}

  async cite(ctx: RequestContext, record: CatalogueRecord, format: CitationFormat, publicBase: string, accessed = new Date()): Promise<string> {
    const item = await this.item(ctx, record, publicBase, accessed);
    const cite = new Cite(item);
    switch (format) {
      case CitationFormat.BIBTEX:
        return cite.format('bibtex') as string;
      case CitationFormat.RIS:
        return risText(cite.format('ris', { format: 'object' }) as RisEntry[]);
      case CitationFormat.CSL_JSON:
        return `${JSON.stringify([item], null, 2)}\n`;
      case CitationFormat.APA:
        return (cite.format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' }) as string).trim();
    }
  }

  private async item(ctx: RequestContext, record: CatalogueRecord, publicBase: string, accessed: Date): Promise<CslItem> {
    const permalink = `${publicBase}/r/${record.id}`;
    const place = await this.placeOf(ctx, record);
    const base = {
      id: record.slug,
      URL: permalink,
      accessed: { 'date-parts': [[accessed.getUTCFullYear(), accessed.getUTCMonth() + 1, accessed.getUTCDate()]] },
      note: `Local Human Rights Knowledge Base record: ${permalink} (accessed ${accessed.toISOString().slice(0, 10)})`,
    };
    const year = (y: number | null | undefined) => (y ? { issued: { 'date-parts': [[y]] } } : {});
    if (record instanceof ActionPlan) {
      // "City Council" alone names no one: the body with its city, unless it says it already.
      const body = record.adoptingBody?.trim();
      const author = body && place && !body.toLowerCase().includes(place.name.toLowerCase()) ? `${body}, ${place.name}` : body || place?.name || 'Unknown local government';
      return {
        ...base,
        type: 'report',
        title: record.title,
        author: [{ literal: author }],
        ...year(record.year),
        URL: record.sourceUrl ?? permalink,
        publisher: place?.name,
        'publisher-place': place?.name,
        language: record.languages?.[0],
      };
    }
    if (record instanceof GoodPractice) {
      return {
        ...base,
        type: 'report',
        title: record.title,
        author: [{ literal: place?.name ?? 'Unknown local government' }],
        ...year(record.startYear),
        URL: record.sourceUrl ?? permalink,
      };
    }
    if (record instanceof Tool) {
      return {
        ...base,
        type: 'report',
        title: record.title,
        author: [{ literal: record.publisher || 'Unknown publisher' }],
        ...year(record.year),
        URL: record.url ?? permalink,
        publisher: record.publisher ?? undefined,
        language: record.languages?.[0],
      };
    }
    throw new Error(`No citation for a ${definitionOfRecord(record).label}`);
  }

  private async placeOf(ctx: RequestContext, record: CatalogueRecord): Promise<LocalGovernment | null> {
    const id = (record as { localGovernmentId?: string }).localGovernmentId;
    return id ? ((await this.stores.of(RecordType.LOCAL_GOVERNMENT).reads.anyById(ctx, id)) as LocalGovernment | null) : null;
  }
}
