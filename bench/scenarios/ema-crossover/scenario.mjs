// Scenario 5 — EMA crossover. StockTick{symbol: "AAPL", price: 100.0 + sin(i/50)*20 + (i%5)*0.1}; over the last
// 26 ticks of each symbol (sliding count window, slide 1), ema(price, 12) and ema(price, 26); a "buy"/"sell"
// signal whenever they differ by more than 0.5.
// ema(e, p) over a batch (§10): k = 2/(p+1); the first value seeds it; then ema = v*k + ema*(1-k).
const SIZE = 26;

function ema(prices, start, count, size, period) {
  const k = 2 / (period + 1);
  let ema = prices[start % size];
  for (let j = 1; j < count; j++) ema = prices[(start + j) % size] * k + ema * (1 - k);
  return ema;
}

function emaOf(list, period) {
  const k = 2 / (period + 1);
  let ema = list[0].price;
  for (let j = 1; j < list.length; j++) ema = list[j].price * k + ema * (1 - k);
  return ema;
}

export default {
  name: 'ema-crossover',
  title: 'EMA crossover',
  endToEndTarget: 500_000,
  schema: {
    StockTick: [
      ['symbol', 'str'],
      ['price', 'float'],
    ],
  },
  event: (i) => ({
    type: 'StockTick',
    t: i * 10,
    symbol: 'AAPL',
    price: 100.0 + Math.sin(i / 50) * 20 + (i % 5) * 0.1,
  }),
  outputs: { Crossover: ['symbol', 'fast', 'slow', 'signal'] },

  handWritten(sink) {
    // per symbol: a ring buffer of the last 26 prices
    const bySymbol = new Map();
    return {
      push(e) {
        let s = bySymbol.get(e.symbol);
        if (s === undefined) {
          s = { prices: new Float64Array(SIZE), next: 0, n: 0 };
          bySymbol.set(e.symbol, s);
        }
        s.prices[s.next] = e.price;
        s.next = (s.next + 1) % SIZE;
        if (s.n < SIZE) s.n++;
        if (s.n < SIZE) return;
        const fast = ema(s.prices, s.next, SIZE, SIZE, 12);
        const slow = ema(s.prices, s.next, SIZE, SIZE, 26);
        if (Math.abs(fast - slow) > 0.5) {
          sink('Crossover', e.t, { symbol: e.symbol, fast, slow, signal: fast > slow ? 'buy' : 'sell' });
        }
      },
      end() {},
    };
  },

  rxjs(rx, sink) {
    const { Subject, groupBy, mergeMap, bufferCount, filter, map } = rx;
    const input = new Subject();
    input
      .pipe(
        groupBy((e) => e.symbol),
        mergeMap((g) =>
          g.pipe(
            bufferCount(SIZE, 1),
            filter((b) => b.length === SIZE), // partial buffers flushed at completion are not windows
            map((b) => ({ t: b[SIZE - 1].t, symbol: g.key, fast: emaOf(b, 12), slow: emaOf(b, 26) })),
            filter((o) => Math.abs(o.fast - o.slow) > 0.5),
            map((o) => ({
              t: o.t,
              symbol: o.symbol,
              fast: o.fast,
              slow: o.slow,
              signal: o.fast > o.slow ? 'buy' : 'sell',
            })),
          ),
        ),
      )
      .subscribe((o) => sink('Crossover', o.t, o));
    return { push: (e) => input.next(e), end: () => input.complete() };
  },
};
