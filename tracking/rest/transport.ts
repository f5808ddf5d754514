// HTTP calls to an MLflow tracking server over the global fetch: JSON in and out, auth header,
// retries with exponential backoff on connection errors and transient statuses, and errors mapped
// to TrackingError. GET requests carry their fields as query parameters, as MLflow's client does.
import { TrackingError } from '../errors.ts';
import { authorizationHeader, describeCredentials, type Credentials } from './auth.ts';
import { errorFromResponse } from './http-errors.ts';
import { backoffDelay, TRANSIENT_HTTP_STATUSES, type RetryPolicy } from './retry.ts';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  credentials: Credentials;
  retry: RetryPolicy;
  fetch: FetchLike;
  /** Per attempt; MLflow's client defaults to 120 s (MLFLOW_HTTP_REQUEST_TIMEOUT). */
  timeoutMs: number;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Absolute path below the server URL, e.g. '/api/2.0/mlflow/runs/create'. */
  path: string;
  /** Another server to send this request to (an artifact URI naming its own host); defaults to the tracking server. */
  origin?: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  body?: Uint8Array;
  /** false: a single attempt, for calls whose retry the caller makes safe itself (runs/create). */
  retry?: boolean;
}

type Attempt<T> = { kind: 'ok'; value: T } | { kind: 'transient'; error: TrackingError };

/** How a successful answer's body is read: as a JSON object (API calls) or raw bytes (artifact downloads). */
type BodyReader<T> = (response: Response, where: string) => Promise<T>;

const readJsonObject: BodyReader<Record<string, unknown>> = async (response, where) => parseJsonObject(await response.text(), where);
const readBytes: BodyReader<Uint8Array> = async (response) => new Uint8Array(await response.arrayBuffer());

/** Checks and normalises a tracking URI: http(s), no credentials in it, no trailing slash. */
export function normalizeServerUrl(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri.trim());
  } catch {
    throw new TrackingError('INVALID_VALUE', `Tracking URI '${uri}' is not a valid http(s) URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TrackingError('INVALID_VALUE', `Tracking URI '${url.protocol}//…' is not http(s).`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new TrackingError(
      'INVALID_VALUE',
      `Tracking URI for ${url.host} contains credentials; put them in MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD ` +
        '(or MLFLOW_TRACKING_TOKEN) instead, so they are never written to logs or spool files.',
    );
  }
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

export class HttpTransport {
  constructor(
    readonly serverUrl: string,
    private readonly options: TransportOptions,
  ) {}

  get retryPolicy(): RetryPolicy {
    return this.options.retry;
  }

  async request(req: HttpRequest): Promise<Record<string, unknown>> {
    return this.send(req, readJsonObject);
  }

  /** The raw body of a successful answer (an artifact download); errors as for `request`. */
  async requestBytes(req: HttpRequest): Promise<Uint8Array> {
    return this.send(req, readBytes);
  }

  private async send<T>(req: HttpRequest, read: BodyReader<T>): Promise<T> {
    const maxRetries = req.retry === false ? 0 : this.options.retry.maxRetries;
    let last: TrackingError | undefined;
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      if (attempt > 0) await this.options.retry.sleep(backoffDelay(this.options.retry, attempt - 1));
      const outcome = await this.attempt(req, read);
      if (outcome.kind === 'ok') return outcome.value;
      last = outcome.error;
    }
    const tries = maxRetries + 1;
    throw new TrackingError('UNAVAILABLE', `${last?.message ?? 'request failed'} (gave up after ${tries} attempt${tries === 1 ? '' : 's'}).`, {
      cause: last,
      mlflowErrorCode: last?.mlflowErrorCode,
      httpStatus: last?.httpStatus,
    });
  }

  private where(req: HttpRequest): string {
    return `${req.method} ${req.path} on ${req.origin ?? this.serverUrl}`;
  }

  private async attempt<T>(req: HttpRequest, read: BodyReader<T>): Promise<Attempt<T>> {
    const where = this.where(req);
    let response: Response;
    let body: T | undefined;
    let text = '';
    try {
      response = await this.options.fetch(this.url(req), this.init(req));
      if (response.ok) body = await read(response, where);
      else text = await response.text();
    } catch (error) {
      if (error instanceof TrackingError) throw error;
      const reason = (error as { cause?: { code?: string; message?: string } }).cause;
      const detail = reason?.code ?? reason?.message ?? (error as Error).message;
      return { kind: 'transient', error: new TrackingError('UNAVAILABLE', `MLflow ${where}: cannot reach the server (${detail})`, { cause: error }) };
    }
    if (response.ok) return { kind: 'ok', value: body as T };
    if (TRANSIENT_HTTP_STATUSES.has(response.status)) {
      return { kind: 'transient', error: errorFromResponse(response.status, text, where, 'UNAVAILABLE') };
    }
    const error = errorFromResponse(response.status, text, where);
    if (error.code === 'UNAUTHORIZED') {
      throw new TrackingError('UNAUTHORIZED', `${error.message} — sent ${describeCredentials(this.options.credentials)}.`, {
        mlflowErrorCode: error.mlflowErrorCode,
        httpStatus: error.httpStatus,
      });
    }
    throw error;
  }

  private url(req: HttpRequest): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(req.query ?? {})) if (value !== undefined) params.set(key, String(value));
    const query = params.toString();
    return `${req.origin ?? this.serverUrl}${req.path}${query === '' ? '' : `?${query}`}`;
  }

  private init(req: HttpRequest): RequestInit {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const auth = authorizationHeader(this.options.credentials);
    if (auth !== undefined) headers.Authorization = auth;
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (req.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.body !== undefined) {
      headers['Content-Type'] = 'application/octet-stream';
      body = new Uint8Array(req.body); // a copy backed by a plain ArrayBuffer, as BodyInit wants
    }
    return { method: req.method, headers, body, signal: AbortSignal.timeout(this.options.timeoutMs) };
  }
}

function parseJsonObject(text: string, where: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new TrackingError('REMOTE_ERROR', `MLflow ${where} answered with something other than a JSON object: '${text.slice(0, 120)}'.`);
}
