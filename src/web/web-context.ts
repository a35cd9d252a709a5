import type { Request } from 'express';
import { requestContextOf } from '../accounts/auth.middleware';
import { RequestContext } from '../accounts/request-context';
import { publicBaseOf } from '../common/http/public-url';
import { AssetsService } from './assets.service';
import { Lang, langPrefixOf, negotiateLanguage, translator } from './i18n/i18n';
import { PageContext } from './views/layout';

/** Paths that belong to the API and answer JSON, never an HTML page. */
const API_PREFIXES = ['/graphql', '/health', '/documents', '/assets', '/export'];

export function isPagePath(path: string): boolean {
  return langPrefixOf(path) !== null || !API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

/** The page's language: its URL prefix, else the browser's preference. */
function languageOf(req: Request): Lang {
  return langPrefixOf(req.path) ?? negotiateLanguage(req.headers['accept-language']);
}

export function pageContext(req: Request, assets: AssetsService, csrf: string, lang: Lang = languageOf(req)): PageContext {
  const prefix = `/${lang}`;
  const rest = req.path.startsWith(`${prefix}/`) || req.path === prefix ? req.path.slice(prefix.length) || '/' : '/';
  const queryAt = req.originalUrl.indexOf('?');
  // Every request passes the auth middleware; a page outside it (none today) reads as the public.
  const request = requestContextOf(req) ?? RequestContext.anonymous();
  const actor = request.actor;
  return {
    t: translator(lang),
    lang,
    path: rest,
    query: queryAt >= 0 ? req.originalUrl.slice(queryAt + 1) : '',
    assets: { css: assets.url('site.css'), js: assets.url('site.js') },
    contentLangs: new Map(),
    account: actor ? { email: actor.email, role: actor.role } : null,
    csrf,
    request,
    publicBase: publicBaseOf(req),
  };
}
