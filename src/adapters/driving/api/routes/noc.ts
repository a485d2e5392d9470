/** The NOC dashboard's page and static files (src/adapters/driving/web/plugin.ts): `/`, `/noc`, `/noc/<file>`; no key needed. */
import { defineRoutes } from '../context.ts';
import { nocDashboard } from '../../web/plugin.ts';

export default defineRoutes(async (app) => nocDashboard(app));
