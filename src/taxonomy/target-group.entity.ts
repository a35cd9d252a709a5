import { ObjectType } from '@nestjs/graphql';
import { Entity } from 'typeorm';
import { TaxonomyTerm } from './taxonomy-term';

@ObjectType({ description: 'A group of rights holders a record is aimed at.' })
@Entity('target_group')
export class TargetGroup extends TaxonomyTerm {}
