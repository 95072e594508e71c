import { Injectable } from '@nestjs/common';
import type { CaseKind, ExportFormat, ReportState } from '@uppsikt/shared';
import { ChangeTokens } from '../../infra/cache/change-tokens.js';
import { KeptByToken } from '../../infra/cache/kept-by-token.js';
import { Scope } from '../../infra/cache/scope.js';
import type { FileOut } from '../imports/templates.js';

/** Rendered appendices kept per process, the least recently used going beyond this many bytes. */
const MAX_BYTES = 64 * 1024 * 1024;

export interface AppendixKey {
  period: string;
  kind?: CaseKind;
  /** A programme's appendix: the case it is for. */
  under?: string;
  format: ExportFormat;
  states: readonly ReportState[];
}

/**
 * Rendered appendices, reused while nothing in them has changed (the PDF of a large period takes
 * a second to render). What an appendix is made of — the period, its reports and contributions,
 * the cases, the bodies' names, the kinds' names and scales, the cases' indicators — is covered by the scopes below, so a change to any of them
 * commits a new token (`ChangeTokens`) and the next request renders anew. Concurrent requests for
 * the same file share one render. Each API process keeps its own files.
 */
@Injectable()
export class AppendixCache {
  private readonly files: KeptByToken<FileOut>;

  constructor(tokens: ChangeTokens) {
    this.files = new KeptByToken<FileOut>(tokens, MAX_BYTES, (f) => f.bytes.length);
  }

  /** The appendix for `key` in `states`, rendered by `render` unless an identical one is kept. */
  get(key: AppendixKey, render: () => Promise<FileOut>): Promise<FileOut> {
    const id = `${key.format}|${key.period}|${key.kind ?? '*'}|${key.under ?? ''}|${key.states.join(',')}`;
    return this.files.get(id, [Scope.cases(), Scope.kinds(), Scope.period(key.period), Scope.reports(key.period), Scope.indicators()], render);
  }
}
