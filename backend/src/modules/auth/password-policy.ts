import { createRequire } from 'node:module';

/**
 * The password rule of API.md (NIST SP 800-63B): length, not a common or breached password, not
 * only repeated or sequential characters, not containing the user's e-mail name. The common list
 * is zxcvbn-ts's maintained `passwords-common` dictionary (≈49,000 passwords from breach corpora);
 * nothing here is typed by hand.
 */
export const MIN_PASSWORD_LENGTH = 12;

const requireCjs = createRequire(import.meta.url);

let common: Set<string> | undefined;
/**
 * Loaded on first use, not on import: the dictionary keeps about 16 MB resident for good (its
 * source, the decompressed lists and this set), and the worker, which never checks a password,
 * imports this module through the users module.
 */
function commonPasswords(): Set<string> {
  if (!common) {
    const { dictionary } = requireCjs('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    common = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  }
  return common;
}

/** Digits, letters and keyboard rows in order, either way and wrapping ("9012", "zabc"). */
const SEQUENCES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm', 'qazwsxedcrfvtgbyhnujmikolp'];

function isSequence(text: string): boolean {
  if (text.length < 2) return false;
  return SEQUENCES.some((seq) => {
    const ring = seq + seq[0];
    const step = (a: string, b: string) => (ring.includes(a + b) ? 1 : ring.includes(b + a) ? -1 : 0);
    const first = step(text[0], text[1]);
    if (!first) return false;
    for (let i = 2; i < text.length; i++) if (step(text[i - 1], text[i]) !== first) return false;
    return true;
  });
}

/** "aaaaaaaaaaaa", "abababababab", "abcabcabcabc": a block of up to four characters repeated. */
function isRepetition(text: string): boolean {
  for (let size = 1; size <= 4 && size * 2 <= text.length; size++) {
    const block = text.slice(0, size);
    if (block.repeat(Math.ceil(text.length / size)).slice(0, text.length) === text) return true;
  }
  return false;
}

/** The parts of an e-mail address's local part worth refusing inside a password ("anna.andersson" → both names and the whole). */
function emailNames(email: string | undefined): string[] {
  const local = (email ?? '').split('@')[0]?.toLowerCase() ?? '';
  const parts = [local, ...local.split(/[._+-]+/u)];
  return [...new Set(parts.filter((p) => p.length >= 4))];
}

/** A Swedish reason the password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Lösenordet ska ha minst ${MIN_PASSWORD_LENGTH} tecken.`;
  const lower = password.toLowerCase();
  const squeezed = lower.replace(/\s+/gu, '');
  if (!squeezed.length || isRepetition(squeezed)) return 'Lösenordet får inte bara bestå av upprepade tecken.';
  if (isSequence(squeezed)) return 'Lösenordet får inte vara en teckenföljd som 123456789012 eller abcdefghijkl.';
  const list = commonPasswords();
  // Also a listed password with digits or punctuation tacked on ("password2024!").
  const core = squeezed.replace(/^\P{L}+|\P{L}+$/gu, '');
  if (list.has(lower) || list.has(squeezed) || (core.length >= 4 && list.has(core))) {
    return 'Lösenordet är för vanligt: det finns med bland kända läckta lösenord. Välj ett annat.';
  }
  if (emailNames(email).some((n) => lower.includes(n))) return 'Lösenordet får inte innehålla namnet i din e-postadress.';
  return null;
}
