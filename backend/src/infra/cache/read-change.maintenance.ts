import { Injectable } from '@nestjs/common';
import { ReadChangeRepository } from '../database/read-change.repository.js';

/**
 * Merges each scope's (and changed lexeme's) rows into one with their sum
 * (`ReadChangeRepository.compact`). Every ten seconds (scheduled by the worker), so a busy scope's
 * sum adds up a few hundred rows at most.
 */
@Injectable()
export class ReadChangeMaintenance {
  constructor(private readonly changes: ReadChangeRepository) {}

  async compact(): Promise<{ merged: number }> {
    const merged = await this.changes.compact();
    return { merged };
  }
}
