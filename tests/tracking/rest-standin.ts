// An in-process stand-in for an MLflow tracking server (node:http on 127.0.0.1, port 0) serving the
// endpoints the REST client uses (artifact listing and downloads included), with switches to require credentials, to answer 503 or drop
// connections (an outage), to lose one answer after handling the request, and to stop and restart
// on the same port with its state kept (a server restart).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MlflowApiError, StandinStore, type StandinStoreOptions } from './rest-standin-store.ts';
import { downloadArtifact, listArtifacts } from './rest-standin-artifacts.ts';

export type OutageMode = 'none' | '503' | 'drop';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: Buffer;
}

export interface StandinOptions extends StandinStoreOptions {
  /** Require exactly this Authorization header value (e.g. 'Bearer t0ken'); 401 otherwise. */
  requireAuthorization?: string;
}

const API = '/api/2.0/mlflow';
const ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts/';

type Handler = (req: RecordedRequest, json: Record<string, unknown>) => Record<string, unknown>;
/** A JSON answer, or the raw bytes of a downloaded artifact. */
type Answer = Record<string, unknown> | Buffer;

export class MlflowStandin {
  readonly store: StandinStore;
  readonly requests: RecordedRequest[] = [];
  outage: OutageMode = 'none';
  private server: Server | undefined;
  private port = 0;
  /** Paths whose next request is handled and then answered by a dropped connection. */
  private readonly loseAnswerOnce = new Set<string>();
  private readonly routes: Record<string, Handler>;

  constructor(private readonly options: StandinOptions = {}) {
    this.store = new StandinStore(options);
    const s = this.store;
    this.routes = {
      [`GET ${API}/experiments/get-by-name`]: (r) => s.getExperimentByName(r.query),
      [`POST ${API}/experiments/create`]: (_r, j) => s.createExperiment(j),
      [`POST ${API}/runs/create`]: (_r, j) => s.createRun(j),
      [`POST ${API}/runs/update`]: (_r, j) => s.updateRun(j),
      [`POST ${API}/runs/log-batch`]: (r, j) => s.logBatch(j, r.body.length),
      [`GET ${API}/runs/get`]: (r) => s.getRun(r.query),
      [`POST ${API}/runs/search`]: (_r, j) => s.searchRuns(j),
      [`GET ${API}/metrics/get-history`]: (r) => s.getMetricHistory(r.query),
      [`GET ${API}/artifacts/list`]: (r) => listArtifacts(s, r.query),
    };
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts listening (again on the same port after `stop`). */
  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Like killing the server: refuses new connections and cuts open ones. State is kept. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  loseNextAnswer(path: string): void {
    this.loseAnswerOnce.add(path);
  }

  count(method: string, pathEnd: string): number {
    return this.requests.filter((r) => r.method === method && r.path.endsWith(pathEnd)).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.outage === 'drop') {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://standin');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      authorization: req.headers.authorization,
      body: Buffer.concat(chunks),
    };
    this.requests.push(recorded);
    if (this.outage === '503') return send(res, 503, { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'Service unavailable (stand-in outage).' });
    const required = this.options.requireAuthorization;
    if (required !== undefined && recorded.authorization !== required) {
      return send(res, 401, { error_code: 'UNAUTHENTICATED', message: 'You are not authenticated. Please provide valid credentials.' });
    }
    let status = 200;
    let answer: Answer;
    try {
      answer = this.dispatch(recorded, url.pathname);
    } catch (error) {
      const known = error instanceof MlflowApiError;
      status = known ? error.status : 500;
      answer = { error_code: known ? error.errorCode : 'INTERNAL_ERROR', message: (error as Error).message };
    }
    if (this.loseAnswerOnce.delete(recorded.path)) {
      req.socket.destroy();
      return;
    }
    send(res, status, answer);
  }

  private dispatch(req: RecordedRequest, rawPath: string): Answer {
    if (rawPath.startsWith(ARTIFACTS) && req.method === 'PUT') {
      return this.store.putArtifact(req.path.slice(ARTIFACTS.length), req.body);
    }
    if (rawPath.startsWith(ARTIFACTS) && req.method === 'GET') return downloadArtifact(this.store, req.path.slice(ARTIFACTS.length));
    const route = this.routes[`${req.method} ${req.path}`];
    if (route === undefined) throw new MlflowApiError(404, 'ENDPOINT_NOT_FOUND', `No endpoint ${req.method} ${req.path}`);
    let json: Record<string, unknown> = {};
    if (req.method === 'POST') {
      try {
        json = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
      } catch {
        throw new MlflowApiError(400, 'MALFORMED_REQUEST', 'Request body is not valid JSON.');
      }
    }
    return route(req, json);
  }
}

function send(res: ServerResponse, status: number, body: Answer): void {
  if (Buffer.isBuffer(body)) {
    res.writeHead(status, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
    res.end(body);
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startStandin(options: StandinOptions = {}): Promise<MlflowStandin> {
  return new MlflowStandin(options).start();
}
