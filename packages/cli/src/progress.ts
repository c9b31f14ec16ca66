import type { CommandOutput } from './output.js';

/**
 * A one-line progress indicator on stderr for long runs, shown only on an interactive terminal: events processed,
 * their rate and the elapsed time, redrawn at most every 200 ms after the first half second, erased at the end.
 */
export class Progress {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly output: CommandOutput,
    private readonly label: string,
  ) {}

  /** Called per event; cheap unless a redraw is due. */
  update(events: number): void {
    if ((events & 0x3fff) !== 0) return;
    const now = Date.now();
    if (now - this.started < 500 || now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const rate = Math.round(events / seconds);
    this.output.err(
      `\r${this.label}: ${events.toLocaleString('en')} events, ${rate.toLocaleString('en')}/s, ${seconds.toFixed(1)} s\u001b[K`,
    );
    this.drawn = true;
  }

  /** Erases the line (before the summary is printed). */
  done(): void {
    if (this.drawn) this.output.err('\r\u001b[K');
  }
}
