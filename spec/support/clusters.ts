/**
 * Suites that need a cluster of servers (a Galera cluster, a primary with replicas) start it
 * themselves, once per suite. Where the binaries are missing the suite is skipped with a loud line,
 * unless TABULA_TEST_REQUIRE names the cluster (CI does): then the missing cluster fails the run.
 */

/** True when TABULA_TEST_REQUIRE names `name` (e.g. `galera`). */
export function clusterRequired(name: string): boolean {
  return (process.env.TABULA_TEST_REQUIRE ?? '')
    .split(',')
    .map((s) => s.trim())
    .includes(name);
}

/**
 * Registers `body` as a suite run against a cluster `start()` provides in `before` and `stop`s in
 * `after`. `missing` tells why the cluster cannot exist on this machine (undefined when it can).
 */
export function describeWithCluster<C extends { stop(): Promise<void> }>(
  name: string,
  title: string,
  options: { readonly missing: () => string | undefined; readonly start: () => Promise<C> },
  body: (cluster: () => C) => void,
): void {
  describe(`${title} [${name}]`, () => {
    let cluster: C | undefined;
    before(async function () {
      this.timeout(180_000);
      const missing = options.missing();
      if (missing !== undefined) {
        if (clusterRequired(name)) throw new Error(`TABULA_TEST_REQUIRE names ${name}, which cannot start: ${missing}`);
        process.stderr.write(`\n[tabula-matrix] ${name} NOT TESTED: ${missing}. Its suite "${title}" is skipped.\n`);
        this.skip();
      }
      cluster = await options.start();
    });
    after(async function () {
      this.timeout(60_000);
      await cluster?.stop();
    });
    body(() => {
      if (!cluster) throw new Error(`the ${name} cluster is not running`);
      return cluster;
    });
  });
}
