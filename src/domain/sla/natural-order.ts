/**
 * Natural order of identifiers ("A-2" before "A-10") for stable, readable reports. Hand-rolled:
 * an ICU collator with `numeric` costs microseconds per comparison, which at 100 000 accesses is
 * most of the month's computation (bench/sla.ts).
 */
const isDigit = (c: number) => c >= 48 && c <= 57;

export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let ei = i;
      let ej = j;
      while (ei < a.length && a.charCodeAt(ei) === 48) ei++; // leading zeros do not change the number
      while (ej < b.length && b.charCodeAt(ej) === 48) ej++;
      let si = ei;
      let sj = ej;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      if (ei - si !== ej - sj) return ei - si - (ej - sj);
      for (; si < ei; si++, sj++) {
        const d = a.charCodeAt(si) - b.charCodeAt(sj);
        if (d !== 0) return d;
      }
      i = ei;
      j = ej;
    } else {
      if (ca !== cb) return ca - cb;
      i++;
      j++;
    }
  }
  return a.length - i - (b.length - j) || (a < b ? -1 : a > b ? 1 : 0);
}
