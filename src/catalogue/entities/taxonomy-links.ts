import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Sdg } from '../../taxonomy/sdg.entity';
import { TargetGroup } from '../../taxonomy/target-group.entity';
import { Theme } from '../../taxonomy/theme.entity';
import { RecordType } from '../enums';
import { ActionPlan } from './action-plan.entity';
import { GoodPractice } from './good-practice.entity';
import { Tool } from './tool.entity';

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

/** A link goes with its record; a taxonomy term cannot be deleted while a record names it. */
function linkTable(table: string, owner: () => new () => object, ownerColumn: string, term: () => new () => object, refColumn: string, refIsNumber: boolean): LinkTable {
  @Entity(table)
  class Link implements TaxonomyLink {
    @ForeignKey(owner, { onDelete: 'CASCADE' })
    @PrimaryColumn({ type: 'varchar', length: 36, name: ownerColumn })
    ownerId: string;

    @Index()
    @ForeignKey(term, { onDelete: 'RESTRICT' })
    @PrimaryColumn(refIsNumber ? { type: 'integer', name: refColumn } : { type: 'varchar', length: 80, name: refColumn })
    ref: string | number;
  }
  Object.defineProperty(Link, 'name', { value: table.replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase()) });
  return { entity: Link, table, ownerColumn, refColumn };
}

export type TaxonomyKind = 'themes' | 'sdgs' | 'targetGroups';
export type TaggedRecordType = RecordType.ACTION_PLAN | RecordType.GOOD_PRACTICE | RecordType.TOOL;

function linksOf(prefix: string, owner: () => new () => object): Record<TaxonomyKind, LinkTable> {
  return {
    themes: linkTable(`${prefix}_theme`, owner, `${prefix}_id`, () => Theme, 'theme_slug', false),
    sdgs: linkTable(`${prefix}_sdg`, owner, `${prefix}_id`, () => Sdg, 'sdg_number', true),
    targetGroups: linkTable(`${prefix}_target_group`, owner, `${prefix}_id`, () => TargetGroup, 'target_group_slug', false),
  };
}

export const TAXONOMY_LINKS: Record<TaggedRecordType, Record<TaxonomyKind, LinkTable>> = {
  [RecordType.ACTION_PLAN]: linksOf('action_plan', () => ActionPlan),
  [RecordType.GOOD_PRACTICE]: linksOf('good_practice', () => GoodPractice),
  [RecordType.TOOL]: linksOf('tool', () => Tool),
};

export const TAXONOMY_LINK_ENTITIES = Object.values(TAXONOMY_LINKS).flatMap((links) => Object.values(links).map((l) => l.entity));
