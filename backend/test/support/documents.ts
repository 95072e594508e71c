import ExcelJS from 'exceljs';
import { inflateSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { unzip } from './zip.js';

const xml = (s: string) => s.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&quot;/gu, '"').replace(/&apos;/gu, "'").replace(/&amp;/gu, '&');

/** A DOCX's document.xml. */
export function docxXml(bytes: Buffer): string {
  return unzip(bytes).get('word/document.xml')!.toString('utf8');
}

/** The tables of a document.xml as rows of cell texts (paragraphs joined by \n). */
export function docxTables(documentXml: string): string[][][] {
  return [...documentXml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/gu)].map((t) =>
    [...t[1].matchAll(/<w:tr[ >]([\s\S]*?)<\/w:tr>/gu)].map((tr) =>
      [...tr[1].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/gu)].map((tc) =>
        [...tc[1].matchAll(/<w:p[ >]([\s\S]*?)<\/w:p>/gu)]
          .map((p) => xml([...p[1].matchAll(/<w:t(?: [^>]*)?>([\s\S]*?)<\/w:t>/gu)].map((m) => m[1]).join('')))
          .filter(Boolean)
          .join('\n'),
      ),
    ),
  );
}

/** The texts of a document.xml's paragraphs outside tables (headings included), in order. */
export function docxParagraphs(documentXml: string): string[] {
  return [...documentXml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/gu, '').matchAll(/<w:p[ >]([\s\S]*?)<\/w:p>/gu)]
    .map((p) => xml([...p[1].matchAll(/<w:t(?: [^>]*)?>([\s\S]*?)<\/w:t>/gu)].map((m) => m[1]).join('')))
    .filter(Boolean);
}

/** The texts of a document.xml's Heading 2 paragraphs (the table captions), in order. */
export function docxCaptions(documentXml: string): string[] {
  return [...documentXml.matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<w:pStyle w:val="Heading2"\/>([\s\S]*?)<\/w:p>/gu)].map((m) => xml([...m[1].matchAll(/<w:t(?: [^>]*)?>([\s\S]*?)<\/w:t>/gu)].map((t) => t[1]).join('')));
}

/** The first sheet of an XLSX as header names and rows keyed by them. */
export async function xlsxRows(bytes: Buffer): Promise<{ headers: string[]; rows: Array<Record<string, string>>; sheet: ExcelJS.Worksheet }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  const headers = (sheet.getRow(1).values as string[]).slice(1);
  const rows: Array<Record<string, string>> = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    rows.push(Object.fromEntries(headers.map((h, i) => [h, String(row.getCell(i + 1).value ?? '')])));
  });
  return { headers, rows, sheet };
}

/** A `;`-delimited CSV with BOM as records. */
export function csvRecords(bytes: Buffer): string[][] {
  return parse(bytes, { delimiter: ';', bom: true }) as string[][];
}

/** A PDF's raw text (latin1) and its inflated content streams. */
export function pdfText(bytes: Buffer): { raw: string; pages: number; content: string } {
  const raw = bytes.toString('latin1');
  const pages = Number(/\/Type \/Pages[\s\S]*?\/Count (\d+)/u.exec(raw)?.[1]);
  const content = [...raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/gu)]
    .map((m) => {
      try {
        return inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1');
      } catch {
        return '';
      }
    })
    .join('\n');
  return { raw, pages, content };
}

/** How often `s` occurs in `text`. */
export const occurrences = (text: string, s: string): number => text.split(s).length - 1;
