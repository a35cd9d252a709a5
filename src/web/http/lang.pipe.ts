import { Injectable, NotFoundException, PipeTransform } from '@nestjs/common';
import type { Request } from 'express';
import { isLang, Lang } from '../i18n/i18n';

/** A page's `:lang` route parameter: one of the interface languages (the one list in i18n.ts), else a 404 page. */
@Injectable()
export class LangPipe implements PipeTransform<unknown, Lang> {
  transform(value: unknown): Lang {
    if (typeof value === 'string' && isLang(value)) return value;
    throw new NotFoundException('No such page language');
  }
}

const pipe = new LangPipe();

/** The `:lang` of a page route, for guards, which run before parameter pipes: the same check, so an unknown prefix is a 404 first. */
export function routeLang(req: Request): Lang {
  return pipe.transform(req.params.lang);
}
