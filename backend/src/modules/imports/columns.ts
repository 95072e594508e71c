import { scaleValues, TREND_SCALE, type Kind } from '@uppsikt/shared';

/**
 * The columns of the two import files (API.md "Import files"). Headers are matched without regard
 * to case, spacing or a trailing colon; `aliases` are other names users write for the same column.
 * `ignored` columns are known and skipped silently (e.g. the case text in an XLSX export).
 */
export interface ColumnSpec<K extends string = string> {
  key: K;
  name: string;
  aliases: readonly string[];
  required: boolean;
  /** Swedish help text for the template's instructions sheet. */
  help: string;
  /** Allowed values, for the instructions sheet (from the kinds when they depend on them). */
  values?: string | ((kinds: readonly Kind[]) => string);
  ignored?: boolean;
}

export type CaseColumnKey = 'reference' | 'kind' | 'text' | 'leadBody' | 'coBodies' | 'decidedOn' | 'dueOn' | 'related' | 'diaryNumber' | 'decisionRef' | 'title';
export type ReportColumnKey = 'reference' | 'period' | 'body' | 'status' | 'comment' | 'forecast' | 'trend' | 'caseText' | 'kind' | 'contributions';

export const ALL_BODIES_WORDS = ['samtliga nämnder', 'alla nämnder'];

export const CASE_COLUMNS: readonly ColumnSpec<CaseColumnKey>[] = [
  { key: 'reference', name: 'Referens', aliases: ['Ref', 'Ärende', 'Nr'], required: true, help: 'Ärendets unika referens, t.ex. 2021:8 eller Mål 3. Finns referensen redan uppdateras ärendet.' },
  { key: 'kind', name: 'Typ', aliases: ['Ärendetyp', 'Slag'], required: true, help: 'Vad för slags ärende det är.', values: (kinds) => kinds.map((k) => k.name).join(', ') },
  { key: 'text', name: 'Uppdragstext', aliases: ['Måltext', 'Text', 'Beskrivning'], required: true, help: 'Uppdragets eller målets text som kommunfullmäktige beslutat den.' },
  { key: 'leadBody', name: 'Huvudansvar', aliases: ['Nämnd', 'Huvudansvarig', 'Ansvarig nämnd'], required: true, help: 'Organkoden för den nämnd eller styrelse som skriver statusen, t.ex. KS.' },
  { key: 'coBodies', name: 'Medansvar', aliases: ['Medansvariga', 'Berörda nämnder'], required: false, help: 'Organkoder för medansvariga, åtskilda med kommatecken (t.ex. TN, IFN). "Samtliga nämnder" betyder alla aktiva nämnder och styrelser.', values: 'Organkoder, Samtliga nämnder' },
  { key: 'decidedOn', name: 'Beslutat', aliases: ['Beslutsdatum', 'Beslutad'], required: false, help: 'Datum för fullmäktiges beslut.', values: 'ÅÅÅÅ-MM-DD' },
  { key: 'dueOn', name: 'Slutdatum', aliases: ['Klart senast', 'Deadline'], required: false, help: 'När uppdraget ska vara genomfört.', values: 'ÅÅÅÅ-MM-DD' },
  { key: 'related', name: 'Relaterade', aliases: ['Relaterade ärenden', 'Se även'], required: false, help: 'Referenser till relaterade ärenden, åtskilda med kommatecken. De ska finnas i systemet eller i samma fil.' },
  { key: 'diaryNumber', name: 'Diarienummer', aliases: ['Dnr', 'Diarienr'], required: false, help: 'Diarienummer, t.ex. KS-2021/00123.' },
  { key: 'decisionRef', name: 'KF-beslut', aliases: ['KF beslut', 'Beslut', 'Beslutsreferens', 'Paragraf'], required: false, help: 'Hänvisning till beslutet, t.ex. KF § 123.' },
  { key: 'title', name: 'Titel', aliases: ['Rubrik'], required: false, help: 'En kort rubrik (valfri).' },
];

/** "KF-uppdrag: Genomfört, Delvis genomfört, Inte genomfört. KF-mål: …" (kinds that are reported). */
function statusValues(kinds: readonly Kind[]): string {
  return kinds
    .filter((k) => k.reported)
    .map((k) => `${k.plural}: ${scaleValues(k).join(', ')}.`)
    .join(' ');
}

export const REPORT_COLUMNS: readonly ColumnSpec<ReportColumnKey>[] = [
  { key: 'reference', name: 'Referens', aliases: ['Ref', 'Ärende', 'Nr'], required: true, help: 'Referensen till ett ärende som finns i systemet (importera ärendena först).' },
  { key: 'period', name: 'Period', aliases: ['Tertial'], required: true, help: 'Perioden som statusen gäller, t.ex. 2020-T2 (T1 = jan–apr, T2 = jan–aug, T3 = helår). En period som saknas skapas som stängd med tertialens vanliga slutdatum.', values: 'ÅÅÅÅ-T1, ÅÅÅÅ-T2, ÅÅÅÅ-T3' },
  { key: 'body', name: 'Nämnd', aliases: ['Organ', 'Huvudansvar'], required: false, help: 'Organkoden för nämnden som lämnat statusen. Tom = ärendets huvudansvariga.' },
  { key: 'status', name: 'Status', aliases: ['Måluppfyllelse', 'Lägesbild', 'Bedömning'], required: true, help: 'Bedömningen på ärendetypens skala. Kända synonymer (t.ex. "Helt genomfört") och värden från en annan skala tolkas, med en varning. Tom status går bara där ärendet inte har någon att ge (raden har en kommentar, hänvisar till ett relaterat ärende eller ärendet är avslutat).', values: statusValues },
  { key: 'comment', name: 'Motivering/kommentar', aliases: ['Motivering', 'Kommentar', 'Motivering / kommentar'], required: false, help: 'Motiveringen till bedömningen. Radbrytningar blir stycken i bilagan.' },
  { key: 'forecast', name: 'Prognos helår', aliases: ['Prognos', 'Prognos för helår', 'Helårsprognos'], required: false, help: 'Förväntad status vid årets slut, på samma skala som Status. Anges inte i T3.', values: 'Som Status' },
  { key: 'trend', name: 'Trend', aliases: [], required: false, help: 'Bara för ärendetyper som har trend (t.ex. programprioriteringar).', values: TREND_SCALE.join(', ') },
  { key: 'caseText', name: 'Text', aliases: ['Uppdragstext', 'Måltext', 'KF-uppdrag', 'KF-mål'], required: false, ignored: true, help: 'Ärendets text (läses inte in; finns i exporten för läsbarhetens skull).' },
  { key: 'kind', name: 'Typ', aliases: [], required: false, ignored: true, help: 'Läses inte in.' },
  { key: 'contributions', name: 'Bidrag', aliases: ['Bidrag från medansvariga'], required: false, ignored: true, help: 'Läses inte in.' },
];

/** The columns of a status export that re-imports unchanged (exactly the report import columns of API.md). */
export const REPORT_FILE_HEADERS = ['Referens', 'Period', 'Nämnd', 'Status', 'Motivering/kommentar', 'Prognos helår'] as const;

export const CASE_FILE_HEADERS = ['Referens', 'Typ', 'Uppdragstext', 'Huvudansvar', 'Medansvar', 'Beslutat', 'Slutdatum', 'Relaterade', 'Diarienummer', 'KF-beslut'] as const;
