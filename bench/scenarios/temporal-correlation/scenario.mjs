// Scenario 3 — temporal correlation. Every third event a Login{user_id: "user_"+(i%100), ip: "10.0.0."+(i%255)},
// otherwise a Transaction{user_id: "user_"+((i-1)%100), amount: 1000.0 + i%10000, ip: "10.0.1."+(i%255)}.
// Alert on a transaction over 5000 from another IP than the same user's login, within 5 s of the login.
// Semantics (§11.2): every login opens a run; a run takes the first later qualifying transaction of its user
// (skip-till-next-match); runs expire 5 s after their login.
const WITHIN = 5000;

export default {
  name: 'temporal-correlation',
  title: 'Temporal correlation (login → transaction)',
  endToEndTarget: 500_000,
  schema: {
    Login: [
      ['user_id', 'str'],
      ['ip', 'str'],
    ],
    Transaction: [
      ['user_id', 'str'],
      ['amount', 'float'],
      ['ip', 'str'],
    ],
  },
  event: (i) =>
    i % 3 === 0
      ? { type: 'Login', t: i * 10, user_id: `user_${i % 100}`, ip: `10.0.0.${i % 255}` }
      : {
          type: 'Transaction',
          t: i * 10,
          user_id: `user_${(i - 1) % 100}`,
          amount: 1000.0 + (i % 10000),
          ip: `10.0.1.${i % 255}`,
        },
  outputs: { SuspiciousTransaction: ['user_id', 'login_ip', 'tx_ip', 'amount'] },

  handWritten(sink) {
    // per user: the open runs (logins) in creation order
    const runs = new Map();
    return {
      push(e) {
        let open = runs.get(e.user_id);
        if (e.type === 'Login') {
          if (open === undefined) {
            open = [];
            runs.set(e.user_id, open);
          }
          open.push({ ip: e.ip, deadline: e.t + WITHIN });
          return;
        }
        if (open === undefined || open.length === 0) return;
        const qualifies = e.amount > 5000;
        let kept = 0;
        for (let k = 0; k < open.length; k++) {
          const run = open[k];
          if (run.deadline < e.t) continue; // expired
          if (qualifies && e.ip !== run.ip) {
            sink('SuspiciousTransaction', e.t, { user_id: e.user_id, login_ip: run.ip, tx_ip: e.ip, amount: e.amount });
          } else {
            open[kept++] = run;
          }
        }
        open.length = kept;
      },
      end() {},
    };
  },

  rxjs(rx, sink) {
    const { Subject, groupBy, mergeMap, filter, takeWhile, take, map } = rx;
    const input = new Subject();
    input
      .pipe(
        groupBy((e) => e.user_id),
        mergeMap((user) =>
          user.pipe(
            filter((e) => e.type === 'Login'),
            mergeMap((login) =>
              user.pipe(
                takeWhile((e) => e.t <= login.t + WITHIN),
                filter((e) => e.type === 'Transaction' && e.amount > 5000 && e.ip !== login.ip),
                take(1),
                map((tx) => ({ t: tx.t, user_id: tx.user_id, login_ip: login.ip, tx_ip: tx.ip, amount: tx.amount })),
              ),
            ),
          ),
        ),
      )
      .subscribe((o) => sink('SuspiciousTransaction', o.t, o));
    return { push: (e) => input.next(e), end: () => input.complete() };
  },
};
