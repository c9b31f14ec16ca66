// Scenario 1 — filter. StockTick{symbol: ["AAPL","GOOG","MSFT"][i%3], price: 40.0 + i%100, volume: 1000 + i%5000};
// keep price > 50, emit symbol and price.
const SYMBOLS = ['AAPL', 'GOOG', 'MSFT'];

export default {
  name: 'filter',
  title: 'Filter',
  endToEndTarget: 1_000_000,
  schema: {
    StockTick: [
      ['symbol', 'str'],
      ['price', 'float'],
      ['volume', 'int'],
    ],
  },
  event: (i) => ({
    type: 'StockTick',
    t: i * 10,
    symbol: SYMBOLS[i % 3],
    price: 40.0 + (i % 100),
    volume: 1000 + (i % 5000),
  }),
  outputs: { HighPrice: ['symbol', 'price'] },

  handWritten(sink) {
    return {
      push(e) {
        if (e.price > 50) sink('HighPrice', e.t, { symbol: e.symbol, price: e.price });
      },
      end() {},
    };
  },

  rxjs(rx, sink) {
    const { Subject, filter, map } = rx;
    const input = new Subject();
    input
      .pipe(
        filter((e) => e.price > 50),
        map((e) => ({ t: e.t, symbol: e.symbol, price: e.price })),
      )
      .subscribe((o) => sink('HighPrice', o.t, o));
    return { push: (e) => input.next(e), end: () => input.complete() };
  },
};
