// Scenario 4 — Kleene closure. StockTick{symbol: ["AAPL","GOOG"][i%2], price}: with pos = floor(i/2)%5 and
// base = 100.0 + (floor(i/10)%100)*10, price = pos < 4 ? base + 2*pos : base - 5. Pattern, per symbol within
// 60 s: a first tick, one or more ticks above it (Kleene +), then a tick above the last of those; emit the
// spike length (the number of Kleene ticks).
// Semantics (§11.2, §11.3): every tick opens a run; a run in the Kleene step first tries the final step (once
// it holds a tick), else accumulates a tick above the first one, else ignores the tick (greedy,
// skip-till-next-match); completed runs are reported in creation order; runs expire 60 s after their first tick.
const SYMBOLS = ['AAPL', 'GOOG'];
const WITHIN = 60000;

function price(i) {
  const pos = Math.floor(i / 2) % 5;
  const base = 100.0 + (Math.floor(i / 10) % 100) * 10;
  return pos < 4 ? base + 2 * pos : base - 5;
}

export default {
  name: 'kleene',
  title: 'Kleene closure (rising spike)',
  endToEndTarget: 250_000,
  schema: {
    StockTick: [
      ['symbol', 'str'],
      ['price', 'float'],
    ],
  },
  event: (i) => ({ type: 'StockTick', t: i * 10, symbol: SYMBOLS[i % 2], price: price(i) }),
  outputs: { PriceSpike: ['symbol', 'start', 'peak', 'spike'] },

  handWritten(sink) {
    // per symbol: open runs in creation order
    const bySymbol = new Map();
    return {
      push(e) {
        let runs = bySymbol.get(e.symbol);
        if (runs === undefined) {
          runs = [];
          bySymbol.set(e.symbol, runs);
        }
        const p = e.price;
        let kept = 0;
        for (let k = 0; k < runs.length; k++) {
          const run = runs[k];
          if (run.deadline < e.t) continue; // expired
          if (run.count > 0 && p > run.last) {
            sink('PriceSpike', e.t, { symbol: e.symbol, start: run.first, peak: p, spike: run.count });
            continue;
          }
          if (p > run.first) {
            run.count++;
            run.last = p;
          }
          runs[kept++] = run;
        }
        runs.length = kept;
        runs.push({ first: p, last: 0, count: 0, deadline: e.t + WITHIN });
      },
      end() {},
    };
  },

  rxjs: null,
  rxjsNote:
    'no RxJS operator expresses concurrent Kleene runs; it would be the hand-written state machine inside scan()',
};
