// Where to PUT or GET a run's artifact through the tracking server's artifact proxy (`mlflow server
// --serve-artifacts`, the default since MLflow 2): a run's artifact_uri "mlflow-artifacts:/<exp>/<run>/artifacts"
// maps to <server>/api/2.0/mlflow-artifacts/artifacts/<exp>/<run>/artifacts/<path>, as
// mlflow/store/artifact/mlflow_artifacts_repo.py resolves it (a host in the URI replaces the server's).
import { TrackingError } from '../errors.ts';
import { posixNormpath } from '../names.ts';

export const ARTIFACT_PROXY_PREFIX = '/api/2.0/mlflow-artifacts/artifacts';

export function checkArtifactPath(relativePath: string): string {
  if (typeof relativePath !== 'string' || relativePath === '' || relativePath.startsWith('/') || /^[A-Za-z]:[\\/]/.test(relativePath)) {
    throw new TrackingError('INVALID_KEY', `Artifact path '${relativePath}' must be a relative path inside the run's artifact folder.`);
  }
  const normalized = posixNormpath(relativePath.replaceAll('\\', '/'));
  if (normalized === '.' || normalized === '..' || normalized.startsWith('../')) {
    throw new TrackingError('INVALID_KEY', `Artifact path '${relativePath}' must be a relative path inside the run's artifact folder.`);
  }
  return normalized;
}

function encodePath(path: string): string {
  return path.split('/').filter((s) => s !== '').map(encodeURIComponent).join('/');
}

export interface ArtifactTarget {
  /** Server URL (with any path prefix) the request goes to. */
  origin: string;
  path: string;
}

/** Where to PUT (upload) or GET (download) the artifact, or NOT_SUPPORTED when the run stores artifacts elsewhere (s3:, file:, …). */
export function artifactUploadTarget(serverUrl: string, artifactUri: string, relativePath: string): ArtifactTarget {
  const path = checkArtifactPath(relativePath);
  const match = /^mlflow-artifacts:(?:\/\/([^/]+))?(\/.*)?$/.exec(artifactUri);
  if (match === null) {
    throw new TrackingError(
      'NOT_SUPPORTED',
      `The run's artifact location '${artifactUri}' is not served by the tracking server; start it with ` +
        "'mlflow server --serve-artifacts' (the default) so artifacts can be uploaded through it.",
    );
  }
  const server = new URL(serverUrl);
  const origin = match[1] === undefined ? serverUrl : `${server.protocol}//${match[1]}`;
  const root = encodePath(match[2] ?? '');
  return { origin, path: `${ARTIFACT_PROXY_PREFIX}/${root === '' ? '' : `${root}/`}${encodePath(path)}` };
}
