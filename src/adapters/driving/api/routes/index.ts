/**
 * Every route plugin of the API, registered in this order by server.ts (fastify/demo: the order of
 * plugins visible in one place). Adding routes: a file `routes/<concept>.ts` whose default export is
 * `defineRoutes(...)`, and one line here.
 */
import type { RoutePlugin } from '../context.ts';
import cluster from './cluster.ts';
import coverage from './coverage.ts';
import disputes from './disputes.ts';
import events from './events.ts';
import faults from './faults.ts';
import health from './health.ts';
import monitoring from './monitoring.ts';
import noc from './noc.ts';
import oltRegistry from './olt-registry.ts';
import olts from './olts.ts';
import ontReturns from './ont-returns.ts';
import orders from './orders.ts';
import plannedWorks from './planned-works.ts';
import sla from './sla.ts';
import stock from './stock.ts';
import subscribers from './subscribers.ts';
import webhooks from './webhooks.ts';

export const ROUTES: readonly { name: string; plugin: RoutePlugin }[] = [
  { name: 'cluster', plugin: cluster },
  { name: 'coverage', plugin: coverage },
  { name: 'disputes', plugin: disputes },
  { name: 'events', plugin: events },
  { name: 'faults', plugin: faults },
  { name: 'health', plugin: health },
  { name: 'monitoring', plugin: monitoring },
  { name: 'noc', plugin: noc },
  { name: 'olt-registry', plugin: oltRegistry },
  { name: 'olts', plugin: olts },
  { name: 'ont-returns', plugin: ontReturns },
  { name: 'orders', plugin: orders },
  { name: 'planned-works', plugin: plannedWorks },
  { name: 'sla', plugin: sla },
  { name: 'stock', plugin: stock },
  { name: 'subscribers', plugin: subscribers },
  { name: 'webhooks', plugin: webhooks },
];
