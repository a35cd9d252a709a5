import { Controller, Get, Logger, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Ctx } from '../accounts/auth.decorators';
import { RequestContext } from '../accounts/request-context';
import { publicBaseOf } from '../common/http/public-url';
import type { SearchQuery } from '../search/url-query';
import { ExportsService } from './exports.service';

/**
 * GET /export/{collection}.{csv|json|ndjson}?q=…&theme=…: the rows of a list or a search as a file,
 * streamed (a batch at a time, waiting for the client to take each), attachment with a dated name,
 * X-Total-Count (and with q, X-Truncated when the engine's 10,000 hits are fewer than the matches).
 */
@Controller('export')
export class ExportsController {
  private readonly logger = new Logger('Export');

  constructor(private readonly exports: ExportsService) {}

  @Get(':file')
  async file(@Ctx() ctx: RequestContext, @Param('file') file: string, @Query() query: SearchQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    // Everything that can be refused is checked here, before the first byte (a clear JSON error).
    const prepared = await this.exports.prepare(ctx, file, query, publicBaseOf(req));
    res.status(200);
    res.setHeader('Content-Type', prepared.format.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${prepared.filename}"`);
    res.setHeader('X-Total-Count', String(prepared.totalCount));
    if (query.q) res.setHeader('X-Truncated', String(prepared.truncated));
    res.setHeader('Access-Control-Expose-Headers', 'X-Total-Count, X-Truncated, Content-Disposition');
    // Signed-in exports hold drafts: never stored by a shared cache.
    res.setHeader('Cache-Control', ctx.actor ? 'private, no-store' : 'public, max-age=60');
    const columns = prepared.columns.map((c) => c.name);
    let closed = false;
    res.on('close', () => (closed = true));
    const write = async (chunk: string) => {
      if (!chunk || closed) return;
      if (res.write(chunk)) return;
      // Wait for the client to take what was written (or to go away), leaving no listener behind.
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done).off('close', done);
          resolve();
        };
        res.on('drain', done).on('close', done);
      });
    };
    try {
      await write(prepared.format.start(columns));
      let first = true;
      for await (const cells of prepared.rows()) {
        if (closed) return;
        await write(prepared.format.row(columns, cells, first));
        first = false;
      }
      await write(prepared.format.end());
      res.end();
    } catch (error) {
      // The status is sent: cut the connection so the client sees an incomplete file, never a short one that looks whole.
      this.logger.error(`Export ${file} failed after it started: ${(error as Error).message}`);
      res.destroy(error as Error);
    }
  }
}
