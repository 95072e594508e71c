import type { Appendix } from './appendix-model.js';

/**
 * "bilaga-1-2020-T2-uppdrag.docx"; a programme's: "bilaga-SH2024-2024-T2.docx"; a preview with
 * submitted reports: "bilaga-1-2020-T2-uppdrag-forhandsversion.docx".
 */
export function exportFilename(a: Appendix, kindLabel: string | null, ext: string): string {
  const base = a.root ? `bilaga-${a.root.reference.replace(/[^\p{L}\p{N}._-]+/gu, '-')}-${a.period.id}` : `bilaga-1-${a.period.id}`;
  return `${base}${kindLabel ? `-${kindLabel}` : ''}${a.pageMark ? '-forhandsversion' : ''}.${ext}`;
}
