import { builtInKind, TERMS, type Kind } from '@uppsikt/shared';

/**
 * A kind by key. Fallback until the web app reads the kinds from `/api/kinds` (a Pinia store):
 * the built-in kinds as a fresh installation has them; any other key gets an empty scale.
 */
export function kindOf(key: string): Kind {
  return (
    builtInKind(key) ?? {
      key,
      name: key,
      plural: key,
      scale: [],
      asksForecast: [],
      asksTrend: false,
      asksSummary: false,
      terms: [...TERMS],
      reported: true,
      position: Number.MAX_SAFE_INTEGER,
      builtIn: false,
      version: 0,
    }
  );
}
