import { expect } from 'chai';
import { type Contender, statementCounter } from '../../benchmarks/harness/contender';
import { runWorkloads } from '../../benchmarks/harness/workloads';

/**
 * A contender with no database: it keeps its rows in memory and records what the harness asked
 * of it, so the round structure of the steady-state mode is checked without timing anything.
 */
function memoryContender(calls: string[], counter?: { count(sql: string): void }): Contender {
  let authors: { id: number; name: string }[] = [];
  const say = (call: string) => {
    calls.push(call);
    counter?.count(`-- ${call}`);
  };
  return {
    async setUp() {
      calls.push('setUp');
      authors = [];
    },
    async insertAll(n) {
      say('W1');
      authors = Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `author ${i}` }));
    },
    async loadAll() {
      say('W2');
      return { entities: authors.map((a) => ({ ...a })) };
    },
    async populateBooks() {
      say('W7');
      return { entities: authors.map((a, i) => ({ title: `book ${i}`, author: { name: a.name } })) };
    },
    async streamRows(visit) {
      say('W8');
      for (let i = 1; i <= 1000; i++) visit(i);
    },
    async findOneEach() {
      say('W3');
      return authors.length;
    },
    async flushUnchanged() {
      say('W4b');
    },
    async flushOnePercent() {
      say('W4');
    },
    async updateAll() {
      say('W5');
    },
    async removeAll() {
      say('W6');
      authors = [];
    },
    async tearDown() {
      calls.push('tearDown');
    },
  };
}

describe('benchmarks: the rounds of one process', () => {
  it('runs W1…W7 on fresh tables each round, then W8 once, and keeps every round', async () => {
    const calls: string[] = [];
    const result = await runWorkloads(memoryContender(calls), 100, 1000, 3);
    // W4b's flush, then nine more of the same for W4b+.
    const round = ['setUp', 'W1', 'W2', 'W7', 'W3', ...Array<string>(10).fill('W4b'), 'W4', 'W5', 'W6'];
    expect(calls).to.deep.equal([...round, ...round, ...round, 'W8', 'tearDown']);
    expect(result.rounds).to.have.length(3);
    expect(result.ms, 'the cold figures are the first round').to.deep.include(result.rounds?.[0]?.ms ?? {});
    expect(result.ms.W8).to.be.a('number');
    expect(result.rounds?.every((r) => r.ms.W8 === undefined)).to.equal(true);
  });

  it('keeps the shape of a one-round result (no rounds) for --rounds 1', async () => {
    const result = await runWorkloads(memoryContender([]), 100, 1000, 1);
    expect(result).not.to.have.property('rounds');
    expect(Object.keys(result.ms)).to.have.members(['W1', 'W2', 'W7', 'W3', 'W4b', 'W4b+', 'W4', 'W5', 'W6', 'W8']);
  });

  it('counts the statements of the first round only and skips W8 in the counting run', async () => {
    const counter = statementCounter();
    const calls: string[] = [];
    const result = await runWorkloads(memoryContender(calls, counter), 100, 1000, 2, counter);
    expect(result.statements).to.deep.equal({ W1: 1, W2: 1, W7: 1, W3: 1, W4b: 1, W4: 1, W5: 1, W6: 1 });
    expect(calls).not.to.include('W8');
  });
});
