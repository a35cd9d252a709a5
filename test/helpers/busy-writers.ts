/**
 * Editors keeping a server busy: each client creates a tool and publishes it, again and again, until
 * stopped. Used by bench:cli and by the test of the command line beside a busy server.
 */

/** A GraphQL call as a signed-in editor that throws on any error. */
type Gql = (query: string, variables?: object) => Promise<any>;

export interface WritersOutcome {
  /** Records created and published. */
  written: number;
  errors: string[];
  /** Milliseconds of each create-and-publish, sorted. */
  latencies: number[];
}

export function startWriters(gql: Gql, clients: number, titlePrefix = 'Written beside'): { stop(): Promise<WritersOutcome> } {
  let stopped = false;
  const outcome: WritersOutcome = { written: 0, errors: [], latencies: [] };
  const client = async (c: number) => {
    for (let i = 0; !stopped; i++) {
      const started = performance.now();
      try {
        const created = await gql(`mutation($t: String!) { createTool(input: { title: $t, summary: "Written by a busy client.", kind: GUIDE }) { id } }`, {
          t: `${titlePrefix} ${c}-${i}`,
        });
        await gql(`mutation($id: ID!) { publishTool(id: $id) { id } }`, { id: created.createTool.id });
        outcome.written += 1;
      } catch (error) {
        outcome.errors.push((error as Error).message);
      }
      outcome.latencies.push(performance.now() - started);
    }
  };
  const running = Array.from({ length: clients }, (_, c) => client(c));
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(running);
      outcome.latencies.sort((a, b) => a - b);
      return outcome;
    },
  };
}

/** The value below which a share `p` (0 to 1) of sorted values fall. */
export function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
}
