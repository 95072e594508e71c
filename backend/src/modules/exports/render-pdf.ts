import PDFDocument from 'pdfkit';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FileOut } from '../imports/templates.js';
import { cellParagraphs, type Appendix, type AppendixRow, type AppendixTable } from './appendix-model.js';
import type { AppendixColumn } from './appendix-headings.js';
import { HEADER_FILL, statusFill, TEXT_COLOUR } from './colours.js';
import { exportFilename } from './filenames.js';

export const PDF_TYPE = 'application/pdf';

/**
 * Roboto as shipped with pdfmake: it covers å, ä, ö, é, – and the rest of Latin-1 and is embedded
 * (subset) in every PDF. The layout is done here on pdfkit (pdfmake's own engine): pdfmake's
 * table layout took 5 s for 1,000 cases, this takes well under one.
 */
const FONT_DIR = join(dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')), 'fonts', 'Roboto');
const REGULAR = join(FONT_DIR, 'Roboto-Regular.ttf');
const BOLD = join(FONT_DIR, 'Roboto-Medium.ttf');
const ITALIC = join(FONT_DIR, 'Roboto-Italic.ttf');

// A4 landscape in points; our own bottom limit sits above pdfkit's so it never breaks pages by itself.
const PAGE_W = 841.89;
const PAGE_H = 595.28;
const MARGIN = 36;
const BOTTOM = PAGE_H - 44;
const CONTENT_W = PAGE_W - 2 * MARGIN;
const SIZE = 8.5;
/** A group level's lägesbild text above its table (a programme's appendix). */
const INTRO_SIZE = 9.5;
const LINE_GAP = 1;
const PAD_X = 4;
const PAD_Y = 3;
const PARA_GAP = 3;
const GRID = '#8a96a3';
const TEXT = `#${TEXT_COLOUR}`;

interface Para {
  text: string;
  lead?: string;
  bold?: boolean;
  italic?: boolean;
}

interface Cell {
  paras: Para[];
  fill?: string;
}

type Struct = PDFKit.PDFStructureElement;

/** A table row's structure elements: the TR and its TH or TD per column. */
interface RowTags {
  tr: Struct;
  type: 'TH' | 'TD';
  cells: Struct[];
}

/**
 * The same content as the DOCX: landscape A4, one table per kind, header row on every page, page
 * numbers. Tagged (PDF 1.7 structure tree, as the accessibility law asks of published documents):
 * title H1, captions H2, tables of TH/TD in reading order; grid, fills, repeated header rows and
 * page numbers are artifacts.
 */
export async function renderPdf(a: Appendix, kindLabel: string | null): Promise<FileOut> {
  const doc = new PDFDocument({
    pdfVersion: '1.7',
    tagged: true,
    size: 'A4',
    layout: 'landscape',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: 10 },
    bufferPages: true,
    lang: 'sv-SE',
    displayTitle: true,
    info: { Title: `${a.title} – ${a.period.id}`, Author: 'Uppsikt', Subject: a.subtitle, Creator: 'Uppsikt' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  doc.registerFont('italic', ITALIC);

  const root = doc.struct('Document');
  doc.addStructure(root);
  const w = new TableWriter(doc);
  root.add(doc.struct('H1', {}, () => doc.font('bold').fontSize(16).fillColor(TEXT).text(a.title, MARGIN, MARGIN, { width: CONTENT_W })));
  root.add(doc.struct('P', {}, () => doc.moveDown(0.2).font('regular').fontSize(10.5).text(a.subtitle, { width: CONTENT_W })));
  if (a.draftNote) root.add(doc.struct('P', {}, () => doc.moveDown(0.3).font('bold').fontSize(10).fillColor('#b3261e').text(a.draftNote!, { width: CONTENT_W }).fillColor(TEXT)));
  let y = doc.y + 10;
  a.tables.forEach((t, i) => {
    if (i > 0) {
      doc.addPage();
      y = MARGIN;
    }
    y = w.table(t, y, root);
  });
  root.end();

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font('regular').fontSize(7.5).fillColor('#444444').text(`${a.title} · ${a.period.id} · Sida ${i + 1} av ${pages.count}`, MARGIN, PAGE_H - 30, { width: CONTENT_W, align: 'right', lineBreak: false });
    doc.endMarkedContent();
    if (a.pageMark) {
      // A preview says so at the top of every page (page 1 also has the draft note as real text).
      doc.markContent('Artifact', { type: 'Pagination', attached: ['Top'] });
      doc.font('bold').fontSize(9).fillColor('#b3261e').text(a.pageMark, MARGIN, 14, { width: CONTENT_W, align: 'center', lineBreak: false });
      doc.endMarkedContent();
    }
  }
  doc.end();
  await ended;
  return { bytes: Buffer.concat(chunks), contentType: PDF_TYPE, filename: exportFilename(a, kindLabel, 'pdf') };
}

class TableWriter {
  private widths: number[] = [];
  private xs: number[] = [];
  private header: Cell[] = [];

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** Writes a caption and a table from y under `parent`; returns where it ended. */
  table(t: AppendixTable, start: number, parent: Struct): number {
    const doc = this.doc;
    const total = t.columns.reduce((s, c) => s + c.width, 0);
    this.widths = t.columns.map((c) => (c.width / total) * CONTENT_W);
    this.xs = this.widths.map((_, i) => MARGIN + this.widths.slice(0, i).reduce((s, x) => s + x, 0));
    this.header = t.columns.map((c) => ({ paras: [{ text: c.heading, bold: true }], fill: `#${HEADER_FILL}` }));

    parent.add(doc.struct('H2', {}, () => doc.font('bold').fontSize(11).fillColor(TEXT).text(t.caption, MARGIN, start, { width: CONTENT_W })));
    let y = this.intro(t.intro ? cellParagraphs(t.intro) : [], doc.y + 6, parent);
    if (!t.columns.length) return y;
    const table = doc.struct('Table');
    parent.add(table);
    const headerHeight = this.rowHeight(this.header);
    if (y + headerHeight + 40 > BOTTOM) y = this.newPage(false);
    const header = this.row(table, 'TH');
    y = this.draw(this.header, y, headerHeight, header);
    header.tr.end();
    if (!t.rows.length) {
      this.widths = [CONTENT_W];
      this.xs = [MARGIN];
      const empty = [{ paras: [{ text: 'Inga rapporter att visa för perioden.', italic: true }] }];
      const only = this.row(table, 'TD', 1);
      y = this.draw(empty, y, this.rowHeight(empty), only);
      only.tr.end();
      table.end();
      return y;
    }
    for (const row of t.rows) {
      let cells = t.columns.map((c) => cellOf(row, c));
      // One TR per row, also when the row is split across pages: its cells take both parts.
      const tags = this.row(table, 'TD');
      let h = this.rowHeight(cells);
      for (;;) {
        const avail = BOTTOM - y;
        if (h <= avail) {
          y = this.draw(cells, y, h, tags);
          break;
        }
        // A short row moves to the next page whole; a long one is split there, as Word does.
        if (avail < 40 || (h < 140 && h <= BOTTOM - MARGIN - headerHeight)) {
          y = this.newPage();
          continue;
        }
        const parts = cells.map((c, i) => this.split(c, this.widths[i], avail));
        this.draw(parts.map((p) => p[0]), y, avail, tags);
        cells = parts.map((p) => p[1]);
        h = this.rowHeight(cells);
        y = this.newPage();
      }
      tags.tr.end();
    }
    table.end();
    return y;
  }

  /**
   * A group level's lägesbild text before its table, one P per paragraph at the page's full width;
   * a paragraph that does not fit below `y` starts the next page. Returns where the text ended.
   */
  private intro(paras: Para[], start: number, parent: Struct): number {
    const doc = this.doc;
    let y = start;
    for (const p of paras) {
      const text = `${p.lead ?? ''}${p.text}`;
      const h = doc.font(p.lead ? 'bold' : 'regular').fontSize(INTRO_SIZE).heightOfString(text, { width: CONTENT_W, lineGap: LINE_GAP });
      if (y + h > BOTTOM && y > MARGIN) {
        doc.addPage();
        y = MARGIN;
      }
      parent.add(
        doc.struct('P', {}, () => {
          if (p.lead) doc.font('bold').fontSize(INTRO_SIZE).fillColor(TEXT).text(p.lead, MARGIN, y, { width: CONTENT_W, lineGap: LINE_GAP, continued: true }).font('regular').text(p.text);
          else doc.font('regular').fontSize(INTRO_SIZE).fillColor(TEXT).text(p.text, MARGIN, y, { width: CONTENT_W, lineGap: LINE_GAP });
        }),
      );
      y += h + 5;
    }
    return paras.length ? y + 3 : y;
  }

  /** A TR under `table` with a TH (column scope) or TD per column; end its `tr` once drawn. */
  private row(table: Struct, type: 'TH' | 'TD', columns = this.widths.length): RowTags {
    const tr = this.doc.struct('TR');
    table.add(tr);
    const options = (type === 'TH' ? { scope: 'Column' } : {}) as PDFKit.Mixins.StructureElementOptions;
    const cells = Array.from({ length: columns }, () => this.doc.struct(type, options));
    cells.forEach((c) => tr.add(c));
    return { tr, type, cells };
  }

  /** A new page; the header row is repeated on it as an artifact (it is tagged once, on the first). */
  private newPage(repeatHeader = true): number {
    this.doc.addPage();
    return repeatHeader ? this.draw(this.header, MARGIN, this.rowHeight(this.header), null) : MARGIN;
  }

  private font(p: Para): string {
    return p.lead || p.bold ? 'bold' : p.italic ? 'italic' : 'regular';
  }

  /** Height of a paragraph; one with a bold lead is measured all bold, so it never comes out taller than measured. */
  private paraHeight(p: Para, width: number): number {
    return this.doc.font(this.font(p)).fontSize(SIZE).heightOfString(`${p.lead ?? ''}${p.text}`, { width: width - 2 * PAD_X, lineGap: LINE_GAP });
  }

  private cellHeight(c: Cell, width: number): number {
    return c.paras.reduce((s, p, i) => s + this.paraHeight(p, width) + (i ? PARA_GAP : 0), 0) + 2 * PAD_Y;
  }

  private rowHeight(cells: Cell[]): number {
    return Math.max(...cells.map((c, i) => this.cellHeight(c, this.widths[i])));
  }

  /** What of a cell fits in `height`, and the rest (paragraphs split between words). */
  private split(c: Cell, width: number, height: number): [Cell, Cell] {
    const fit: Para[] = [];
    let used = 2 * PAD_Y;
    let i = 0;
    for (; i < c.paras.length; i++) {
      const gap = fit.length ? PARA_GAP : 0;
      const h = this.paraHeight(c.paras[i], width);
      if (used + gap + h <= height) {
        fit.push(c.paras[i]);
        used += gap + h;
        continue;
      }
      const words = c.paras[i].text.split(/(?<=\s)/u);
      let lo = 0;
      let hi = words.length - 1;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (used + gap + this.paraHeight({ ...c.paras[i], text: words.slice(0, mid).join('') }, width) <= height) lo = mid;
        else hi = mid - 1;
      }
      if (lo > 0) {
        fit.push({ ...c.paras[i], text: words.slice(0, lo).join('').trimEnd() });
        return [{ paras: fit, fill: c.fill }, { paras: [{ ...c.paras[i], lead: undefined, text: words.slice(lo).join('') }, ...c.paras.slice(i + 1)], fill: c.fill }];
      }
      break;
    }
    return [{ paras: fit, fill: c.fill }, { paras: c.paras.slice(i), fill: c.fill }];
  }

  /** Draws a row; its text goes to the cells' structure elements, or is an artifact when `tags` is null. */
  private draw(cells: Cell[], y: number, h: number, tags: RowTags | null): number {
    const doc = this.doc;
    doc.markContent('Artifact', { type: 'Layout' });
    cells.forEach((c, i) => {
      if (c.fill) doc.rect(this.xs[i], y, this.widths[i], h).fill(c.fill);
    });
    doc.lineWidth(0.5).strokeColor(GRID);
    cells.forEach((_, i) => doc.rect(this.xs[i], y, this.widths[i], h).stroke());
    doc.endMarkedContent();
    doc.fillColor(TEXT);
    cells.forEach((c, i) => {
      let ty = y + PAD_Y;
      const width = this.widths[i] - 2 * PAD_X;
      for (const p of c.paras) {
        const opts = { width, lineGap: LINE_GAP };
        const content = tags ? doc.markStructureContent(tags.type) : doc.markContent('Artifact', { type: 'Pagination' }) && null;
        if (p.lead) doc.font('bold').fontSize(SIZE).text(p.lead, this.xs[i] + PAD_X, ty, { ...opts, continued: true }).font('regular').text(p.text);
        else doc.font(this.font(p)).fontSize(SIZE).text(p.text, this.xs[i] + PAD_X, ty, opts);
        doc.endMarkedContent();
        if (content) tags!.cells[i].add(content);
        ty += this.paraHeight(p, this.widths[i]) + PARA_GAP;
      }
    });
    return y + h;
  }
}

function cellOf(r: AppendixRow, c: AppendixColumn): Cell {
  switch (c.key) {
    case 'number':
      return { paras: [{ text: r.number }] };
    case 'text':
      return { paras: [...(r.title ? [{ text: r.title, bold: true }] : []), ...r.text.split(/\n+/u).filter(Boolean).map((text) => ({ text }))] };
    case 'title':
      return { paras: [{ text: r.title ?? r.text }] };
    case 'summary':
      return { paras: r.summary ? [{ text: r.summary }] : [] };
    case 'status':
      return { paras: r.status ? [{ text: r.status }] : [], fill: r.statusColour ? `#${statusFill(r.statusColour)}` : undefined };
    case 'forecast':
      return { paras: r.forecast ? [{ text: r.forecast }] : [], fill: r.forecastColour ? `#${statusFill(r.forecastColour)}` : undefined };
    case 'trend':
      return { paras: r.trend ? [{ text: r.trend }] : [] };
    case 'comment':
      return { paras: cellParagraphs(r).map((p) => ({ text: p.text, lead: p.lead })) };
  }
}
