// Reads runs back from an MLflow tracking server: runs/get, metrics/get-history, artifacts/list, and
// artifact downloads through the artifact proxy (GET on the URL an upload PUTs to).
import { isTrackingError } from '../errors.ts';
import { validateRunId } from '../names.ts';
import type { ArtifactEntry, RunSnapshot, StoredMetricPoint, TrackingReader } from '../reader.ts';
import { runSnapshot } from '../run-snapshot.ts';
import { MlflowRestClient, type MlflowRestClientOptions } from './client.ts';
import { checkArtifactPath } from './artifact-url.ts';

export class RestReader implements TrackingReader {
  readonly client: MlflowRestClient;

  constructor(trackingUri: string, options: MlflowRestClientOptions = {}) {
    this.client = new MlflowRestClient(trackingUri, options);
  }

  describe(): string {
    return `MLflow tracking server at ${this.client.serverUrl}`;
  }

  async getRun(runId: string): Promise<RunSnapshot | undefined> {
    validateRunId(runId);
    let run;
    try {
      run = await this.client.getRun(runId);
    } catch (error) {
      if (isTrackingError(error) && (error.mlflowErrorCode === 'RESOURCE_DOES_NOT_EXIST' || error.code === 'NOT_FOUND')) return undefined;
      throw error;
    }
    return runSnapshot(run.info, { params: run.params, tags: run.tags, metricKeys: Object.keys(run.latestMetrics).sort() });
  }

  getMetricHistory(runId: string, key: string): Promise<StoredMetricPoint[]> {
    return this.client.getMetricHistory(runId, key);
  }

  async listArtifacts(runId: string, path?: string): Promise<ArtifactEntry[]> {
    const entries = await this.client.listArtifacts(runId, path === undefined || path === '' ? undefined : checkArtifactPath(path));
    return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Listed first, so a missing file is undefined whatever error a server gives for downloading one. */
  async readArtifact(runId: string, path: string): Promise<Uint8Array | undefined> {
    const normalized = checkArtifactPath(path);
    const slash = normalized.lastIndexOf('/');
    const siblings = await this.client.listArtifacts(runId, slash === -1 ? undefined : normalized.slice(0, slash));
    if (!siblings.some((entry) => entry.path === normalized && !entry.isDir)) return undefined;
    const run = await this.client.getRun(runId);
    return this.client.downloadArtifact(run.info.artifactUri, normalized);
  }
}
