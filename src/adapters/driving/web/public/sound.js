/* global window -- browser module (eslint runs with Node globals) */
// An optional short tone on a new critical alarm (issue 15 item 5), generated with Web Audio: no
// sound file, nothing fetched. Off unless the operator ticks "sound" (kept on this screen).
let ctx;
export function beep() {
  try {
    ctx ??= new window.AudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.6);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.6);
    window.nocBeeps = (window.nocBeeps ?? 0) + 1;
  } catch {
    /* no audio device: the tab title still says it */
  }
}
