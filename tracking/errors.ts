// The one error type the tracking layer throws, with a code a caller (or a REST client mapping MLflow's
// `error_code`) can branch on instead of parsing messages.

export type TrackingErrorCode =
  | 'INVALID_KEY'
  | 'VALUE_TOO_LONG'
  | 'INVALID_VALUE'
  | 'PARAM_CHANGED'
  | 'NOT_FOUND'
  | 'DELETED'
  | 'CONFLICT'
  | 'NOT_SUPPORTED'
  | 'CORRUPT_STORE';

export class TrackingError extends Error {
  readonly code: TrackingErrorCode;

  constructor(code: TrackingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrackingError';
    this.code = code;
  }
}
