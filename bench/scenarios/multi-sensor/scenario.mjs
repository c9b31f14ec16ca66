// Scenario 6 — multi-sensor correlation. Alternating Temperature{sensor_id: "t"+(i%10), zone: "z"+(i%5),
// value: 20.0 + i%10 + (i%20==0 ? 25 : 0)} (even i) and Pressure{sensor_id: "p"+(i%10), zone: "z"+(i%5),
// value: 1000.0 + i%50 + (i%20==1 ? 50 : 0)} (odd i). Per zone, count windows of 100 readings of each kind
// give avg and stddev, kept by a having clause; the two are joined per zone within 30 s: each arriving
// statistic pairs with the latest statistic of the other kind of the same zone (§8.11b).
const SIZE = 100;
const HORIZON = 30000;

/** avg and sample stddev (Welford) of the values of a batch. */
function stats(values, n) {
  let mean = 0;
  let m2 = 0;
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const x = values[j];
    sum += x;
    const d = x - mean;
    mean += d / (j + 1);
    m2 += d * (x - mean);
  }
  return { avg: sum / n, std: Math.sqrt(m2 / (n - 1)) };
}

function emitPair(sink, t, temp, pressure) {
  sink('ZoneAnomaly', t, {
    zone: temp.zone,
    temp_avg: temp.avg,
    temp_std: temp.std,
    pressure_avg: pressure.avg,
    pressure_std: pressure.std,
  });
}

export default {
  name: 'multi-sensor',
  title: 'Multi-sensor correlation',
  endToEndTarget: 500_000,
  schema: {
    Temperature: [
      ['sensor_id', 'str'],
      ['zone', 'str'],
      ['value', 'float'],
    ],
    Pressure: [
      ['sensor_id', 'str'],
      ['zone', 'str'],
      ['value', 'float'],
    ],
  },
  event: (i) =>
    i % 2 === 0
      ? {
          type: 'Temperature',
          t: i * 10,
          sensor_id: `t${i % 10}`,
          zone: `z${i % 5}`,
          value: 20.0 + (i % 10) + (i % 20 === 0 ? 25 : 0),
        }
      : {
          type: 'Pressure',
          t: i * 10,
          sensor_id: `p${i % 10}`,
          zone: `z${i % 5}`,
          value: 1000.0 + (i % 50) + (i % 20 === 1 ? 50 : 0),
        },
  outputs: { ZoneAnomaly: ['zone', 'temp_avg', 'temp_std', 'pressure_avg', 'pressure_std'] },

  handWritten(sink) {
    const windows = { Temperature: new Map(), Pressure: new Map() };
    const latest = { Temperature: new Map(), Pressure: new Map() }; // per zone: the latest kept statistic
    return {
      push(e) {
        const byZone = windows[e.type];
        let w = byZone.get(e.zone);
        if (w === undefined) {
          w = { values: new Float64Array(SIZE), n: 0 };
          byZone.set(e.zone, w);
        }
        w.values[w.n++] = e.value;
        if (w.n < SIZE) return;
        w.n = 0;
        const s = stats(w.values, SIZE);
        const isTemp = e.type === 'Temperature';
        if (!(isTemp ? s.std > 5.0 : s.std > 10.0)) return; // having
        const stat = { t: e.t, zone: e.zone, avg: s.avg, std: s.std };
        latest[e.type].set(e.zone, stat);
        const partner = latest[isTemp ? 'Pressure' : 'Temperature'].get(e.zone);
        if (partner === undefined || Math.abs(partner.t - stat.t) > HORIZON) return;
        if (isTemp) emitPair(sink, stat.t, stat, partner);
        else emitPair(sink, stat.t, partner, stat);
      },
      end() {},
    };
  },

  rxjs(rx, sink) {
    const { Subject, groupBy, mergeMap, bufferCount, filter, map, merge, combineLatest } = rx;
    const input = new Subject();
    const statsOf = (type, threshold) =>
      input.pipe(
        filter((e) => e.type === type),
        groupBy((e) => e.zone),
        mergeMap((zone) =>
          zone.pipe(
            bufferCount(SIZE),
            filter((b) => b.length === SIZE),
            map((b) => {
              const s = stats(
                b.map((e) => e.value),
                SIZE,
              );
              return { type, t: b[SIZE - 1].t, zone: zone.key, avg: s.avg, std: s.std };
            }),
          ),
        ),
        filter((s) => s.std > threshold),
      );
    merge(statsOf('Temperature', 5.0), statsOf('Pressure', 10.0))
      .pipe(
        groupBy((s) => s.zone),
        mergeMap((zone) =>
          combineLatest([
            zone.pipe(filter((s) => s.type === 'Temperature')),
            zone.pipe(filter((s) => s.type === 'Pressure')),
          ]),
        ),
        filter(([temp, pressure]) => Math.abs(temp.t - pressure.t) <= HORIZON),
      )
      .subscribe(([temp, pressure]) => emitPair(sink, Math.max(temp.t, pressure.t), temp, pressure));
    return { push: (e) => input.next(e), end: () => input.complete() };
  },
};
