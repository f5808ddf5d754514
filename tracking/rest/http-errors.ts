// Turns an MLflow error answer (`{"error_code": …, "message": …}` with an HTTP status, see
// mlflow/protos/databricks.proto ErrorCode) into a TrackingError with a code callers can branch on.
import { TrackingError, type TrackingErrorCode } from '../errors.ts';

const CODE_FOR_MLFLOW_ERROR: Readonly<Record<string, TrackingErrorCode>> = {
  RESOURCE_DOES_NOT_EXIST: 'NOT_FOUND',
  RESOURCE_ALREADY_EXISTS: 'CONFLICT',
  INVALID_PARAMETER_VALUE: 'INVALID_VALUE',
  INVALID_STATE: 'INVALID_VALUE',
  BAD_REQUEST: 'INVALID_VALUE',
  ENDPOINT_NOT_FOUND: 'NOT_SUPPORTED',
  PERMISSION_DENIED: 'UNAUTHORIZED',
  UNAUTHENTICATED: 'UNAUTHORIZED',
};

/** The error code and message of an MLflow error body, if the body is one. */
export function parseErrorBody(text: string): { errorCode?: string; message?: string } {
  try {
    const body: unknown = JSON.parse(text);
    if (body === null || typeof body !== 'object') return {};
    const { error_code: errorCode, message } = body as Record<string, unknown>;
    return {
      errorCode: typeof errorCode === 'string' ? errorCode : undefined,
      message: typeof message === 'string' ? message : undefined,
    };
  } catch {
    return {};
  }
}

function firstLine(text: string, max = 300): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** `where` is "POST /api/2.0/mlflow/runs/create on http://host:5000" — never with credentials. */
export function errorFromResponse(status: number, text: string, where: string, code?: TrackingErrorCode): TrackingError {
  const { errorCode, message } = parseErrorBody(text);
  const mapped = code ?? (status === 401 || status === 403 ? 'UNAUTHORIZED' : CODE_FOR_MLFLOW_ERROR[errorCode ?? ''] ?? 'REMOTE_ERROR');
  const detail = errorCode !== undefined ? `${errorCode}: ${message ?? ''}` : `HTTP ${status}: ${firstLine(text) || '(empty body)'}`;
  return new TrackingError(mapped, `MLflow ${where} failed with ${detail}`, { mlflowErrorCode: errorCode, httpStatus: status });
}
