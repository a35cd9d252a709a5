import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Client-chosen label values (GraphQL operation names) beyond this many distinct ones are counted as "other". */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
/** Seconds: from a cached read to a slow mutation. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The service's Prometheus metrics, served by GET /metrics. One registry per application (tests run
 * several in one process). Modules record what they measure here; values that are database state
 * (queue depths, documents by status) are read when scraped, by gauges the owning module registers.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'lrkb_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: 'lrkb_graphql_operation_duration_seconds',
    help: 'GraphQL operations by operation name, type (query, mutation) and outcome.',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });

  readonly searchDuration = new Histogram({
    name: 'lrkb_search_duration_seconds',
    help: 'Searches (GraphQL search and the search pages), engine call included, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly extractionDuration = new Histogram({
    name: 'lrkb_extraction_duration_seconds',
    help: 'Document extractions (child process, text and passages) by outcome: indexed, failed, retried, interrupted.',
    labelNames: ['outcome'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });

  readonly extractedPages = new Counter({ name: 'lrkb_extraction_pages_total', help: 'Pages of documents extracted.', registers: [this.registry] });

  readonly outboxApplied = new Counter({ name: 'lrkb_search_outbox_applied_total', help: 'Search-outbox rows applied to the index.', registers: [this.registry] });

  readonly outboxFailures = new Counter({
    name: 'lrkb_search_outbox_failures_total',
    help: 'Failed attempts to apply search-outbox rows: "unreachable" (the engine was down; never parks a row) or "refused".',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'lrkb_rate_limited_requests_total',
    help: 'Requests refused with 429 by the request rate limits, by client kind.',
    labelNames: ['client'] as const,
    registers: [this.registry],
  });

  private readonly operationNames = new Set<string>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'lrkb_' });
  }

  /** A GraphQL operation name as a label: bounded, since clients choose it. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }

  /** A gauge read from the owner's state at every scrape. */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[], collect: (gauge: Gauge<L>) => Promise<void>): void {
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        await collect(this);
      },
    });
  }
}
