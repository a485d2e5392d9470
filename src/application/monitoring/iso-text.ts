/**
 * An instant's ISO 8601 text, made again only when the instant changes: the rows of a poll round
 * share its instant, so a sweep of tens of thousands of ONTs formats it once, not once per row
 * (issue 16). One per user: it remembers only the last instant it was asked.
 */
export class IsoTextOfLast {
  private ms = NaN;
  private iso = '';

  of(ms: number): string {
    if (ms !== this.ms) {
      this.ms = ms;
      this.iso = new Date(ms).toISOString();
    }
    return this.iso;
  }
}
