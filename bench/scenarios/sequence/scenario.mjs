// Scenario 7 — sequence. A{id: k} then B{id: k} for k = 0..N/2 (even i: A{id: i/2}, odd i: B{id: (i-1)/2});
// A -> B with the same id within 60 s.
const WITHIN = 60000;

export default {
  name: 'sequence',
  title: 'Sequence (A → B, same id)',
  endToEndTarget: 1_000_000,
  schema: { A: [['id', 'int']], B: [['id', 'int']] },
  event: (i) => (i % 2 === 0 ? { type: 'A', t: i * 10, id: i / 2 } : { type: 'B', t: i * 10, id: (i - 1) / 2 }),
  outputs: { Matched: ['id'] },

  handWritten(sink) {
    // open runs by id, and a FIFO of (id, deadline) to expire them (runs are created in time order)
    const open = new Map();
    const expiry = [];
    let head = 0;
    return {
      push(e) {
        while (head < expiry.length && expiry[head].deadline < e.t) {
          const x = expiry[head++];
          const list = open.get(x.id);
          if (list !== undefined) {
            const k = list.indexOf(x.deadline);
            if (k >= 0) list.splice(k, 1);
            if (list.length === 0) open.delete(x.id);
          }
        }
        if (head > 4096 && head * 2 > expiry.length) {
          expiry.splice(0, head);
          head = 0;
        }
        if (e.type === 'A') {
          const deadline = e.t + WITHIN;
          const list = open.get(e.id);
          if (list === undefined) open.set(e.id, [deadline]);
          else list.push(deadline);
          expiry.push({ id: e.id, deadline });
          return;
        }
        const list = open.get(e.id);
        if (list === undefined) return;
        open.delete(e.id);
        for (let k = 0; k < list.length; k++) sink('Matched', e.t, { id: e.id });
      },
      end() {},
    };
  },

  rxjs(rx, sink) {
    const { Subject, filter, mergeMap, takeWhile, take, map } = rx;
    const input = new Subject();
    input
      .pipe(
        filter((e) => e.type === 'A'),
        mergeMap((a) =>
          input.pipe(
            takeWhile((e) => e.t <= a.t + WITHIN),
            filter((e) => e.type === 'B' && e.id === a.id),
            take(1),
            map((b) => ({ t: b.t, id: a.id })),
          ),
        ),
      )
      .subscribe((o) => sink('Matched', o.t, o));
    return { push: (e) => input.next(e), end: () => input.complete() };
  },
};
