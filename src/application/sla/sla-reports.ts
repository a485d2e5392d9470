/**
 * The SLA reports the API serves (design §4): `GET /v1/sla/credits` and `GET /v1/sla/statement.csv`.
 * Who may see what (design §4): an SP key sees only its own credits and statement (asking for
 * another SP's is 404, as for any other SP's resource); the operator sees all, or one SP with `sp`,
 * and must name the SP of a statement. The numbers come from sla-service.ts on the month's inputs.
 */
import type { Store } from '../ports/store/index.ts';
import { DomainError } from '../../domain/errors.ts';
import { isMonth, type CreditsReport } from '../../domain/sla/index.ts';
import { notFound, type Principal } from '../access/principal.ts';
import { gatherSlaInputs } from './sla-inputs.ts';
import { creditsReport, statement } from './sla-service.ts';

export class SlaReportService {
  constructor(private readonly deps: { store: Store }) {}

  /** The SP the report is for: an SP key's own; the operator's `sp` (checked to exist) or everyone. */
  private async scope(
    p: Principal,
    month: string | undefined,
    sp: string | undefined,
  ): Promise<{ month: string; sp?: string }> {
    if (month === undefined || !isMonth(month)) {
      throw new DomainError('INVALID_MONTH', `month must be YYYY-MM, got "${month ?? ''}"`, 'month');
    }
    if (p.role === 'sp') {
      if (sp !== undefined && sp !== p.spId) throw notFound(`SP ${sp}`);
      return { month, sp: p.spId };
    }
    if (sp !== undefined && !(await this.deps.store.sps.get(sp))) throw notFound(`SP ${sp}`);
    return { month, sp };
  }

  async credits(p: Principal, q: { month?: string; sp?: string }): Promise<CreditsReport> {
    const s = await this.scope(p, q.month, q.sp);
    const inputs = await gatherSlaInputs(this.deps.store, s.month, s.sp);
    return creditsReport({ ...inputs, month: s.month, ...(s.sp !== undefined ? { sp: s.sp } : {}) });
  }

  async statementCsv(
    p: Principal,
    q: { month?: string; sp?: string },
  ): Promise<{ sp: string; month: string; csv: string }> {
    const s = await this.scope(p, q.month, q.sp);
    if (s.sp === undefined) throw new DomainError('SP_REQUIRED', 'the statement is per SP: give sp=ID', 'sp');
    const inputs = await gatherSlaInputs(this.deps.store, s.month, s.sp);
    return { sp: s.sp, month: s.month, csv: statement({ ...inputs, month: s.month, sp: s.sp }) };
  }
}
