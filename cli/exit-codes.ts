// Exit codes scripts can rely on (documented in `bench --help` and the README).
export const EXIT = {
  ok: 0,
  /** A job failed while running, or a gate failed. */
  failure: 1,
  /** Bad input: invalid spec, missing file, bad flag. Nothing ran. */
  badInput: 2,
  interrupted: 130,
} as const;

/** An error that means the user's input is wrong (exit 2), as opposed to a failure while running (exit 1). */
export class UsageError extends Error {}
