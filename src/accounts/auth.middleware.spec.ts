import type { Request } from 'express';
import { rememberPublicBase } from '../common/http/public-url';
import { browserSessionCookieName, browserSessionCookieOptions, cookieValue } from './auth.middleware';

/** A request as Express hands it over, reached over `protocol` with the service's PUBLIC_URL (if any) remembered. */
function requestOver(protocol: 'http' | 'https', publicUrl?: string): Request {
  const req = { protocol, secure: protocol === 'https', headers: {}, get: () => 'kb.example' } as unknown as Request;
  rememberPublicBase(req, publicUrl);
  return req;
}

describe('the browser session cookie', () => {
  it('is __Host-lrkb_session, Secure, Path=/ and without a Domain when PUBLIC_URL is https', () => {
    const req = requestOver('http', 'https://kb.example');
    expect(browserSessionCookieName(req)).toBe('__Host-lrkb_session');
    expect(browserSessionCookieOptions(req)).toEqual({ httpOnly: true, sameSite: 'lax', secure: true, path: '/' });
  });

  it('is __Host- when the request itself is secure (a trusted proxy says HTTPS)', () => {
    expect(browserSessionCookieName(requestOver('https'))).toBe('__Host-lrkb_session');
  });

  it('keeps the plain name, not Secure, over plain HTTP (tests, local development)', () => {
    for (const req of [requestOver('http'), requestOver('http', 'http://localhost:3000')]) {
      expect(browserSessionCookieName(req)).toBe('lrkb_session');
      expect(browserSessionCookieOptions(req).secure).toBe(false);
    }
  });

  it('reads a cookie by its exact name only', () => {
    const req = { headers: { cookie: 'lrkb_session=plain; __Host-lrkb_session=host%3D' } } as unknown as Request;
    expect(cookieValue(req, 'lrkb_session')).toBe('plain');
    expect(cookieValue(req, '__Host-lrkb_session')).toBe('host=');
  });
});
