import { describe, expect, it } from 'vitest';
import { mapToScale, scaleValues, statusColour } from '../src/scales.js';
import { BUILT_IN_KINDS, builtInKind } from '../src/kinds.js';
import { asksForecast, asksTrend } from '../src/workflow.js';
import { allowedActions, canTransition, INITIAL_REPORT_STATE, isPublished, nextState, PUBLISHED_REPORT_STATES, submissionProblems, WRITABLE_REPORT_STATES } from '../src/workflow.js';
import { REPORT_STATES } from '../src/enums.js';

const k = (key: string) => builtInKind(key)!;
const all = BUILT_IN_KINDS;

describe('status scales', () => {
  it('has the scales of PRODUCT.md', () => {
    expect(scaleValues(k('assignment'))).toEqual(['Genomfört', 'Delvis genomfört', 'Inte genomfört']);
    expect(scaleValues(k('goal'))).toEqual(['Helt uppfyllt', 'Delvis uppfyllt', 'Inte uppfyllt']);
    expect(scaleValues(k('programme_priority'))).toEqual(['Enligt plan', 'Mer arbete krävs']);
    expect(statusColour(k('goal'), 'Delvis uppfyllt')).toBe('yellow');
  });

  it('maps synonyms, case and trailing dots with a warning', () => {
    expect(mapToScale(k('assignment'), 'Genomfört', all)).toEqual({ ok: true, value: 'Genomfört' });
    expect(mapToScale(k('assignment'), 'Helt genomfört.', all)).toMatchObject({ ok: true, value: 'Genomfört', warning: expect.any(String) });
    expect(mapToScale(k('assignment'), 'delvis genomfört ', all)).toMatchObject({ ok: true, value: 'Delvis genomfört', warning: expect.any(String) });
  });

  it("maps a value from another kind's scale to the same position, with a warning", () => {
    expect(mapToScale(k('assignment'), 'Delvis uppfyllt', all)).toMatchObject({ ok: true, value: 'Delvis genomfört', warning: expect.stringContaining('annan skala') });
    expect(mapToScale(k('programme_priority'), 'Inte uppfyllt', all)).toMatchObject({ ok: true, value: 'Mer arbete krävs' });
  });

  it('asks what each built-in kind asked before kinds became data', () => {
    for (const key of ['assignment', 'supplementary_assignment', 'goal', 'programme_priority']) {
      expect([asksForecast(k(key), 'T1'), asksForecast(k(key), 'T2'), asksForecast(k(key), 'T3')]).toEqual([true, true, false]);
      expect(asksTrend(k(key))).toBe(key === 'programme_priority');
    }
    expect(asksForecast(k('programme'), 'T2')).toBe(false);
    expect(asksTrend(k('focus_area'))).toBe(true);
  });

  it('maps to a five-step scale of a kind an admin made', () => {
    const five = { key: 'khp', name: 'KHP-punkt', scale: ['Mycket bra', 'Bra', 'Godtagbart', 'Svagt', 'Mycket svagt'].map((value) => ({ value, colour: 'grey' as const })) };
    expect(mapToScale(five, 'bra.', all)).toMatchObject({ ok: true, value: 'Bra' });
    expect(mapToScale(five, 'Inte uppfyllt', all)).toMatchObject({ ok: true, value: 'Godtagbart', warning: expect.stringContaining('annan skala') });
    expect(mapToScale(k('goal'), 'Svagt', [...all, five])).toMatchObject({ ok: true, value: 'Inte uppfyllt' });
  });

  it('refuses values on no scale', () => {
    expect(mapToScale(k('goal'), 'Kanske', all)).toMatchObject({ ok: false });
  });
});

describe('report state machine', () => {
  it('follows not_started → draft → submitted → (returned → draft → submitted)* → approved, reopen → returned', () => {
    expect(nextState('not_started', 'save')).toBe('draft');
    expect(nextState('draft', 'submit')).toBe('submitted');
    expect(nextState('submitted', 'return')).toBe('returned');
    expect(nextState('returned', 'save')).toBe('draft');
    expect(nextState('submitted', 'approve')).toBe('approved');
    expect(nextState('approved', 'reopen')).toBe('returned');
    expect(canTransition('approved', 'save')).toBe(false);
    expect(canTransition('submitted', 'save')).toBe(false);
    expect(() => nextState('draft', 'approve')).toThrow();
  });

  it('offers only the actions each state allows', () => {
    const table = Object.fromEntries(REPORT_STATES.map((s) => [s, allowedActions(s)]));
    expect(table).toEqual({
      not_started: ['save', 'submit'],
      draft: ['save', 'submit'],
      submitted: ['return', 'approve'],
      returned: ['save', 'submit'],
      approved: ['reopen'],
    });
  });

  it('derives the writable and published states and the import from the same machine', () => {
    expect(INITIAL_REPORT_STATE).toBe('not_started');
    expect(WRITABLE_REPORT_STATES).toEqual(REPORT_STATES.filter((s) => canTransition(s, 'save') && canTransition(s, 'submit')));
    expect([...WRITABLE_REPORT_STATES].sort()).toEqual(['draft', 'not_started', 'returned']);
    expect([...PUBLISHED_REPORT_STATES].sort()).toEqual(['approved', 'submitted']);
    expect(REPORT_STATES.filter(isPublished)).toEqual(['submitted', 'approved']);
    for (const s of REPORT_STATES) expect(nextState(s, 'import')).toBe('approved');
    expect(REPORT_STATES.flatMap((s) => allowedActions(s))).not.toContain('import');
  });

  it('requires status and comment to submit', () => {
    expect(submissionProblems(k('assignment'), 'T2', {}).map((p) => p.path)).toEqual(['status', 'comment']);
    expect(submissionProblems(k('assignment'), 'T2', { status: 'Genomfört', comment: 'Klart' })).toEqual([]);
    expect(submissionProblems(k('goal'), 'T2', { status: 'Genomfört', comment: 'x' })[0].path).toBe('status');
  });
});
