import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.js';

describe('password policy', () => {
  it.each([
    ['1234567890', /minst 12/],
    ['          ', /minst 12/],
    ['            ', /upprepade/],
    ['aaaaaaaaaaaa', /upprepade/],
    ['abababababab', /upprepade/],
    ['123456789012', /teckenföljd/],
    ['abcdefghijkl', /teckenföljd/],
    ['lkjihgfedcba', /teckenföljd/],
    ['qwertyuiopas', /teckenföljd/],
    ['1qaz2wsx3edc', /vanligt/],
    ['administrator', /vanligt/],
    ['Administrator2024!', /vanligt/],
    ['sonyericsson', /vanligt/],
  ])('refuses %j', (password, reason) => {
    expect(passwordProblem(password, 'someone@example.se')).toMatch(reason);
  });

  it("refuses a password containing the user's e-mail name", () => {
    expect(passwordProblem('anna.andersson-2026', 'anna.andersson@kommun.se')).toMatch(/e-postadress/);
    expect(passwordProblem('min-andersson-katt', 'anna.andersson@kommun.se')).toMatch(/e-postadress/);
  });

  it.each(['correct horse battery', 'Tertialrapport-maj-2026', 'blåbärssoppa i termos', 'uppsikt-demo!x'])('accepts %j', (password) => {
    expect(passwordProblem(password, 'anna.andersson@kommun.se')).toBeNull();
  });
});
