import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { definitionOfPagePath, RECORD_DEFINITIONS } from '../catalogue/record-definitions';
import { AssetsService } from './assets.service';
import { CsrfService } from './csrf.service';
import { Lang, LANGUAGES, negotiateLanguage } from './i18n/i18n';
import { LangPipe } from './http/lang.pipe';
import { PageOutcome } from './http/page.interceptor';
import { SearchQuery } from './search-params';
import { pageContext } from './web-context';
import { RenderedPage, WebPagesService } from './web-pages.service';
import { PageContext } from './views/layout';
import { sendPage } from './http/send-page';
import { WebPages } from './http/web-pages.decorator';

/** The public pages, under /en/, /fr/ and /ar/: thin, the data and the rules are the services'. */
@Controller()
@WebPages()
export class WebController {
  constructor(
    private readonly pages: WebPagesService,
    private readonly assets: AssetsService,
    private readonly csrf: CsrfService,
  ) {}

  /** The visitor's language by Accept-Language (default English). */
  @Get()
  root(@Req() req: Request, @Res({ passthrough: true }) res: Response): PageOutcome {
    res.setHeader('Vary', 'Accept-Language');
    return { redirect: `/${negotiateLanguage(req.headers['accept-language'])}/` };
  }

  @Get('assets/:name')
  asset(@Req() req: Request, @Res() res: Response): void {
    const asset = this.assets.byPath(req.path);
    if (!asset) {
      res.status(404).json({ code: 'NOT_FOUND', message: `No asset ${req.path}` });
      return;
    }
    res.status(200).type(asset.contentType).setHeader('Cache-Control', 'public, max-age=31536000, immutable').send(asset.body);
  }

  @Get(LANGUAGES.map((l) => l))
  async home(@Req() req: Request): Promise<PageOutcome> {
    if (!req.path.endsWith('/')) return { redirect: `${req.path}/`, status: 301 };
    return this.pages.home(this.ctx(req));
  }

  @Get(':lang/search')
  search(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Query() query: SearchQuery): Promise<PageOutcome> {
    return this.page(req, lang, (ctx) => this.pages.search(ctx, query));
  }

  /** One route per record type's page path (plans, practices, tools, places). */
  @Get(RECORD_DEFINITIONS.map((d) => `:lang/${d.pagePath}/:slug`))
  recordPage(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Param('slug') slug: string): Promise<PageOutcome> {
    const definition = definitionOfPagePath(req.path.split('/')[2] ?? '');
    return this.page(req, lang, (ctx) => (definition ? this.pages.record(ctx, definition.type, slug) : Promise.resolve(this.pages.notFound(ctx))));
  }

  /**
   * A record's permalink, /r/{id}: redirects to its current page in the visitor's language. 302 and
   * no-cache, never 301: the slug may change again, and the permalink must follow it.
   */
  @Get('r/:id')
  async permalink(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('id') id: string): Promise<PageOutcome> {
    const ctx = this.ctx(req);
    const path = await this.pages.permalinkTarget(ctx, id);
    if (!path) return this.pages.notFound(ctx);
    res.setHeader('Cache-Control', 'no-cache, private');
    res.setHeader('Vary', 'Accept-Language, Cookie');
    return { redirect: `/${ctx.lang}${path}`, status: 302 };
  }

  /** A record's citation to download: /r/{id}/citation.bib, .ris or .json (CSL-JSON). */
  @Get('r/:id/citation.:extension')
  async citation(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Param('extension') extension: string): Promise<void> {
    const ctx = this.ctx(req);
    const file = await this.pages.citationFile(ctx, id, extension);
    if (!file) return sendPage(res, this.pages.notFound(ctx));
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.setHeader('Cache-Control', 'no-cache, private');
    res.send(file.body);
  }

  @Get(':lang/documents/:id')
  reading(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Param('id') id: string, @Query('page') page?: string, @Query('hl') hl?: string): Promise<PageOutcome> {
    return this.page(req, lang, (ctx) => this.pages.reading(ctx, id, typeof page === 'string' ? page : undefined, typeof hl === 'string' ? hl : ''));
  }

  @Get(':lang/sdgs')
  sdgs(@Req() req: Request, @Param('lang', LangPipe) lang: Lang): Promise<PageOutcome> {
    return this.page(req, lang, (ctx) => this.pages.sdgs(ctx));
  }

  @Get(':lang/sdgs/:n')
  sdg(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Param('n') n: string): Promise<PageOutcome> {
    return this.page(req, lang, (ctx) => this.pages.sdg(ctx, n));
  }

  @Get(':lang/themes')
  themes(@Req() req: Request, @Param('lang', LangPipe) lang: Lang): Promise<PageOutcome> {
    return this.page(req, lang, (ctx) => this.pages.themes(ctx));
  }

  @Get(':lang/themes/:slug')
  theme(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Param('slug') slug: string): Promise<PageOutcome> {
    return this.page(req, lang, (ctx) => this.pages.theme(ctx, slug));
  }

  @Get(':lang/regions')
  regions(@Req() req: Request, @Param('lang', LangPipe) lang: Lang): Promise<PageOutcome> {
    return this.page(req, lang, (ctx) => this.pages.regions(ctx));
  }

  @Get(':lang/regions/:code')
  region(@Req() req: Request, @Param('lang', LangPipe) lang: Lang, @Param('code') code: string): Promise<PageOutcome> {
    return this.page(req, lang, (ctx) => this.pages.region(ctx, code));
  }

  @Get(':lang/stats')
  stats(@Req() req: Request, @Param('lang', LangPipe) lang: Lang): Promise<PageOutcome> {
    return this.page(req, lang, (ctx) => this.pages.stats(ctx));
  }

  @Get(':lang/about')
  about(@Req() req: Request, @Param('lang', LangPipe) lang: Lang): Promise<PageOutcome> {
    return this.page(req, lang, async (ctx) => this.pages.about(ctx));
  }

  private ctx(req: Request): PageContext {
    return pageContext(req, this.assets, this.csrf.sessionToken(req));
  }

  /** The page in the route's language (an unknown prefix is already a 404 page, by the LangPipe). */
  private page(req: Request, lang: Lang, render: (ctx: PageContext) => Promise<RenderedPage>): Promise<RenderedPage> {
    return render(pageContext(req, this.assets, this.csrf.sessionToken(req), lang));
  }
}
