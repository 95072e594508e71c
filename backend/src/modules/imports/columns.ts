import { scaleValues, TREND_SCALE, type AllBodiesScope, type Kind } from '@uppsikt/shared';

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

export type CaseColumnKey = 'reference' | 'kind' | 'text' | 'leadBody' | 'coBodies' | 'decidedOn' | 'dueOn' | 'related' | 'diaryNumber' | 'decisionRef' | 'title' | 'parent';
export type ReportColumnKey = 'reference' | 'period' | 'body' | 'status' | 'comment' | 'forecast' | 'trend' | 'caseText' | 'kind' | 'contributions' | 'indicators' | 'summary' | 'parent';

/** "Samtliga nämnder" (`allBodies`) in `Medansvar` or `Huvudansvar`, and what it covers (`ALL_BODIES_KINDS`). */
export const ALL_BODIES_WORDS: ReadonlyMap<string, AllBodiesScope> = new Map([
  ['samtliga nämnder', 'boards'],
  ['alla nämnder', 'boards'],
  ['samtliga nämnder och bolag', 'boards_and_companies'],
  ['alla nämnder och bolag', 'boards_and_companies'],
  ['samtliga nämnder och kommunala bolag', 'boards_and_companies'],
]);

/** The "samtliga nämnder" a list item says (case and spacing ignored), or undefined. */
export function allBodiesWord(item: string): AllBodiesScope | undefined {
  return ALL_BODIES_WORDS.get(item.trim().toLocaleLowerCase('sv-SE').replace(/\s+/gu, ' ').replace(/\.$/u, ''));
}

export const CASE_COLUMNS: readonly ColumnSpec<CaseColumnKey>[] = [
  { key: 'reference', name: 'Referens', aliases: ['Ref', 'Ärende', 'Nr'], required: true, help: 'Ärendets unika referens, t.ex. 2021:8 eller Mål 3. Finns referensen redan uppdateras ärendet.' },
  { key: 'kind', name: 'Typ', aliases: ['Ärendetyp', 'Slag'], required: true, help: 'Vad för slags ärende det är.', values: (kinds) => kinds.map((k) => k.name).join(', ') },
  { key: 'text', name: 'Uppdragstext', aliases: ['Måltext', 'Text', 'Beskrivning'], required: true, help: 'Uppdragets eller målets text som kommunfullmäktige beslutat den.' },
  { key: 'leadBody', name: 'Huvudansvar', aliases: ['Nämnd', 'Huvudansvarig', 'Ansvarig nämnd'], required: true, help: 'Organkoden för den nämnd eller styrelse som skriver statusen, t.ex. KS. Flera organkoder åtskilda med kommatecken (t.ex. KS, IFN, FGN): den första skriver statusen, de övriga blir medansvariga som skriver bidrag. "Samtliga nämnder (och bolag)" får stå efter den första koden.', values: 'Organkoder' },
  { key: 'coBodies', name: 'Medansvar', aliases: ['Medansvariga', 'Berörda nämnder'], required: false, help: 'Organkoder för medansvariga, åtskilda med kommatecken (t.ex. TN, IFN). "Samtliga nämnder" betyder alla aktiva nämnder och styrelser; "Samtliga nämnder och bolag" även alla aktiva bolag.', values: 'Organkoder, Samtliga nämnder, Samtliga nämnder och bolag' },
  { key: 'decidedOn', name: 'Beslutat', aliases: ['Beslutsdatum', 'Beslutad'], required: false, help: 'Datum för fullmäktiges beslut.', values: 'ÅÅÅÅ-MM-DD' },
  { key: 'dueOn', name: 'Slutdatum', aliases: ['Klart senast', 'Deadline'], required: false, help: 'När uppdraget ska vara genomfört.', values: 'ÅÅÅÅ-MM-DD' },
  { key: 'related', name: 'Relaterade', aliases: ['Relaterade ärenden', 'Se även'], required: false, help: 'Referenser till relaterade ärenden, åtskilda med kommatecken. De ska finnas i systemet eller i samma fil.' },
  { key: 'diaryNumber', name: 'Diarienummer', aliases: ['Dnr', 'Diarienr'], required: false, help: 'Diarienummer, t.ex. KS-2021/00123.' },
  { key: 'decisionRef', name: 'KF-beslut', aliases: ['KF beslut', 'Beslut', 'Beslutsreferens', 'Paragraf'], required: false, help: 'Hänvisning till beslutet, t.ex. KF § 123.' },
  { key: 'title', name: 'Titel', aliases: ['Rubrik'], required: false, help: 'En kort rubrik (valfri).' },
  { key: 'parent', name: 'Överordnad', aliases: ['Överordnat ärende', 'Förälder', 'Tillhör'], required: false, help: 'Referensen till ärendet en nivå upp (t.ex. prioriteringens fokusområde, fokusområdets program). Det ska finnas i systemet eller i samma fil, gärna längre ned. Tom = inget överordnat ärende.' },
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
  { key: 'summary', name: 'Sammanfattning', aliases: [], required: false, help: 'En rad (högst 300 tecken) bredvid motiveringen, för ärendetyper som ber om en sammanfattning (program, fokusområden, programprioriteringar).' },
  { key: 'parent', name: 'Överordnad', aliases: ['Överordnat ärende'], required: false, ignored: true, help: 'Läses inte in (ärendets plats i trädet sätts i ärendefilen).' },
  { key: 'caseText', name: 'Text', aliases: ['Uppdragstext', 'Måltext', 'KF-uppdrag', 'KF-mål'], required: false, ignored: true, help: 'Ärendets text (läses inte in; finns i exporten för läsbarhetens skull).' },
  { key: 'kind', name: 'Typ', aliases: [], required: false, ignored: true, help: 'Läses inte in.' },
  { key: 'contributions', name: 'Bidrag', aliases: ['Bidrag från medansvariga'], required: false, ignored: true, help: 'Läses inte in.' },
  { key: 'indicators', name: 'Indikatorer', aliases: ['Nyckeltal'], required: false, ignored: true, help: 'Ärendets indikatorer med målvärde och utfall (läses inte in här; importera dem med indikatorfilen).' },
];

/** The columns of a status export that re-imports unchanged (exactly the report import columns of API.md). */
export const REPORT_FILE_HEADERS = ['Referens', 'Period', 'Nämnd', 'Status', 'Motivering/kommentar', 'Prognos helår'] as const;

/** The columns a programme's appendix (`?under=`) adds to `REPORT_FILE_HEADERS`; they import back too. */
export const TREE_FILE_HEADERS = ['Överordnad', 'Trend', 'Sammanfattning'] as const;

export const CASE_FILE_HEADERS = ['Referens', 'Typ', 'Uppdragstext', 'Huvudansvar', 'Medansvar', 'Beslutat', 'Slutdatum', 'Relaterade', 'Diarienummer', 'KF-beslut', 'Överordnad'] as const;

export type IndicatorColumnKey = 'reference' | 'name' | 'unit' | 'direction' | 'target' | 'targetYear' | 'baseline' | 'kpi' | 'gender' | 'year' | 'value' | 'women' | 'men' | 'source' | 'note';

export const INDICATOR_COLUMNS: readonly ColumnSpec<IndicatorColumnKey>[] = [
  { key: 'reference', name: 'Referens', aliases: ['Ref', 'Ärende', 'Nr'], required: true, help: 'Referensen till ärendet (mål, uppdrag, prioritering eller grupp) som indikatorn hör till. Ärendet ska finnas i systemet.' },
  { key: 'name', name: 'Indikator', aliases: ['Nyckeltal', 'Namn', 'Indikatornamn'], required: true, help: 'Indikatorns namn. Samma referens och namn på flera rader är samma indikator (en rad per år); finns den redan uppdateras den.' },
  { key: 'unit', name: 'Enhet', aliases: [], required: false, help: 'Enheten, t.ex. st, procent eller kr.' },
  { key: 'direction', name: 'Riktning', aliases: ['Bättre'], required: false, help: 'Om högre eller lägre värden är bättre. Krävs för en ny indikator.', values: 'Högre är bättre, Lägre är bättre (eller bara Högre, Lägre)' },
  { key: 'target', name: 'Målvärde', aliases: ['Mål', 'Målnivå'], required: false, help: 'Målvärdet. Decimaler med komma eller punkt; mellanslag som tusentalsavgränsare går bra.', values: 'Tal, t.ex. 2 000 eller 1,5' },
  { key: 'targetYear', name: 'Målår', aliases: [], required: false, help: 'Året målvärdet ska nås.', values: 'ÅÅÅÅ' },
  { key: 'baseline', name: 'Utgångsvärde', aliases: ['Basvärde', 'Startvärde'], required: false, help: 'Värdet när målet sattes.', values: 'Tal' },
  { key: 'kpi', name: 'Kolada-KPI', aliases: ['Kolada', 'KPI', 'Kolada-id'], required: false, help: 'Id för ett nyckeltal i Kolada, t.ex. N00945. Värdena hämtas då från Kolada varje natt (när kommunens Kolada-id är inställt).', values: 'N00945' },
  { key: 'gender', name: 'Kön', aliases: [], required: false, help: 'Vilket av Koladas värden indikatorn följer. Tomt = Totalt.', values: 'Totalt (T), Kvinnor (K), Män (M)' },
  { key: 'year', name: 'År', aliases: ['Årtal'], required: false, help: 'Året värdet gäller. Tomt = raden beskriver bara indikatorn.', values: 'ÅÅÅÅ' },
  { key: 'value', name: 'Värde', aliases: ['Utfall'], required: false, help: 'Årets värde (utfall).', values: 'Tal' },
  { key: 'women', name: 'Kvinnor', aliases: [], required: false, help: 'Värdet för kvinnor, om det finns.', values: 'Tal' },
  { key: 'men', name: 'Män', aliases: [], required: false, help: 'Värdet för män, om det finns.', values: 'Tal' },
  { key: 'source', name: 'Källa', aliases: [], required: false, help: 'Rader med Källa "Kolada" är hämtade från Kolada och läses inte in (de finns i exporten för helhetens skull); annars skrivs värdet in för hand.', values: 'tomt eller Kolada' },
  { key: 'note', name: 'Not', aliases: ['Anmärkning', 'Kommentar'], required: false, help: 'En kort not om värdet, t.ex. Källa: SCB.' },
];

export const INDICATOR_FILE_HEADERS = ['Referens', 'Indikator', 'Enhet', 'Riktning', 'Målvärde', 'Målår', 'Utgångsvärde', 'Kolada-KPI', 'Kön', 'År', 'Värde', 'Kvinnor', 'Män', 'Källa', 'Not'] as const;
