// The one error type the tracking layer throws, with a code a caller can branch on instead of parsing
// messages; errors from an MLflow server also keep the server's `error_code` and HTTP status.

export type TrackingErrorCode =
  | 'INVALID_KEY'
  | 'VALUE_TOO_LONG'
  | 'INVALID_VALUE'
  | 'PARAM_CHANGED'
  | 'NOT_FOUND'
  | 'DELETED'
  | 'CONFLICT'
  | 'NOT_SUPPORTED'
  | 'CORRUPT_STORE'
  /** The tracking server could not be reached, or kept answering 5xx/429, after all retries. */
  | 'UNAVAILABLE'
  /** The server refused the credentials (HTTP 401/403). */
  | 'UNAUTHORIZED'
  /** Any other error answer from the server; see `mlflowErrorCode`. */
  | 'REMOTE_ERROR';

export interface TrackingErrorOptions {
  cause?: unknown;
  /** MLflow's `error_code` (e.g. 'RESOURCE_DOES_NOT_EXIST') when the error came from a server. */
  mlflowErrorCode?: string;
  httpStatus?: number;
}

export class TrackingError extends Error {
  readonly code: TrackingErrorCode;
  readonly mlflowErrorCode: string | undefined;
  readonly httpStatus: number | undefined;

  constructor(code: TrackingErrorCode, message: string, options: TrackingErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TrackingError';
    this.code = code;
    this.mlflowErrorCode = options.mlflowErrorCode;
    this.httpStatus = options.httpStatus;
  }
}

export function isTrackingError(error: unknown, code?: TrackingErrorCode): error is TrackingError {
  return error instanceof TrackingError && (code === undefined || error.code === code);
}
