import { cachedDateTimeFormat, formatDateSv, formatDayMonthSv, TIME_ZONE } from '@uppsikt/shared';

/**
 * Swedish e-mail templates: a subject that says what and when, plain text and accessible HTML.
 * Words follow the glossary in frontend/src/i18n/sv.ts (periods as `2026-T3`, "nämnd", "inskickad").
 */

export interface ReportLine {
  reportId: string;
  reference: string;
  text: string;
  body: string;
  state: string;
}

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

export interface TemplateContext {
  appUrl: string;
  municipality: string;
}

const STATE_SV: Record<string, string> = { not_started: 'Ej påbörjad', draft: 'Utkast', submitted: 'Inskickad', returned: 'Returnerad', approved: 'Godkänd' };

function esc(s: string): string {
  return s.replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function short(text: string, max = 120): string {
  const t = text.replace(/\s+/gu, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function time(d: Date): string {
  return cachedDateTimeFormat('sv-SE', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' }).format(d);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function layout(ctx: TemplateContext, title: string, paragraphs: string[], lines: ReportLine[], footer: string): Rendered['html'] {
  const items = lines
    .map((l) => `<li><a href="${esc(`${ctx.appUrl}/rapporter/${l.reportId}`)}">${esc(l.reference)}</a> (${esc(l.body)}, ${esc(STATE_SV[l.state] ?? l.state)}): ${esc(short(l.text))}</li>`)
    .join('\n');
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; background: #ffffff;">
<main>
<h1 style="font-size: 20px;">${esc(title)}</h1>
${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
${lines.length ? `<ul>\n${items}\n</ul>` : ''}
<p><a href="${esc(ctx.appUrl)}">Öppna Uppsikt</a></p>
</main>
<footer><p style="font-size: 14px; color: #4a4a4a;">${esc(footer)}</p></footer>
</body></html>`;
}

function textLines(ctx: TemplateContext, lines: ReportLine[]): string {
  return lines.map((l) => `- ${l.reference} (${l.body}, ${STATE_SV[l.state] ?? l.state}): ${short(l.text)}\n  ${ctx.appUrl}/rapporter/${l.reportId}`).join('\n');
}

function footer(ctx: TemplateContext, canOptOut: boolean): string {
  return `${ctx.municipality} · Uppsikt – uppföljning av kommunfullmäktiges uppdrag och mål.${canOptOut ? ' Du kan stänga av meddelanden om rapporternas status under ditt konto i Uppsikt.' : ' Påminnelser om sista dag kan inte stängas av.'}`;
}

export function reminderMail(ctx: TemplateContext, periodId: string, deadline: Date, lines: ReportLine[]): Rendered {
  const n = plural(lines.length, 'rapport', 'rapporter');
  const subject = `Påminnelse: ${n} för ${periodId} ska skickas in senast ${formatDayMonthSv(deadline)}`;
  const intro = `Hej! ${n} för ${periodId} är inte inskickade ännu. Sista dag är ${formatDateSv(deadline, true)} kl. ${time(deadline)}.`;
  const f = footer(ctx, false);
  return {
    subject,
    text: `${intro}\n\n${textLines(ctx, lines)}\n\n${f}\n`,
    html: layout(ctx, subject, [intro], lines, f),
  };
}

export function escalationMail(ctx: TemplateContext, periodId: string, deadline: Date, lines: ReportLine[], audience: 'editor' | 'body' | 'reviewer'): Rendered {
  const bodies = [...new Set(lines.map((l) => l.body))].sort();
  const n = plural(lines.length, 'rapport', 'rapporter');
  const subject = `Försenat: ${n} för ${periodId} skulle ha skickats in ${formatDayMonthSv(deadline)}`;
  const who = audience === 'reviewer' ? `Följande nämnder har inte skickat in allt: ${bodies.join(', ')}.` : 'Rapporterna nedan är inte inskickade.';
  const intro = `Sista dag för ${periodId} var ${formatDateSv(deadline, true)} kl. ${time(deadline)}. ${who}`;
  const f = footer(ctx, false);
  return { subject, text: `${intro}\n\n${textLines(ctx, lines)}\n\n${f}\n`, html: layout(ctx, subject, [intro], lines, f) };
}

export function workflowMail(ctx: TemplateContext, kind: 'returned' | 'approved' | 'reopened', periodId: string, line: ReportLine, comment: string | null): Rendered {
  const word = kind === 'returned' ? 'Returnerad' : kind === 'approved' ? 'Godkänd' : 'Öppnad igen';
  const subject = `${word}: rapporten för ${line.reference} (${periodId})`;
  const intro =
    kind === 'approved'
      ? `Stadsledningskontoret har godkänt rapporten för ${line.reference}.`
      : kind === 'returned'
        ? `Stadsledningskontoret har returnerat rapporten för ${line.reference}. Komplettera och skicka in den igen.`
        : `Stadsledningskontoret har öppnat den godkända rapporten för ${line.reference} igen. Uppdatera och skicka in den på nytt.`;
  const paragraphs = comment ? [intro, `Kommentar till nämnden: ${comment}`] : [intro];
  const f = footer(ctx, true);
  return { subject, text: `${paragraphs.join('\n\n')}\n\n${textLines(ctx, [line])}\n\n${f}\n`, html: layout(ctx, subject, paragraphs, [line], f) };
}

export function submittedDigestMail(ctx: TemplateContext, periodId: string, lines: ReportLine[]): Rendered {
  const n = plural(lines.length, 'rapport', 'rapporter');
  const subject = `Att granska: ${n} ${lines.length === 1 ? 'inskickad' : 'inskickade'} för ${periodId}`;
  const intro = `Sedan förra sammanställningen har ${n} för ${periodId} skickats in och väntar på granskning.`;
  const f = footer(ctx, true);
  return { subject, text: `${intro}\n\n${textLines(ctx, lines)}\n\n${f}\n`, html: layout(ctx, subject, [intro], lines, f) };
}
