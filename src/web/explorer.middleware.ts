import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AssetsService } from './assets.service';
import { html } from './html';

const DEFAULT_QUERY = `# The knowledge base's GraphQL API. Press the run button (or Ctrl+Enter).
{
  search(query: "participation", limit: 5) {
    totalCount
    items { type highlightedTitle page }
  }
}
`;

/**
 * GET /graphql from a browser: the API explorer (GraphiQL 3's prebuilt bundle), served from our own
 * assets so it works on a closed network and under the same strict Content-Security-Policy as the
 * pages. Every other /graphql request (POST, GET with a query) goes on to Apollo.
 */
@Injectable()
export class ExplorerMiddleware implements NestMiddleware {
  constructor(private readonly assets: AssetsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    // Browsers ask for text/html by name; curl's */* and API clients go on to Apollo.
    if (req.method !== 'GET' || req.query.query !== undefined || !(req.headers.accept ?? '').includes('text/html')) return next();
    const a = this.assets;
    res
      .status(200)
      .type('html')
      .setHeader('Cache-Control', 'no-cache')
      .send(
        html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphQL API explorer — Local Human Rights Knowledge Base</title>
<link rel="stylesheet" href="${a.url('graphiql.css')}">
<link rel="stylesheet" href="${a.url('site.css')}">
<script src="${a.url('react.js')}" defer></script>
<script src="${a.url('react-dom.js')}" defer></script>
<script src="${a.url('graphiql.js')}" defer></script>
<script src="${a.url('explorer.js')}" defer></script>
</head>
<body class="explorer">
<main id="graphiql" data-endpoint="/graphql" data-default-query="${DEFAULT_QUERY}"><p class="wrap">Loading the API explorer… (it needs JavaScript; without it, POST queries to /graphql with curl: see the README.)</p></main>
</body>
</html>`.value,
      );
  }
}
