/** The part of the Store monitoring uses (a narrow port: tests and the bench may pass less). */
import type { Store } from '../ports/store/index.ts';

export type MonitoringStore = Pick<Store, 'alarms' | 'incidents' | 'onts' | 'accesses'>;
