import { Entity, PrimaryColumn } from 'typeorm';
import { RecordType } from '../enums';

/** A join table between a record and one taxonomy (theme, SDG or target group). */
interface TaxonomyLink {
  ownerId: string;
  ref: string | number;
}

export interface LinkTable {
  entity: new () => TaxonomyLink;
  table: string;
  ownerColumn: string;
  refColumn: string;
}

function linkTable(table: string, ownerColumn: string, refColumn: string, refIsNumber: boolean): LinkTable {
  @Entity(table)
  class Link implements TaxonomyLink {
    @PrimaryColumn({ type: 'varchar', length: 36, name: ownerColumn })
    ownerId: string;

    @PrimaryColumn(refIsNumber ? { type: 'integer', name: refColumn } : { type: 'varchar', length: 80, name: refColumn })
    ref: string | number;
  }
  Object.defineProperty(Link, 'name', { value: table.replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase()) });
  return { entity: Link, table, ownerColumn, refColumn };
}

export type TaxonomyKind = 'themes' | 'sdgs' | 'targetGroups';
export type TaggedRecordType = RecordType.ACTION_PLAN | RecordType.GOOD_PRACTICE | RecordType.TOOL;

function linksOf(prefix: string): Record<TaxonomyKind, LinkTable> {
  return {
    themes: linkTable(`${prefix}_theme`, `${prefix}_id`, 'theme_slug', false),
    sdgs: linkTable(`${prefix}_sdg`, `${prefix}_id`, 'sdg_number', true),
    targetGroups: linkTable(`${prefix}_target_group`, `${prefix}_id`, 'target_group_slug', false),
  };
}

export const TAXONOMY_LINKS: Record<TaggedRecordType, Record<TaxonomyKind, LinkTable>> = {
  [RecordType.ACTION_PLAN]: linksOf('action_plan'),
  [RecordType.GOOD_PRACTICE]: linksOf('good_practice'),
  [RecordType.TOOL]: linksOf('tool'),
};

export const TAXONOMY_LINK_ENTITIES = Object.values(TAXONOMY_LINKS).flatMap((links) => Object.values(links).map((l) => l.entity));
