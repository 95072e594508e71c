import { SCALE_COLOURS, type Kind, type KindCreate, type KindPatch, type ScaleColour, type ScaleValue } from '@uppsikt/shared';
import { api } from './client';

/** The governance model's kinds (API.md "Governance model"); the types are the shared contract's. */
export type { Kind, KindCreate, KindPatch };
export const KIND_COLOURS = SCALE_COLOURS;
export type KindColour = ScaleColour;
export type KindScaleValue = ScaleValue;
/** A scale entry of a PATCH: `was` renames that value in every report. */
export type KindScaleEdit = NonNullable<KindPatch['scale']>[number];

export const kindsApi = {
  list(signal?: AbortSignal): Promise<Kind[]> {
    return api('listKinds', { signal });
  },
  create(input: KindCreate): Promise<Kind> {
    return api('createKind', { body: input });
  },
  patch(key: string, input: KindPatch): Promise<Kind> {
    return api('patchKind', { params: { key }, body: input });
  },
};
