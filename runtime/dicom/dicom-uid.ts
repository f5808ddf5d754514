// Deterministic UIDs under the UUID-derived root 2.25 (PS3.5 B.2): the decimal value of 128 bits of a SHA-256
// over a label, so writing the same phantom twice gives byte-identical files.
import { createHash } from 'node:crypto';

export function uidFromLabel(label: string): string {
  const hex = createHash('sha256').update(label).digest('hex').slice(0, 32);
  // Leading zeros are not allowed in a UID component; BigInt's decimal form has none (and 0 is vanishingly unlikely).
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}

export function isValidUid(uid: string): boolean {
  return uid.length <= 64 && /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(uid);
}
