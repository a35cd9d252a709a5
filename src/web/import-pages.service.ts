import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Role, hasRole } from '../accounts/actor';
import { RecordType } from '../catalogue/enums';
import { AppError, HTTP_STATUS_OF } from '../common/errors';
import { ImportService } from '../imports/import.service';
import { errorMessage } from './problem-messages';
import { importPage, type ImportPageModel } from './views/import-page';
import type { PageContext } from './views/layout';
import type { RenderedPage } from './web-pages.service';

/** The workspace's import page: the same engine as the CLI's `import`, as the signed-in user. */
@Injectable()
export class ImportPagesService {
  constructor(private readonly imports: ImportService) {}

  form(ctx: PageContext): RenderedPage | null {
    if (!hasRole(ctx.request.actor, Role.CURATOR)) return null;
    return { status: 200, body: this.page(ctx, { type: RecordType.ACTION_PLAN, report: null, problem: null }) };
  }

  async run(ctx: PageContext, req: Request): Promise<RenderedPage | null> {
    if (!hasRole(ctx.request.actor, Role.CURATOR)) return null;
    try {
      const report = await this.imports.runUpload(ctx.request, req);
      return { status: 200, noStore: true, body: this.page(ctx, { type: report.type, report, problem: null }) };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return {
        // 400 for a file it cannot read, 413 for one too large to, 403 for rights
        status: HTTP_STATUS_OF[error.code],
        body: this.page(ctx, { type: RecordType.ACTION_PLAN, report: null, problem: errorMessage(ctx.t, error) }),
      };
    }
  }

  private page(ctx: PageContext, m: Omit<ImportPageModel, 'maxCsvBytes'>) {
    return importPage(ctx, { ...m, maxCsvBytes: this.imports.maxCsvBytes });
  }
}
