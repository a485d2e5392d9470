/**
 * Reply lines of real ZXA10s (test/fixtures/zxa10/errors, c300, c600) classed by shape: every
 * `%Error`/`%Code`/bare `%` line the fixtures hold is an error, unless it is one of the public notices
 * (`%Info 20272`, `… No related information to show.`, the weak-password warning); pager traces and
 * 80-column wraps are undone as a terminal would.
 */
import { describe, expect, it } from 'vitest';
import { readDeviceProfileFile } from '../../src/protocols/device-profile-files.ts';
import { dialectFromProfile } from '../../src/adapters/driven/olt/zxa10-cli/zxa10-dialect.ts';
import {
  classifyReply,
  cleanLine,
  findError,
  unwrapLines,
} from '../../src/adapters/driven/olt/zxa10-cli/replies.ts';
import { fixtureBody } from '../helpers/zxa10-fixtures.ts';

const c300 = dialectFromProfile(readDeviceProfileFile('zxa10-c300') as never);
const c600 = dialectFromProfile(readDeviceProfileFile('zxa10-c600') as never);

/** The device lines of a fixture that start with `%` (a tool's prefix such as "! " or "`no onu 2` → " cut). */
function percentLines(rel: string): string[] {
  return fixtureBody(rel)
    .split('\n')
    .map((l) => l.replace(/^.*?(?=%)/, ''))
    .filter((l) => l.startsWith('%'));
}

describe('ZXA10 reply lines by shape', () => {
  it('classes every error line of the error fixtures as an error, on both families', () => {
    const errors = [
      ...percentLines('errors/c320-error-20200-20203-and-codes.txt'),
      ...percentLines('errors/c300-code-32310-onu-does-not-exist.txt'),
      ...percentLines('errors/c300-live-errors-boss-app.txt'),
      ...percentLines('errors/c600-error-140303-140301.txt'),
    ].filter((l) => !/No related information|^%Info|password is not strong/.test(l));
    expect(errors).toContain('%Code 32310-GPONSRV : The ONU does not exist.');
    expect(errors).toContain(
      '%Code 64007-GPONRM : Operation is forbidden for conflicting with some applied on u-profile.',
    );
    expect(errors).toContain("%Error 140303: Invalid input detected at '^' marker.");
    expect(errors.length).toBeGreaterThanOrEqual(9);
    for (const d of [c300, c600])
      for (const l of errors) expect([l, classifyReply(d, l)]).toEqual([l, 'error']);
  });

  it('classes the public notices as notices, not failures', () => {
    const notices = [
      ...percentLines('errors/c320-error-20200-20203-and-codes.txt').filter((l) =>
        /^%Info|No related/.test(l),
      ),
      ...percentLines('errors/c300-code-32310-no-related-information.txt'),
      ...percentLines('c300/info-20272-config-mode.txt'),
    ];
    expect(notices).toEqual([
      '%Code 62310-GPONSRV : No related information to show.',
      '%Info 20272: Enter configuration commands, one per line. End with CTRL/Z.',
      '%Code 32310-GPONSRV : No related information to show.',
      '%Info 20272: Enter configuration commands, one per line. End with CTRL/Z.',
      '% The password is not strong, please change the password.',
      '%Info 20272: Enter configuration commands, one per line. End with CTRL/Z.',
    ]);
    for (const l of notices) expect([l, classifyReply(c300, l)]).toEqual([l, 'notice']);
    const older = fixtureBody('c300/session-pon-onu-mng-prompts-c320.txt')
      .split('\n')
      .find((l) => l.startsWith('Enter configuration'))!;
    expect(classifyReply(c300, older)).toBe('notice');
    expect(classifyReply(c300, '.[Successful]')).toBe('success');
  });

  it('reads the caret line above an invalid-input error (errors/c320-error-20200-20203-and-codes.txt)', () => {
    const lines = fixtureBody('errors/c320-error-20200-20203-and-codes.txt').split('\n').slice(0, 2);
    expect(findError(c300, lines)).toEqual({
      line: "%Error 20200: Invalid input detected at '^' marker.",
      code: 20200,
      caretAt: 11,
    });
  });

  it('drops the pager and its erase bytes as a terminal shows them', () => {
    const state = fixtureBody('c300/show-gpon-onu-state-c300-paging.txt').split('\n');
    const erased = state.find((l) => l.includes('\b'))!;
    expect(erased.startsWith('\b \b'.repeat(8))).toBe(true);
    expect(cleanLine(erased, c300)).toBe('1/2/3:6     enable       enable      working      1(GPON)');
    // raf-bot's cleaner test input (c300/paging-more-noc-and-clients.txt)
    expect('baris1\n --More-- \b\b\bbaris2'.split('\n').map((l) => cleanLine(l, c300))).toEqual([
      'baris1',
      'baris2',
    ]);
  });

  it('joins lines a C620 hard-wrapped at 80 columns (c600/running-config-c620-two-onus.txt)', () => {
    const lines = unwrapLines(
      fixtureBody('c600/running-config-c620-two-onus.txt').split('\n'),
      c600.wrapColumns,
    );
    expect(lines).toContain(
      'traffic-profile DW10G cir 10240000 cbs 131072 pir 10240000 pbs 131072 color-mode blind policer-type enhanced_mef coupling-flag enable',
    );
    expect(lines.some((l) => l.startsWith('olicer-type'))).toBe(false);
  });
});
