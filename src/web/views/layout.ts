import type { RequestContext } from '../../accounts/request-context';
import { Html, html } from '../html';
import { MessageKey } from '../i18n/en';
import { Lang, LANGUAGE_NAMES, LANGUAGES, Translator } from '../i18n/i18n';

/** What every page knows: the visitor's language, where it is, and the asset URLs. */
export interface PageContext {
  t: Translator;
  lang: Lang;
  /** The path after the language prefix, e.g. "/search" ("/" for home). */
  path: string;
  /** The query string as received (without "?"), kept by the language switcher. */
  query: string;
  assets: { css: string; js: string };
  /** The language of each shown record's own text (title, summary), by record id, when detected. */
  contentLangs: Map<string, string>;
  /** The signed-in user of the browser session, if any. */
  account: { email: string; role: string } | null;
  /** The CSRF token of this request's forms (bound to the session, or to the sign-in pre-session). */
  csrf: string;
  /** Who acts (the request's RequestContext): what the page's services are called with. */
  request: RequestContext;
  /** The service's public address (PUBLIC_URL or the request's host), for links that leave the site: permalinks, citations. */
  publicBase: string;
}

/** The hidden CSRF field every state-changing form carries. */
export function csrfField(ctx: PageContext): Html {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrf}">`;
}

/** A link to a page of this site in the current language. */
export function href(ctx: Pick<PageContext, 'lang'>, path: string, params?: URLSearchParams | Record<string, string | number | undefined>): string {
  const search =
    params instanceof URLSearchParams
      ? params
      : new URLSearchParams(Object.entries(params ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]])));
  const qs = search.toString();
  return `/${ctx.lang}${path}${qs ? `?${qs}` : ''}`;
}

const NAV: [string, MessageKey][] = [
  ['/', 'nav.home'],
  ['/search', 'nav.search'],
  ['/sdgs', 'nav.sdgs'],
  ['/themes', 'nav.themes'],
  ['/regions', 'nav.regions'],
  ['/stats', 'nav.stats'],
  ['/about', 'nav.about'],
];

/** The same page in another language: same path, same query. */
function inLanguage(ctx: PageContext, lang: Lang): string {
  return `/${lang}${ctx.path}${ctx.query ? `?${ctx.query}` : ''}`;
}

/** Sign in, or who is signed in with "My work" and a sign-out button (a POST form with its CSRF token). */
function accountArea(ctx: PageContext): Html {
  const { t } = ctx;
  if (!ctx.account) {
    const next = ctx.path.startsWith('/login') ? '' : `?next=${encodeURIComponent(`/${ctx.lang}${ctx.path}`)}`;
    return html`<p class="account"><a href="${href(ctx, '/login')}${next}">${t.t('nav.signIn')}</a></p>`;
  }
  return html`<div class="account" role="group" aria-label="${t.t('account.label')}">
    <span class="visually-hidden">${t.t('account.signedInAs', { email: ctx.account.email })}</span>
    <a href="${href(ctx, '/workspace')}"${ctx.path.startsWith('/workspace') ? html` aria-current="page"` : ''}>${t.t('nav.workspace')}</a>
    <form action="${href(ctx, '/logout')}" method="post">${csrfField(ctx)}<button type="submit" class="link-button">${t.t('nav.signOut')}</button></form>
  </div>`;
}

export function layout(ctx: PageContext, page: { title: string; body: Html; breadcrumb?: { label: string; path?: string }[]; head?: Html }): Html {
  const { t } = ctx;
  const section = ctx.path === '/' ? '/' : `/${ctx.path.split('/')[1]}`;
  const switcher = LANGUAGES.map((lang) => {
    const current = lang === ctx.lang;
    return html`<li><a href="${inLanguage(ctx, lang)}" lang="${lang}" hreflang="${lang}"${current ? html` aria-current="true"` : ''}>${LANGUAGE_NAMES[lang]}${
      current ? html`<span class="visually-hidden"> ${t.t('lang.current')}</span>` : ''
    }</a></li>`;
  });
  const crumbs = page.breadcrumb?.length
    ? html`<nav class="breadcrumb wrap" aria-label="${t.t('breadcrumb.label')}"><ol>
        <li><a href="${href(ctx, '/')}">${t.t('nav.home')}</a></li>
        ${page.breadcrumb.map((c) => html`<li>${c.path ? html`<a href="${href(ctx, c.path)}">${c.label}</a>` : html`<span aria-current="page">${c.label}</span>`}</li>`)}
      </ol></nav>`
    : '';
  return html`<!doctype html>
<html lang="${ctx.lang}" dir="${t.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} — ${t.t('site.name')}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ctx.assets.css}">
${LANGUAGES.map((lang) => html`<link rel="alternate" hreflang="${lang}" href="${inLanguage(ctx, lang)}">`)}
<script src="${ctx.assets.js}" defer></script>
${page.head ?? ''}
</head>
<body>
<a class="skip-link" href="#main">${t.t('skip.toContent')}</a>
<header class="site-header">
  <div class="wrap bar">
    <a class="brand" href="${href(ctx, '/')}">${t.t('site.name')}</a>
    <div class="header-end">
      <nav class="lang-switch" aria-label="${t.t('lang.label')}"><ul>${switcher}</ul></nav>
      ${accountArea(ctx)}
    </div>
  </div>
  <div class="wrap bar">
    <nav class="site-nav" aria-label="${t.t('nav.label')}"><ul>
      ${NAV.map(([path, key]) => html`<li><a href="${href(ctx, path)}"${section === path ? html` aria-current="page"` : ''}>${t.t(key)}</a></li>`)}
      <li><a href="/graphql">${t.t('nav.api')}</a></li>
    </ul></nav>
  </div>
</header>
${crumbs}
<main id="main" class="wrap" tabindex="-1">
${page.body}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p>${t.t('footer.text')} <a href="/graphql">${t.t('footer.api')}</a></p>
  </div>
</footer>
</body>
</html>`;
}
