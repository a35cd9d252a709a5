import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BadUserInputError } from '../common/errors';
import { ActsOnBehalf, RequestContext } from '../accounts/request-context';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { LocalGovernment } from './entities/local-government.entity';
import { EditorialStatus } from './enums';
import { CreateLocalGovernmentInput, UpdateLocalGovernmentInput } from './inputs/record-inputs';
import { LOCAL_GOVERNMENT_DEFINITION } from './record-definitions';
import { RecordStore, RecordStoreFactory } from './record-store';
import { RecordService } from './record-service';
import { applyPatch } from './record-writes';
@Injectable()
@ActsOnBehalf()
export class LocalGovernmentsService extends RecordService<LocalGovernment, CreateLocalGovernmentInput, UpdateLocalGovernmentInput> {
  readonly store: RecordStore<LocalGovernment>;
  protected readonly fields = { required: ['name', 'kind'], appliedBySelf: ['slug', 'country'], draft: {} };

  constructor(
    stores: RecordStoreFactory,
    private readonly taxonomy: TaxonomyService,
  ) {
    super();
    this.store = stores.for(LOCAL_GOVERNMENT_DEFINITION);
  }

  /** A snapshot keeps the country as `countryCode`; the input calls it `country`. */
  override inputOfSnapshot(fields: Record<string, unknown>): UpdateLocalGovernmentInput {
    const { countryCode, ...rest } = fields;
    return { ...rest, country: countryCode } as UpdateLocalGovernmentInput;
  }

  /** Its slug (from the name), and its place from the country. */
  protected async complete(
    ctx: RequestContext,
    m: EntityManager,
    record: LocalGovernment,
    input: CreateLocalGovernmentInput | UpdateLocalGovernmentInput,
  ): Promise<LocalGovernment> {
    const { slug, country } = input;
    if (slug !== undefined || !record.slug) record.slug = await this.store.writes.resolveSlug(ctx, m, slug, record.name, record.id);
    if (country === null) applyPatch(record, { country }, ['country']);
    if (country) await this.placeIn(record, country);
    return this.store.writes.save(m, record);
  }

  /** Region and sub-region always follow the country (UN M49); they are never entered by hand. */
  private async placeIn(record: LocalGovernment, countryCode: string): Promise<void> {
    const country = await this.taxonomy.country(countryCode, 'input.country');
    record.countryCode = country.code;
    record.regionCode = country.regionCode;
    record.subregionCode = country.subregionCode;
  }
  /** Plans and practices are public only with their local government: publishing them requires it. */
  async assertPublished(m: EntityManager, id: string): Promise<void> {
    const place = await this.store.writes.getForWrite(m, id);
    if (place.status !== EditorialStatus.PUBLISHED) {
      throw new BadUserInputError('id', `its local government "${place.name}" is not published: publish the local government first`);
    }
  }
}
