import { Ctx } from '../accounts/auth.decorators';
import { RequestContext } from '../accounts/request-context';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Country } from '../taxonomy/country.entity';
import { Region } from '../taxonomy/region.entity';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { ActionPlansService } from './action-plans.service';
import { ActionPlan } from './entities/action-plan.entity';
import { GoodPractice } from './entities/good-practice.entity';
import { LocalGovernment } from './entities/local-government.entity';
import { Tool } from './entities/tool.entity';
import { RecordType } from './enums';
import { GoodPracticesService } from './good-practices.service';
import {
  CreateActionPlanInput,
  CreateGoodPracticeInput,
  CreateLocalGovernmentInput,
  CreateToolInput,
  UpdateActionPlanInput,
  UpdateGoodPracticeInput,
  UpdateLocalGovernmentInput,
  UpdateToolInput,
} from './inputs/record-inputs';
import { LocalGovernmentsService } from './local-governments.service';
import { RecordResolver, TaggedRecordResolver } from './record.resolver';
import { TaxonomyLinksService } from './taxonomy-links.service';
import { ToolsService } from './tools.service';
import { ActionPlanList, GoodPracticeList, LocalGovernmentList, ToolList } from './types/lists';

@Resolver(() => ActionPlan)
export class ActionPlansResolver extends TaggedRecordResolver({
  type: ActionPlan,
  list: ActionPlanList,
  singular: 'actionPlan',
  plural: 'actionPlans',
  createInput: CreateActionPlanInput,
  updateInput: UpdateActionPlanInput,
  recordType: RecordType.ACTION_PLAN,
}) {
  constructor(
    protected readonly service: ActionPlansService,
    protected readonly links: TaxonomyLinksService,
    private readonly localGovernments: LocalGovernmentsService,
    private readonly goodPracticesService: GoodPracticesService,
  ) {
    super();
  }

  @ResolveField(() => LocalGovernment)
  async localGovernment(@Parent() plan: ActionPlan, @Ctx() ctx: RequestContext): Promise<LocalGovernment> {
    return (await this.localGovernments.store.reads.anyById(ctx, plan.localGovernmentId))!;
  }

  @ResolveField(() => [GoodPractice], { description: 'Published good practices implementing this plan.' })
  goodPractices(@Parent() plan: ActionPlan, @Ctx() ctx: RequestContext): Promise<GoodPractice[]> {
    return this.goodPracticesService.store.reads.publicByForeignKey(ctx, 'action_plan_id', plan.id);
  }
}

@Resolver(() => GoodPractice)
export class GoodPracticesResolver extends TaggedRecordResolver({
  type: GoodPractice,
  list: GoodPracticeList,
  singular: 'goodPractice',
  plural: 'goodPractices',
  createInput: CreateGoodPracticeInput,
  updateInput: UpdateGoodPracticeInput,
  recordType: RecordType.GOOD_PRACTICE,
}) {
  constructor(
    protected readonly service: GoodPracticesService,
    protected readonly links: TaxonomyLinksService,
    private readonly localGovernments: LocalGovernmentsService,
    private readonly actionPlans: ActionPlansService,
  ) {
    super();
  }

  @ResolveField(() => LocalGovernment)
  async localGovernment(@Parent() practice: GoodPractice, @Ctx() ctx: RequestContext): Promise<LocalGovernment> {
    return (await this.localGovernments.store.reads.anyById(ctx, practice.localGovernmentId))!;
  }

  @ResolveField(() => ActionPlan, { nullable: true, description: 'The published action plan this practice implements, if any.' })
  async actionPlan(@Parent() practice: GoodPractice, @Ctx() ctx: RequestContext): Promise<ActionPlan | null> {
    return practice.actionPlanId ? this.actionPlans.store.reads.publicById(ctx, practice.actionPlanId) : null;
  }
}

@Resolver(() => Tool)
export class ToolsResolver extends TaggedRecordResolver({
  type: Tool,
  list: ToolList,
  singular: 'tool',
  plural: 'tools',
  createInput: CreateToolInput,
  updateInput: UpdateToolInput,
  recordType: RecordType.TOOL,
}) {
  constructor(
    protected readonly service: ToolsService,
    protected readonly links: TaxonomyLinksService,
  ) {
    super();
  }
}

@Resolver(() => LocalGovernment)
export class LocalGovernmentsResolver extends RecordResolver({
  type: LocalGovernment,
  list: LocalGovernmentList,
  singular: 'localGovernment',
  plural: 'localGovernments',
  createInput: CreateLocalGovernmentInput,
  updateInput: UpdateLocalGovernmentInput,
}) {
  constructor(
    protected readonly service: LocalGovernmentsService,
    private readonly taxonomy: TaxonomyService,
    private readonly actionPlansService: ActionPlansService,
    private readonly goodPracticesService: GoodPracticesService,
  ) {
    super();
  }

  @ResolveField(() => Country)
  async country(@Parent() place: LocalGovernment): Promise<Country> {
    return (await this.taxonomy.snapshot()).countries.get(place.countryCode)!;
  }

  @ResolveField(() => Region, { description: 'UN M49 region, derived from the country.' })
  async region(@Parent() place: LocalGovernment): Promise<Region> {
    return (await this.taxonomy.snapshot()).regions.get(place.regionCode)!;
  }

  @ResolveField(() => Region, { description: 'UN M49 sub-region, derived from the country.' })
  async subregion(@Parent() place: LocalGovernment): Promise<Region> {
    return (await this.taxonomy.snapshot()).regions.get(place.subregionCode)!;
  }

  @ResolveField(() => [ActionPlan], { description: 'Published action plans of this local government.' })
  actionPlans(@Parent() place: LocalGovernment, @Ctx() ctx: RequestContext): Promise<ActionPlan[]> {
    return this.actionPlansService.store.reads.publicByForeignKey(ctx, 'local_government_id', place.id);
  }

  @ResolveField(() => [GoodPractice], { description: 'Published good practices of this local government.' })
  goodPractices(@Parent() place: LocalGovernment, @Ctx() ctx: RequestContext): Promise<GoodPractice[]> {
    return this.goodPracticesService.store.reads.publicByForeignKey(ctx, 'local_government_id', place.id);
  }
}
