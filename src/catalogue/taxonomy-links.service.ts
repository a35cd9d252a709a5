import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { groupByKeys, requestLoader } from '../common/graphql/request-loaders';
import { Sdg } from '../taxonomy/sdg.entity';
import { TargetGroup } from '../taxonomy/target-group.entity';
import { Theme } from '../taxonomy/theme.entity';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { TaggedRecordType, TAXONOMY_LINKS, TaxonomyKind } from './entities/taxonomy-links';

export interface Tagging {
  themes?: string[] | null;
  sdgs?: number[] | null;
  targetGroups?: string[] | null;
}

const KINDS: TaxonomyKind[] = ['themes', 'sdgs', 'targetGroups'];

/** Reads and writes the links between records and the taxonomies. */
@Injectable()
@ActsOnBehalf()
export class TaxonomyLinksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly taxonomy: TaxonomyService,
  ) {}

  /** Unknown references are BAD_USER_INPUT naming the input field. */
  async validate(tagging: Tagging, prefix = 'input'): Promise<void> {
    await this.taxonomy.assertThemes(tagging.themes, `${prefix}.themes`);
    await this.taxonomy.assertSdgs(tagging.sdgs, `${prefix}.sdgs`);
    await this.taxonomy.assertTargetGroups(tagging.targetGroups, `${prefix}.targetGroups`);
  }

  /** Replaces the given kinds of links of one record (a kind left undefined stays as it is). */
  async replace(manager: EntityManager, type: TaggedRecordType, ownerId: string, tagging: Tagging): Promise<void> {
    for (const kind of KINDS) {
      const values = tagging[kind];
      if (values === undefined) continue;
      const link = TAXONOMY_LINKS[type][kind];
      await manager.delete(link.entity, { ownerId });
      const unique = [...new Set<string | number>(values ?? [])];
      if (unique.length)
        await manager.insert(
          link.entity,
          unique.map((ref) => ({ ownerId, ref })),
        );
    }
  }

  async refsOf(type: TaggedRecordType, kind: TaxonomyKind, ownerIds: readonly string[]): Promise<(string | number)[][]> {
    const link = TAXONOMY_LINKS[type][kind];
    const rows = await this.dataSource.manager.find(link.entity, { where: { ownerId: In([...ownerIds]) } });
    return groupByKeys(
      ownerIds,
      rows,
      (r) => r.ownerId,
      (r) => r.ref,
    );
  }

  // Per-request batched loaders for the relation fields; taxonomy objects come from the in-memory snapshot.

  async themesOf(ctx: RequestContext, type: TaggedRecordType, ownerId: string): Promise<Theme[]> {
    const slugs = await this.loader(ctx, type, 'themes').load(ownerId);
    const t = await this.taxonomy.snapshot();
    return [...t.themes.values()].filter((theme) => slugs.includes(theme.slug));
  }

  async sdgsOf(ctx: RequestContext, type: TaggedRecordType, ownerId: string): Promise<Sdg[]> {
    const numbers = await this.loader(ctx, type, 'sdgs').load(ownerId);
    const t = await this.taxonomy.snapshot();
    return [...t.sdgs.values()].filter((sdg) => numbers.includes(sdg.number));
  }

  async targetGroupsOf(ctx: RequestContext, type: TaggedRecordType, ownerId: string): Promise<TargetGroup[]> {
    const slugs = await this.loader(ctx, type, 'targetGroups').load(ownerId);
    const t = await this.taxonomy.snapshot();
    return [...t.targetGroups.values()].filter((group) => slugs.includes(group.slug));
  }

  private loader(ctx: RequestContext, type: TaggedRecordType, kind: TaxonomyKind) {
    return requestLoader<string, (string | number)[]>(ctx, `links:${type}:${kind}`, (ids) => this.refsOf(type, kind, ids));
  }
}
