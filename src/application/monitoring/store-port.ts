/** The part of the Store monitoring uses (a narrow port: tests and the bench may pass less). */
import type { Store } from '../ports/store/index.ts';

export type MonitoringStore = Pick<Store, 'alarms' | 'incidents' | 'onts' | 'accesses'> &
  // the key's name is the operator recorded on an ack or shelve (issue 15 item 5)
  Partial<Pick<Store, 'keys'>>;
