import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApp } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor, type People } from './support/fixtures.js';

const enc = encodeURIComponent;

/** Issue 14 item 3: cases form a tree (parent, ?parent=, ?under=, ancestors and children), never a cycle. */
describe('the case tree', () => {
  let t: TestApp;
  let p: People;

  const get = (ref: string, who = p.reviewer) => t.request('GET', `/api/cases/${enc(ref)}`, who);
  const patch = async (ref: string, body: Record<string, unknown>) => {
    const c = (await get(ref)).body;
    return t.request('PATCH', `/api/cases/${enc(ref)}`, { ...p.reviewer, body: { ...body, version: c.version } });
  };
  const refs = (items: Array<{ reference: string }>) => items.map((i) => i.reference);

  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
    // SH → SH.1 → SH.1.1, SH.1.2;  SH → SH.2 → SH.2.1
    await createCase(t, p.reviewer, { reference: 'SH', kind: 'programme', title: 'Program för social hållbarhet', text: 'Programmet.' });
    await createCase(t, p.reviewer, { reference: 'SH.1', kind: 'focus_area', title: 'Goda livsvillkor', text: 'Fokusområde 1.', parent: 'SH' });
    await createCase(t, p.reviewer, { reference: 'SH.2', kind: 'focus_area', title: 'Trygghet', text: 'Fokusområde 2.', parent: 'SH' });
    await createCase(t, p.reviewer, { reference: 'SH.1.2', kind: 'programme_priority', title: 'Bostäder', text: 'Prioritering 1.2.', parent: 'SH.1' });
    await createCase(t, p.reviewer, { reference: 'SH.1.1', kind: 'programme_priority', title: 'Barnfattigdom', text: 'Prioritering 1.1.', parent: 'SH.1', leadBody: 'IFN' });
    await createCase(t, p.reviewer, { reference: 'SH.2.1', kind: 'programme_priority', text: 'Prioritering 2.1.', parent: 'SH.2' });
    await createCase(t, p.reviewer, { reference: 'X:1', text: 'Fristående uppdrag.' });
  });
  afterAll(() => t?.stop());

  it('sets a parent on create and answers with it, its ancestors (root first) and its children', async () => {
    const leaf = await get('SH.1.1');
    expect(leaf.status, leaf.text).toBe(200);
    expect(leaf.body.parent).toBe('SH.1');
    expect(leaf.body.ancestors).toEqual([
      { reference: 'SH', kind: 'programme', title: 'Program för social hållbarhet', state: 'active' },
      { reference: 'SH.1', kind: 'focus_area', title: 'Goda livsvillkor', state: 'active' },
    ]);
    expect(leaf.body.children).toEqual([]);
    const focus = (await get('SH.1')).body;
    expect(focus.ancestors.map((a: { reference: string }) => a.reference)).toEqual(['SH']);
    expect(focus.children).toEqual([
      { reference: 'SH.1.1', kind: 'programme_priority', title: 'Barnfattigdom', state: 'active' },
      { reference: 'SH.1.2', kind: 'programme_priority', title: 'Bostäder', state: 'active' },
    ]);
    const root = (await get('SH', p.reader)).body;
    expect(root).toMatchObject({ parent: null, ancestors: [] });
    expect(refs(root.children)).toEqual(['SH.1', 'SH.2']);
  });

  it('lists direct children with ?parent= and the whole subtree with ?under= (the case itself excluded)', async () => {
    const children = await t.request('GET', `/api/cases?parent=SH`, p.reader);
    expect(children.status, children.text).toBe(200);
    expect(refs(children.body.items)).toEqual(['SH.1', 'SH.2']);
    expect(children.body.total).toBe(2);
    const under = (await t.request('GET', `/api/cases?under=SH`, p.reader)).body;
    expect(refs(under.items)).toEqual(['SH.1', 'SH.1.1', 'SH.1.2', 'SH.2', 'SH.2.1']);
    expect(refs((await t.request('GET', `/api/cases?under=SH.1&body=IFN`, p.reader)).body.items)).toEqual(['SH.1.1']);
    expect(refs((await t.request('GET', `/api/cases?under=SH&kind=focus_area`, p.reader)).body.items)).toEqual(['SH.1', 'SH.2']);
    expect((await t.request('GET', `/api/cases?under=SH.2.1`, p.reader)).body).toEqual({ items: [], total: 0 });
    expect((await t.request('GET', `/api/cases?parent=NOPE`, p.reader)).body).toEqual({ items: [], total: 0 });
    const paged = (await t.request('GET', `/api/cases?under=SH&pageSize=2&page=2`, p.reader)).body;
    expect(paged).toMatchObject({ total: 5 });
    expect(refs(paged.items)).toEqual(['SH.1.2', 'SH.2']);
  });

  it('moves a case to another parent and clears it, recorded in the history; lists and pages follow at once', async () => {
    expect(refs((await t.request('GET', `/api/cases?parent=SH.2`, p.reviewer)).body.items)).toEqual(['SH.2.1']);
    expect(refs((await get('SH.2')).body.children)).toEqual(['SH.2.1']);
    const moved = await patch('SH.1.2', { parent: 'SH.2' });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.parent).toBe('SH.2');
    // Cached reads of the old and the new parent, and of the lists, see the move.
    expect(refs((await t.request('GET', `/api/cases?parent=SH.2`, p.reviewer)).body.items)).toEqual(['SH.1.2', 'SH.2.1']);
    expect(refs((await get('SH.2')).body.children)).toEqual(['SH.1.2', 'SH.2.1']);
    expect(refs((await get('SH.1')).body.children)).toEqual(['SH.1.1']);
    expect(refs((await get('SH.1.2')).body.ancestors)).toEqual(['SH', 'SH.2']);

    // An ancestor's new title reaches the breadcrumb of the cases below it.
    expect((await patch('SH', { title: 'Programmet för social hållbarhet' })).status).toBe(200);
    expect((await get('SH.1.2')).body.ancestors[0].title).toBe('Programmet för social hållbarhet');

    const cleared = await patch('SH.1.2', { parent: null });
    expect(cleared.status, cleared.text).toBe(200);
    expect((await get('SH.1.2')).body).toMatchObject({ parent: null, ancestors: [] });
    expect(refs((await get('SH.2')).body.children)).toEqual(['SH.2.1']);
    const history = (await t.request('GET', `/api/cases/${enc('SH.1.2')}/history`, p.reviewer)).body as Array<{ action: string; changes: Record<string, unknown> }>;
    expect(history.filter((e) => 'parent' in e.changes).map((e) => e.changes.parent)).toEqual([
      { before: 'SH.2', after: null },
      { before: 'SH.1', after: 'SH.2' },
      { before: null, after: 'SH.1' },
    ]);
    // Readers see the case's own history, parent changes included.
    const readerHistory = (await t.request('GET', `/api/cases/${enc('SH.1.2')}/history`, p.reader)).body as Array<{ changes: Record<string, unknown> }>;
    expect(readerHistory.filter((e) => 'parent' in e.changes)).toHaveLength(3);
    expect((await patch('SH.1.2', { parent: 'SH.1' })).status).toBe(200);
  });

  it('refuses a cycle (self, direct, indirect) and an unknown parent with 400 on path "parent", changing nothing', async () => {
    const before = (await get('SH')).body;
    for (const parent of ['SH', 'SH.1', 'SH.1.1']) {
      const res = await patch('SH', { parent, title: 'Ändrad' });
      expect(res.status, `${parent}: ${res.text}`).toBe(400);
      expect(res.body.details.map((d: { path: string }) => d.path)).toContain('parent');
    }
    const self = await t.request('POST', '/api/cases', { ...p.reviewer, body: { reference: 'S:1', kind: 'assignment', text: 'Själv.', leadBody: 'KS', parent: 'S:1' } });
    expect(self.status, self.text).toBe(400);
    expect(self.body.details[0].path).toBe('parent');
    const unknown = await t.request('POST', '/api/cases', { ...p.reviewer, body: { reference: 'S:2', kind: 'assignment', text: 'Okänd.', leadBody: 'KS', parent: 'NOPE:1' } });
    expect(unknown.status, unknown.text).toBe(400);
    expect(unknown.body.details).toEqual([{ path: 'parent', message: expect.stringContaining('NOPE:1') }]);
    expect((await get('S:1')).status).toBe(404);
    expect((await get('S:2')).status).toBe(404);
    const after = (await get('SH')).body;
    expect(after).toMatchObject({ parent: null, title: before.title, version: before.version });
    const history = (await t.request('GET', '/api/cases/SH/history', p.reviewer)).body as Array<{ changes: Record<string, unknown> }>;
    expect(history.filter((e) => 'parent' in e.changes)).toEqual([]);
  });

  it('lets only one of two concurrent changes that would close a cycle between them through', async () => {
    await createCase(t, p.reviewer, { reference: 'C:A', text: 'A.' });
    await createCase(t, p.reviewer, { reference: 'C:B', text: 'B.' });
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all([get('C:A'), get('C:B')]);
      const results = await Promise.all([
        t.request('PATCH', '/api/cases/C%3AA', { ...p.reviewer, body: { parent: 'C:B', version: a.body.version } }),
        t.request('PATCH', '/api/cases/C%3AB', { ...p.reviewer, body: { parent: 'C:A', version: b.body.version } }),
      ]);
      expect(results.map((r) => r.status).sort(), results.map((r) => r.text).join('\n')).toEqual([200, 400]);
      const [a2, b2] = await Promise.all([get('C:A'), get('C:B')]);
      expect([a2.body.parent, b2.body.parent].filter(Boolean)).toHaveLength(1);
      // Back to two roots for the next round.
      for (const c of [a2.body, b2.body]) {
        if (c.parent) expect((await t.request('PATCH', `/api/cases/${enc(c.reference)}`, { ...p.reviewer, body: { parent: null, version: c.version } })).status).toBe(200);
      }
    }
  });

  it('gives readers no status of a child that is not submitted or approved', async () => {
    await openPeriod(t, p.reviewer, 2026, 'T2');
    const draft = await reportFor(t, p.ifn, 'SH.1.1', '2026-T2');
    expect((await t.request('PUT', `/api/reports/${draft.id}`, { ...p.ifn, body: { status: 'Mer arbete krävs', comment: 'Utkast.', trend: 'Negativ', version: draft.version } })).status).toBe(200);
    const sent = await reportFor(t, p.ks, 'SH.1.2', '2026-T2');
    expect((await t.request('PUT', `/api/reports/${sent.id}`, { ...p.ks, body: { status: 'Enligt plan', comment: 'Inskickad.', trend: 'Positiv', version: sent.version } })).status).toBe(200);
    expect((await t.request('POST', `/api/reports/${sent.id}/submit`, { ...p.ks, body: {} })).status).toBe(200);

    for (const who of [p.reader, p.reviewer]) {
      const page = await get('SH.1', who);
      expect(page.status).toBe(200);
      // The child list carries no status at all; statuses come from /api/case-statuses, published only.
      expect(JSON.stringify(page.body.children)).not.toContain('Mer arbete krävs');
      const statuses = await t.request('GET', `/api/case-statuses?references=${page.body.children.map((c: { reference: string }) => enc(c.reference)).join(',')}`, who);
      expect(statuses.status, statuses.text).toBe(200);
      expect(statuses.body).toEqual([{ reference: 'SH.1.2', period: '2026-T2', status: 'Enligt plan', state: 'submitted' }]);
    }
    const readerPage = await get('SH.1.1', p.reader);
    expect(readerPage.body.reports).toEqual([]);
  });
});
