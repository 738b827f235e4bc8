/**
 * How far behind the event loop runs, sustained: a timer due every `everyMs` notes how late it fired,
 * and the least of its last three delays counts, so one long task (a big query, a GC) is not overload.
 */
export class LoopLag {
  behindMs = 0;
  private recent = [0, 0, 0];
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly everyMs = 50) {}
  start(): void {
    let last = performance.now();
    this.timer ??= setInterval(() => {
      const t = performance.now();
      this.recent = [this.recent[1]!, this.recent[2]!, Math.max(0, t - last - this.everyMs)];
      this.behindMs = Math.min(...this.recent);
      last = t;
    }, this.everyMs).unref();
  }
  stop(): void {
    clearInterval(this.timer);
  }
}
