/**
 * The service intent of one access after an order is applied (spec §2, §3): which channels at which
 * rates. Pure: the caller supplies the current selection.
 */
import { activeChannels, type Channel, type ServiceSelection } from '../catalogue/catalogue.ts';
import { accept, reject, type Verdict } from '../errors.ts';
import type { OrderInput } from '../orders/types.ts';

const named = (s: ServiceSelection): Channel[] => activeChannels(s);

function setChannel(out: ServiceSelection, from: ServiceSelection, ch: Channel): void {
  if (ch === 'internet') out.internet = from.internet;
  else if (ch === 'iptv') out.iptv = from.iptv;
  else if (ch === 'voip') out.voip = from.voip;
  else out.management = true;
}
function dropChannel(out: ServiceSelection, ch: Channel): void {
  delete out[ch];
}

/**
 * A selection an access may carry: at least one channel, and management never alone (spec §2,
 * §3). Removing every channel is a permanent deactivation (BSND 1), not a BSNA order.
 */
export function checkSelection(s: ServiceSelection, field = 'services'): Verdict<ServiceSelection> {
  const ch = named(s);
  if (ch.length === 0)
    return reject(
      'INVALID_STATE',
      'an access must keep at least one channel; to end it order a permanent deactivation (BSND)',
      field,
    );
  if (ch.length === 1 && ch[0] === 'management') {
    return reject(
      'MANAGEMENT_ONLY',
      'the management channel is only ever carried together with internet, VoIP or IPTV',
      field,
    );
  }
  return accept(s);
}

/**
 * The services of an access after `order` is carried out.
 * - activation: the order's services;
 * - move / technology change: the order's services if it restates them, else unchanged;
 * - add-service (BSNA 3): each named channel must be absent and is added (a present one is a speed change);
 * - remove-service (BSNA 4): each named channel must be present and is removed (the rate given is ignored);
 * - speed-change (BSNA 5): each named channel must be present and gets the new rate;
 * - SL reactivation, BSND, SBSN: unchanged.
 */
export function applyOrderToServices(
  current: ServiceSelection,
  order: OrderInput,
): Verdict<ServiceSelection> {
  const out: ServiceSelection = { ...current };
  switch (order.category) {
    case 'activation':
      return checkSelection({ ...order.services });
    case 'move':
    case 'technology-change':
      return checkSelection(order.services ? { ...order.services } : out);
    case 'add-service':
      for (const ch of named(order.services)) {
        if (named(current).includes(ch))
          return reject(
            'INVALID_STATE',
            `${ch} is already active on this access (use speed-change)`,
            `services.${ch}`,
          );
        setChannel(out, order.services, ch);
      }
      return checkSelection(out);
    case 'remove-service':
      for (const ch of named(order.services)) {
        if (!named(current).includes(ch))
          return reject('INVALID_STATE', `${ch} is not active on this access`, `services.${ch}`);
        dropChannel(out, ch);
      }
      return checkSelection(out);
    case 'speed-change':
      for (const ch of named(order.services)) {
        if (!named(current).includes(ch))
          return reject(
            'INVALID_STATE',
            `${ch} is not active on this access (use add-service)`,
            `services.${ch}`,
          );
        setChannel(out, order.services, ch);
      }
      return checkSelection(out);
    default:
      return accept(out);
  }
}
