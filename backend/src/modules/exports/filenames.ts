import type { Appendix } from './appendix-model.js';

/** "bilaga-1-2020-T2-uppdrag.docx"; a preview with submitted reports: "bilaga-1-2020-T2-uppdrag-forhandsversion.docx". */
export function exportFilename(a: Appendix, kindLabel: string | null, ext: string): string {
  return `bilaga-1-${a.period.id}${kindLabel ? `-${kindLabel}` : ''}${a.pageMark ? '-forhandsversion' : ''}.${ext}`;
}
