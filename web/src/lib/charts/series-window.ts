// A fixed-capacity window of per-second points in the column layout uPlot draws ([xs, ...ys]). Pushing past
// the capacity drops the oldest point, so a chart left open for hours holds the same memory as after five
// minutes. Points arriving out of order or twice (a replayed second) are ignored. A value may be null (a
// count the node did not report): it stays null, which uPlot draws as a gap, never as a zero.

export class SeriesWindow {
  readonly columns: [xs: number[], ...ys: (number | null)[][]];
  private length = 0;

  constructor(
    readonly capacity: number,
    readonly seriesCount: number,
  ) {
    this.columns = [[], ...Array.from({ length: seriesCount }, () => [])];
  }

  get size(): number {
    return this.length;
  }

  lastX(): number | undefined {
    return this.columns[0][this.length - 1];
  }

  /** Adds a point (x in seconds); false when it is not newer than the last one. */
  push(x: number, values: readonly (number | null)[]): boolean {
    const last = this.lastX();
    if (last !== undefined && x <= last) return false;
    this.columns[0].push(x);
    for (let i = 0; i < this.seriesCount; i++) {
      const column: (number | null)[] | undefined = this.columns[i + 1];
      column?.push(values[i] ?? null);
    }
    this.length++;
    if (this.length > this.capacity) {
      for (const column of this.columns) column.shift();
      this.length--;
    }
    return true;
  }

  reset(points: ReadonlyArray<{ x: number; values: readonly (number | null)[] }>) {
    for (const column of this.columns) column.length = 0;
    this.length = 0;
    for (const point of points) this.push(point.x, point.values);
  }
}
