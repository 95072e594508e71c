import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Report } from '@uppsikt/shared';
import { useAuthStore } from '@/stores/auth';
import ReviewReportView from '@/views/review/ReviewReportView.vue';
import ReviewListView from '@/views/review/ReviewListView.vue';
import { fakeApi, flushPromises, mountWith, report, setupPlugins, user } from './helpers';

const OWN = 'Du skickade in rapporten själv — en annan granskare behöver godkänna den.';
const PERIOD = { id: '2026-T2', year: 2026, term: 'T2', state: 'open', published: false, submissionDeadline: '2026-09-15T10:00:00.000Z', periodEnd: '2026-08-31', version: 1 };

async function settle(): Promise<void> {
  for (let i = 0; i < 8; i++) await flushPromises();
}

function api(reports: Report[]) {
  return fakeApi({
    'GET /api/reports/r1': { body: reports[0] },
    'GET /api/reports/r1/submissions': { body: [] },
    'GET /api/reports': { body: { items: reports, total: reports.length } },
    'GET /api/periods': { body: [PERIOD] },
    'GET /api/bodies': { body: [] },
    'GET /api/cases/2021%3A8/history': { body: [] },
  });
}

/** The four-eyes rule in the web app: what the API would refuse (403) is not offered. */
describe('four eyes: a reviewer\'s own submission', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  const submitted = (by: string) => report({ state: 'submitted', status: 'Genomfört', submittedAt: '2026-09-01T10:00:00.000Z', submittedBy: by });

  async function reviewPage(me: string, selfApproval: boolean) {
    api([submitted('u1')]);
    const plugins = setupPlugins();
    useAuthStore().user = { ...user([{ role: 'editor', body: 'KS' }, { role: 'reviewer' }]), id: me, selfApproval };
    const { wrapper } = mountWith(ReviewReportView, { ...plugins, props: { id: 'r1' } });
    await settle();
    return wrapper;
  }

  it('the report page explains, in Swedish, instead of offering Approve and Return', async () => {
    const wrapper = await reviewPage('u1', false);
    expect(wrapper.find('[data-testid="own-submission"]').text()).toBe(OWN);
    const buttons = wrapper.findAll('button').map((b) => b.text());
    expect(buttons).not.toContain('Godkänn');
    expect(buttons).not.toContain('Returnera');
  });

  it('offers them to another reviewer, and to the submitter when self-approval is on', async () => {
    for (const [me, selfApproval] of [['u2', false], ['u1', true]] as const) {
      const wrapper = await reviewPage(me, selfApproval);
      expect(wrapper.find('[data-testid="own-submission"]').exists()).toBe(false);
      expect(wrapper.findAll('button').map((b) => b.text())).toEqual(expect.arrayContaining(['Godkänn', 'Returnera']));
      wrapper.unmount();
      vi.unstubAllGlobals();
    }
  });

  it('the review list does not let one select one\'s own submissions for "Godkänn markerade"', async () => {
    const mine = submitted('u1');
    const theirs = { ...submitted('u9'), id: 'r2', case: { ...mine.case, reference: '2021:9' } };
    api([mine, theirs]);
    const plugins = setupPlugins();
    useAuthStore().user = { ...user([{ role: 'reviewer' }]), id: 'u1', selfApproval: false };
    await plugins.router.push({ name: 'review', query: { status: 'submitted' } }).catch(() => undefined);
    const { wrapper } = mountWith(ReviewListView, { ...plugins });
    await settle();
    expect(wrapper.find('#sel-r1').attributes('disabled')).toBeDefined();
    expect(wrapper.find('#sel-r1').attributes('aria-describedby')).toBe('own-submissions-note');
    expect(wrapper.find('#own-submissions-note').text()).toContain('kan inte markeras');
    expect(wrapper.find('#sel-r2').attributes('disabled')).toBeUndefined();
    const all = wrapper.find('input[id^="all-"]');
    await all.setValue(true);
    expect(wrapper.findAll('button').find((b) => b.text().startsWith('Godkänn markerade'))?.text()).toContain('1');
  });
});
