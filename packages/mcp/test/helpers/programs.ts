import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's example programs folder. */
export const PROGRAMS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'test', 'programs');

export function example(name: string): string {
  return readFileSync(join(PROGRAMS_DIR, name), 'utf8');
}

export const TAKEOVER = example('fraud-account-takeover.vpl');

export const READINGS = `event Reading:
    sensor: str
    temp: float
    ok: bool

const LIMIT = 30.0

stream Hot = Reading
    .where(temp > LIMIT and ok)
    .emit(sensor: sensor, temp: temp)

stream HotCount = Reading
    .where(temp > LIMIT)
    .partition_by(sensor)
    .window(1m)
    .aggregate(n: count(), peak: max(temp), mean: avg(temp))
    .having(n >= 3)
    .emit(sensor: sensor, n: n, peak: peak, mean: mean)
`;

export const READING_EVENTS = `# three hot readings for s1, one cold
@1s Reading { sensor: "s1", temp: 31.5, ok: true }
@2s Reading { sensor: "s1", temp: 35.0, ok: true }
@3s Reading { sensor: "s1", temp: 40.0, ok: false }
@4s Reading { sensor: "s2", temp: 12.0, ok: true }
`;
