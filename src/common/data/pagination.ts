import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Type } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

export const MAX_PAGE_SIZE = 100;

/** `limit`/`offset` of every list query. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: `Page size, 0 to ${MAX_PAGE_SIZE}.` })
  @IsInt()
  @Min(0, { message: 'limit must not be negative' })
  @Max(MAX_PAGE_SIZE, { message: `limit must not be greater than ${MAX_PAGE_SIZE}` })
  limit: number = 20;

  @Field(() => Int, { nullable: true, defaultValue: 0, description: 'Number of items to skip.' })
  @IsInt()
  @Min(0, { message: 'offset must not be negative' })
  offset: number = 0;
}

export interface Page<T> {
  items: T[];
  totalCount: number;
  limit: number;
  offset: number;
}

/** The one list shape: `{ items, totalCount, limit, offset }`. */
export function Paginated<T>(itemType: Type<T>, name: string): Type<Page<T>> {
  @ObjectType(name)
  class PaginatedList implements Page<T> {
    @Field(() => [itemType])
    items: T[];

    @Field(() => Int, { description: 'Number of items matching the query, over all pages.' })
    totalCount: number;

    @Field(() => Int)
    limit: number;

    @Field(() => Int)
    offset: number;
  }
  return PaginatedList;
}

/** Runs a filtered, sorted query builder as one page plus its total count. */
export async function paginate<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, page: PageArgs): Promise<Page<T>> {
  if (page.limit === 0) return { items: [], totalCount: await qb.getCount(), limit: 0, offset: page.offset };
  const [items, totalCount] = await qb.offset(page.offset).limit(page.limit).getManyAndCount();
  return { items, totalCount, limit: page.limit, offset: page.offset };
}
