// Deterministic generator of realistic VPL programs of a given size (for benchmarks): a pure function of the
// line count. Each block declares two event types, a constant, a function and several streams (filters, windows,
// aggregates, sequences, joins), so parse, linking and every check are exercised. Comments and blank lines are
// spread as in the program corpus, whose density (about 5.8 tokens per line) the output matches.

/** @param {number} targetLines */
export function generateProgram(targetLines) {
  const lines = [];
  let block = 0;
  while (lines.length < targetLines) {
    const b = block++;
    lines.push(
      `# ---- Sensor group ${b} --------------------------------------------------`,
      `event Reading${b}:`,
      `    sensor_id: str`,
      `    zone: str`,
      `    value: float`,
      `    ok: bool`,
      `# Alarms raised by the field controllers.`,
      `event Alarm${b}:`,
      `    sensor_id: str`,
      `    level: int`,
      '',
      `const LIMIT_${b} = ${b % 50}.5`,
      '',
      `# Doubles readings above the knee, to make spikes stand out.`,
      `fn scale_${b}(x: float, k: float) -> float:`,
      `    if x > k:`,
      `        return x * 2.0 - k`,
      `    return x`,
      '',
      `# Hot readings, scaled.`,
      `stream Hot${b} = Reading${b}`,
      `    .where(value > LIMIT_${b} and ok)`,
      `    .emit(sensor: sensor_id, scaled: scale_${b}(value, 1.5), zone: zone)`,
      '',
      `# Five-minute averages per zone, only for busy zones.`,
      `stream Avg${b} = Reading${b}`,
      `    .partition_by(zone)`,
      `    .window(5m)`,
      `    .aggregate(n: count(), mean: avg(value), peak: max(value), spread: max(value) - min(value))`,
      `    .having(n > 3)`,
      `    .emit(zone: zone, mean: mean, peak: peak)`,
      '',
      `# A reading followed by a serious alarm on the same sensor within ten minutes.`,
      `stream Escalation${b} = Reading${b} as first`,
      `    -> Alarm${b} where sensor_id == first.sensor_id and level >= 2 as alarm`,
      `    .within(10m)`,
      `    .emit(sensor: first.sensor_id, level: alarm.level, reading: first.value)`,
      '',
      `# Readings paired with the latest alarm of the same sensor.`,
      `stream Paired${b} = join(Reading${b}, Alarm${b})`,
      `    .on(Reading${b}.sensor_id == Alarm${b}.sensor_id)`,
      `    .window(30s)`,
      `    .emit(sensor: Reading${b}.sensor_id, level: Alarm${b}.level)`,
      '',
    );
  }
  // End on a complete block (at its blank separator line) so the program is valid whatever the size.
  let end = Math.min(targetLines, lines.length);
  while (end > 0 && lines[end - 1] !== '') end--;
  return lines.slice(0, end || targetLines).join('\n');
}
