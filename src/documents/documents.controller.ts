import { RequestContext } from '../accounts/request-context';
import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Role } from '../accounts/actor';
import { RequireRole, Ctx } from '../accounts/auth.decorators';
import { stripFormatControls } from '../common/input/text';
import { Document } from './document.entity';
import { DocumentsService } from './documents.service';

/** What REST answers about a document (the GraphQL type has the same fields); `duplicateOf` comes in `extra`, checked for visibility. */
function documentJson(document: Document, extra: Record<string, unknown> = {}) {
  return {
    id: document.id,
    recordType: document.recordType,
    recordId: document.recordId,
    title: document.title,
    filename: document.filename,
    mediaType: document.mediaType,
    byteSize: document.byteSize,
    sha256: document.sha256,
    status: document.status,
    failureReason: document.failureReason,
    pageCount: document.pageCount,
    language: document.language,
    version: document.version,
    createdAt: document.createdAt,
    fileUrl: fileUrl(document.id),
    ...extra,
  };
}

/** How long caches may keep a public file: an archived document or record leaves shared caches this soon. */
const PUBLIC_FILE_MAX_AGE_SECONDS = 60;

export function fileUrl(id: string): string {
  return `/documents/${id}/file`;
}

/** RFC 6266 / 5987: an ASCII fallback name and the exact UTF-8 name; nothing can break out of the header. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const filename = stripFormatControls(name).trim() || 'document';
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_') || 'document';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /**
   * multipart/form-data: file, recordType (ACTION_PLAN | GOOD_PRACTICE | TOOL), recordId, optional title
   * and language. 201 with the new document; 200 with the existing one when these bytes are already
   * attached to the record.
   */
  @Post()
  @RequireRole(Role.CURATOR)
  async upload(@Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { document, alreadyAttached } = await this.documents.upload(ctx, req);
    const duplicateOf = await this.documents.visibleDuplicateOf(ctx, document);
    res
      .status(alreadyAttached ? 200 : 201)
      .location(`/documents/${document.id}`)
      .json(documentJson(document, { duplicateOf, alreadyAttached }));
  }

  @Get(':id')
  async one(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe({ version: '4' })) id: string, @Res() res: Response): Promise<void> {
    const { document } = await this.documents.describePublic(ctx, id);
    res.json(documentJson(document, { duplicateOf: await this.documents.visibleDuplicateOf(ctx, document) }));
  }

  /** The original bytes. PDFs open in the browser (so #page=N works); other formats download. */
  @Get(':id/file')
  async file(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe({ version: '4' })) id: string, @Res() res: Response): Promise<void> {
    const { document, stream, byteSize, isPublic } = await this.documents.openFile(ctx, id);
    const inline = document.mediaType === 'application/pdf';
    res.status(200);
    res.setHeader('Content-Type', document.mediaType);
    res.setHeader('Content-Length', String(byteSize));
    res.setHeader('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', document.filename));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // An uploaded HTML file must never run as this site's page (browsers' PDF viewers refuse a sandbox, and PDFs run no page script).
    if (!inline) res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
    res.setHeader('ETag', `"${document.sha256}"`);
    // A draft's or an archived record's file must never reach a shared cache (which would hand it to
    // anyone); a public one may stay there briefly, kept apart from answers to signed-in requests.
    if (isPublic) {
      res.setHeader('Cache-Control', `public, max-age=${PUBLIC_FILE_MAX_AGE_SECONDS}`);
      res.vary('Authorization').vary('Cookie');
    } else res.setHeader('Cache-Control', 'private, no-store');
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}
