import { CASE_KINDS, CASE_KIND_LABELS, type CaseKind } from '@uppsikt/shared';

/** A select option: the value sent, the text shown. */
export interface Option<V extends string = string> {
  value: V;
  label: string;
}

/** Every case kind as a select option. */
export const KIND_OPTIONS: readonly Option<CaseKind>[] = CASE_KINDS.map((k) => ({ value: k, label: CASE_KIND_LABELS[k] }));

/** Plain values shown as they are. */
export function plainOptions<V extends string>(values: readonly V[]): Option<V>[] {
  return values.map((v) => ({ value: v, label: v }));
}
