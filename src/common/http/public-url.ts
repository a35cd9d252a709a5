import type { Request } from 'express';

const BASE = Symbol('publicBase');

/**
 * The service's address as readers reach it, for absolute links that leave the site (permalinks in
 * exports, citations, structured data): PUBLIC_URL when set, else the request's own scheme and host
 * (behind a proxy, with TRUST_PROXY set so that the forwarded ones count). Set once per request by
 * configureHttp.
 */
export function rememberPublicBase(req: Request, publicUrl: string | undefined): void {
  (req as Request & { [BASE]?: string })[BASE] = publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

export function publicBaseOf(req: Request): string {
  return (req as Request & { [BASE]?: string })[BASE] ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
