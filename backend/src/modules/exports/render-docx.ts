import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { FileOut } from '../imports/templates.js';
import { cellParagraphs, type Appendix, type AppendixRow, type AppendixTable } from './appendix-model.js';
import type { AppendixColumn } from './appendix-headings.js';
import { HEADER_FILL, statusFill, TEXT_COLOUR } from './colours.js';
import { exportFilename } from './filenames.js';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// A4 landscape in twips (1/1440 inch); 1.5 cm margins.
const A4_SHORT = 11906;
const A4_LONG = 16838;
const MARGIN = 850;
const CONTENT_WIDTH = A4_LONG - 2 * MARGIN;
const FONT = 'Calibri';
const SIZE = 18; // half-points: 9 pt

/**
 * Bilaga 1 as Word: landscape A4, a heading, one real table per kind with the appendix's columns,
 * the header row repeated on every page, status cells shaded by colour, page numbers in the footer.
 */
export async function renderDocx(a: Appendix, kindLabel: string | null): Promise<FileOut> {
  const children: Array<Paragraph | Table> = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun({ text: a.title, font: FONT })] }),
    new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text: a.subtitle, font: FONT, size: 22 })] }),
  ];
  if (a.draftNote) children.push(new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text: a.draftNote, font: FONT, size: 22, bold: true, color: 'B3261E' })] }));
  a.tables.forEach((t, i) => {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, pageBreakBefore: i > 0, spacing: { before: 120, after: 120 }, keepNext: true, children: [new TextRun({ text: t.caption, font: FONT })] }));
    // A group level's own lägesbild text (a programme's appendix), then its table.
    for (const p of t.intro ? cellParagraphs(t.intro) : []) {
      children.push(new Paragraph({ spacing: { after: 120 }, children: [...(p.lead ? [new TextRun({ text: p.lead, bold: true, size: 20 })] : []), new TextRun({ text: p.text, size: 20 })] }));
    }
    if (t.columns.length) children.push(table(t));
  });
  const doc = new Document({
    creator: 'Uppsikt',
    title: `${a.title} – ${a.period.id}`,
    description: a.subtitle,
    styles: {
      default: { document: { run: { font: FONT, size: SIZE, color: TEXT_COLOUR } } },
      paragraphStyles: [
        { id: 'Heading1', name: 'Heading 1', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { font: FONT, size: 32, bold: true, color: TEXT_COLOUR }, paragraph: { spacing: { after: 120 } } },
        { id: 'Heading2', name: 'Heading 2', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { font: FONT, size: 24, bold: true, color: TEXT_COLOUR } },
      ],
    },
    sections: [
      {
        properties: { page: { size: { width: A4_SHORT, height: A4_LONG, orientation: PageOrientation.LANDSCAPE }, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } },
        ...(a.pageMark
          ? { headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: a.pageMark, font: FONT, size: 22, bold: true, color: 'B3261E' })] })] }) } }
          : {}),
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [new TextRun({ font: FONT, size: 16, children: [`${a.title} · ${a.period.id} · Sida `, PageNumber.CURRENT, ' av ', PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  const bytes = await Packer.toBuffer(doc);
  return { bytes: Buffer.from(bytes), contentType: DOCX_TYPE, filename: exportFilename(a, kindLabel, 'docx') };
}

function table(t: AppendixTable): Table {
  const total = t.columns.reduce((s, c) => s + c.width, 0);
  const widths = t.columns.map((c) => Math.floor((c.width / total) * CONTENT_WIDTH));
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: t.columns.map((c, i) => cell([para(c.heading, { bold: true })], widths[i], HEADER_FILL)),
  });
  const rows = t.rows.map((r) => new TableRow({ children: t.columns.map((c, i) => bodyCell(r, c, widths[i])) }));
  if (!rows.length) {
    rows.push(new TableRow({ children: [new TableCell({ columnSpan: t.columns.length, children: [para('Inga rapporter att visa för perioden.', { italics: true })] })] }));
  }
  return new Table({ width: { size: CONTENT_WIDTH, type: WidthType.DXA }, columnWidths: widths, layout: TableLayoutType.FIXED, rows: [header, ...rows] });
}

function bodyCell(r: AppendixRow, c: AppendixColumn, width: number): TableCell {
  switch (c.key) {
    case 'number':
      return cell([para(r.number)], width);
    case 'text':
      return cell([...(r.title ? [para(r.title, { bold: true })] : []), ...r.text.split(/\n+/u).filter(Boolean).map((p) => para(p))], width);
    case 'title':
      return cell([para(r.title ?? r.text)], width);
    case 'summary':
      return cell([para(r.summary ?? '')], width);
    case 'status':
      return cell([para(r.status ?? '')], width, r.statusColour ? statusFill(r.statusColour) : undefined);
    case 'forecast':
      return cell([para(r.forecast ?? '')], width, r.forecastColour ? statusFill(r.forecastColour) : undefined);
    case 'trend':
      return cell([para(r.trend ?? '')], width);
    case 'comment': {
      const paragraphs = cellParagraphs(r);
      return cell(paragraphs.length ? paragraphs.map((p) => new Paragraph({ spacing: { after: 80 }, children: [...(p.lead ? [new TextRun({ text: p.lead, bold: true })] : []), new TextRun(p.text)] })) : [para('')], width);
    }
  }
}

function para(text: string, opts: { bold?: boolean; italics?: boolean } = {}): Paragraph {
  return new Paragraph({ spacing: { after: 60 }, children: [new TextRun({ text, ...opts })] });
}

function cell(children: Paragraph[], width: number, fill?: string): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { top: 60, bottom: 60, left: 90, right: 90 },
    ...(fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill } } : {}),
    children,
  });
}
