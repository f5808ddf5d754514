// Artifact upload URLs through MLflow's artifact proxy, derived from a run's artifact_uri as
// mlflow_artifacts_repo.py resolves them, and the paths that are refused.
import { describe, expect, it } from 'vitest';
import { artifactUploadTarget } from '../../tracking/rest/artifact-url.ts';

describe('artifactUploadTarget', () => {
  const server = 'http://127.0.0.1:5000';

  it('puts mlflow-artifacts:/ paths under the tracking server', () => {
    expect(artifactUploadTarget(server, 'mlflow-artifacts:/7/abc/artifacts', 'figures/roc curve.svg')).toEqual({
      origin: server,
      path: '/api/2.0/mlflow-artifacts/artifacts/7/abc/artifacts/figures/roc%20curve.svg',
    });
    expect(artifactUploadTarget('https://host/mlflow', 'mlflow-artifacts:/7/abc/artifacts', 'a.txt')).toEqual({
      origin: 'https://host/mlflow',
      path: '/api/2.0/mlflow-artifacts/artifacts/7/abc/artifacts/a.txt',
    });
  });

  it('uses the host named in the URI, with the tracking server scheme', () => {
    expect(artifactUploadTarget('https://track:443', 'mlflow-artifacts://store:8080/x/1/artifacts', 'b/c.json')).toEqual({
      origin: 'https://store:8080',
      path: '/api/2.0/mlflow-artifacts/artifacts/x/1/artifacts/b/c.json',
    });
  });

  it('refuses paths outside the run and artifact stores the proxy does not serve', () => {
    for (const bad of ['', '/etc/passwd', '../x', 'a/../../x', 'C:\\x']) {
      expect(() => artifactUploadTarget(server, 'mlflow-artifacts:/1/r/artifacts', bad), bad).toThrow(/relative path inside/);
    }
    expect(artifactUploadTarget(server, 'mlflow-artifacts:/1/r/artifacts', 'a/./b//c').path).toBe('/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/a/b/c');
    expect(() => artifactUploadTarget(server, 's3://bucket/1/r/artifacts', 'a')).toThrow(/--serve-artifacts/);
  });
});
