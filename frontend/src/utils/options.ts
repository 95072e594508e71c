/** A select option: the value sent, the text shown. */
export interface Option<V extends string = string> {
  value: V;
  label: string;
}

/** Plain values shown as they are. */
export function plainOptions<V extends string>(values: readonly V[]): Option<V>[] {
  return values.map((v) => ({ value: v, label: v }));
}
