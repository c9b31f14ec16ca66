// Scenario 2 — windowed aggregation. Trade{symbol: "ACME", price: 100.0 + (i%50)*0.1, volume: 100.0 + i%900};
// per symbol, count windows of 100 trades: VWAP = sum(price*volume)/sum(volume) and the trade count.
const SIZE = 100;

export default {
  name: 'vwap',
  title: 'Windowed aggregation (VWAP)',
  endToEndTarget: 1_000_000,
  schema: {
    Trade: [
      ['symbol', 'str'],
      ['price', 'float'],
      ['volume', 'float'],
    ],
  },
  event: (i) => ({
    type: 'Trade',
    t: i * 10,
    symbol: 'ACME',
    price: 100.0 + (i % 50) * 0.1,
    volume: 100.0 + (i % 900),
  }),
  outputs: { Vwap: ['symbol', 'vwap', 'trades'] },

  handWritten(sink) {
    const bySymbol = new Map();
    return {
      push(e) {
        let s = bySymbol.get(e.symbol);
        if (s === undefined) {
          s = { n: 0, pv: 0, v: 0 };
          bySymbol.set(e.symbol, s);
        }
        s.pv += e.price * e.volume;
        s.v += e.volume;
        if (++s.n === SIZE) {
          sink('Vwap', e.t, { symbol: e.symbol, vwap: s.pv / s.v, trades: SIZE });
          s.n = 0;
          s.pv = 0;
          s.v = 0;
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
            bufferCount(SIZE),
            filter((b) => b.length === SIZE), // a partial window is discarded at the end of input
            map((b) => {
              let pv = 0;
              let v = 0;
              for (const e of b) {
                pv += e.price * e.volume;
                v += e.volume;
              }
              return { t: b[SIZE - 1].t, symbol: g.key, vwap: pv / v, trades: b.length };
            }),
          ),
        ),
      )
      .subscribe((o) => sink('Vwap', o.t, o));
    return { push: (e) => input.next(e), end: () => input.complete() };
  },
};
