import { Controller, ExecutionContext, Post, RequestMethod } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, RESPONSE_PASSTHROUGH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { SignedIn } from '../../accounts/auth.decorators';
import { RequestContext } from '../../accounts/request-context';
import { Role } from '../../accounts/actor';
import { CsrfService } from '../csrf.service';
import { WebController } from '../web.controller';
import { WorkspaceController } from '../workspace.controller';
import { CsrfGuard, CsrfRefused, PageAccessGuard, SignInRequired, skipCsrfReason } from './page-guards';
import { WebPages } from './web-pages.decorator';

type Handler = (...args: unknown[]) => unknown;

/** The route handlers of a controller and their HTTP methods, as Nest reads them. */
function routesOf(controller: abstract new (...args: never[]) => unknown): { name: string; handler: Handler; method: RequestMethod }[] {
  const proto = controller.prototype as Record<string, Handler>;
  return Object.getOwnPropertyNames(proto)
    .filter((name) => name !== 'constructor' && typeof proto[name] === 'function' && Reflect.getMetadata(METHOD_METADATA, proto[name]) !== undefined)
    .map((name) => ({ name, handler: proto[name], method: Reflect.getMetadata(METHOD_METADATA, proto[name]) as RequestMethod }));
}

/** A controller's handler by name, as Nest reads it from the prototype. */
function handlerOf(controller: abstract new (...args: never[]) => unknown, name: string): Handler {
  return (controller.prototype as Record<string, Handler>)[name];
}

/** A request to `handler` of `controller` as a guard sees it. */
function contextOf(controller: abstract new (...args: never[]) => unknown, handler: Handler, req: Partial<Request>): ExecutionContext {
  return {
    getHandler: () => handler,
    getClass: () => controller,
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({}), getNext: () => undefined }),
  } as unknown as ExecutionContext;
}

const anonymous = (fields: Partial<Request>) => ({ ...fields, requestContext: RequestContext.anonymous() }) as Partial<Request>;

describe('web page routes', () => {
  const reflector = new Reflector();
  const controllers = [WebController, WorkspaceController];

  it('every state-changing route of the web controllers is CSRF-checked, or opts out with a reason', () => {
    const skipped: string[] = [];
    let stateChanging = 0;
    for (const controller of controllers) {
      expect(Reflect.getMetadata(GUARDS_METADATA, controller)).toEqual(expect.arrayContaining([CsrfGuard]));
      for (const route of routesOf(controller).filter((r) => r.method !== RequestMethod.GET && r.method !== RequestMethod.HEAD)) {
        stateChanging++;
        const reason = skipCsrfReason(reflector, route.handler, controller);
        if (reason !== undefined) {
          expect(reason.trim().length).toBeGreaterThan(20);
          skipped.push(`${controller.name}.${route.name}`);
        }
      }
    }
    expect(stateChanging).toBeGreaterThanOrEqual(14);
    // Signing out checks the token itself when there is a session to end; nothing else opts out.
    expect(skipped).toEqual(['WorkspaceController.signOut']);
  });

  it('page handlers return their page or redirect: only files and JSON take the raw response (@Res() without passthrough)', () => {
    const raw: string[] = [];
    for (const controller of controllers)
      for (const route of routesOf(controller)) {
        const params = Object.keys((Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, route.name) ?? {}) as object);
        const takesResponse = params.some((key) => key.startsWith(`${RouteParamtypes.RESPONSE}:`));
        if (takesResponse && !Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, controller, route.name)) raw.push(`${controller.name}.${route.name}`);
      }
    expect(raw.sort()).toEqual(['WebController.asset', 'WebController.citation', 'WorkspaceController.documentStatus']);
  });

  it('refuses a new POST page route without an explicit opt-out when the token is wrong (the guard is the default)', () => {
    @Controller()
    @WebPages()
    class NewPages {
      @Post(':lang/something')
      @SignedIn()
      change(): void {}
    }
    const csrf = { verify: () => false } as unknown as CsrfService;
    const guard = new CsrfGuard(reflector, csrf);
    const context = contextOf(NewPages, handlerOf(NewPages, 'change'), { method: 'POST', params: { lang: 'fr' } });
    expect(() => guard.canActivate(context)).toThrow(CsrfRefused);
    expect(guard.canActivate(contextOf(NewPages, handlerOf(NewPages, 'change'), { method: 'GET', params: { lang: 'fr' } }))).toBe(true);
  });

  it('sends an anonymous visitor of a @SignedIn page to sign in, back to the page after a GET', () => {
    const guard = new PageAccessGuard(reflector);
    const myWork = handlerOf(WorkspaceController, 'myWork');
    let refusal: unknown;
    try {
      guard.canActivate(contextOf(WorkspaceController, myWork, anonymous({ method: 'GET', params: { lang: 'ar' }, originalUrl: '/ar/workspace' })));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(SignInRequired);
    expect(refusal).toMatchObject({ lang: 'ar', next: '/ar/workspace' });
  });

  it('answers a signed-in user without the route’s role with the 404 page, and an unknown language with 404 first', () => {
    const guard = new PageAccessGuard(reflector);
    const users = handlerOf(WorkspaceController, 'users');
    const curator = { method: 'GET', params: { lang: 'en' }, requestContext: RequestContext.forRequest({ userId: 'u', email: 'c@x', role: Role.CURATOR, via: 'web-session' }, {}) };
    expect(() => guard.canActivate(contextOf(WorkspaceController, users, curator as Partial<Request>))).toThrow('No such page');
    expect(() => guard.canActivate(contextOf(WorkspaceController, users, anonymous({ method: 'GET', params: { lang: 'xx' } })))).toThrow('No such page language');
  });
});
