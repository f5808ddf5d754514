// Credentials for an MLflow tracking server, read from the environment variables MLflow's own client
// uses (mlflow/utils/rest_utils.py http_request): username + password → Basic, else token → Bearer.
// The secret only ever goes into the Authorization header; nothing here formats it into text.
import { TrackingError } from '../errors.ts';

export type TrackingEnv = Readonly<Record<string, string | undefined>>;

export type Credentials =
  | { kind: 'none' }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'bearer'; token: string };

export function credentialsFromEnv(env: TrackingEnv): Credentials {
  const username = env.MLFLOW_TRACKING_USERNAME ?? '';
  const password = env.MLFLOW_TRACKING_PASSWORD ?? '';
  const token = env.MLFLOW_TRACKING_TOKEN ?? '';
  // Same precedence as MLflow: a complete username/password pair wins over a token.
  if (username !== '' && password !== '') return { kind: 'basic', username, password };
  if (token !== '') return { kind: 'bearer', token };
  if (username !== '' || password !== '') {
    throw new TrackingError(
      'INVALID_VALUE',
      `MLFLOW_TRACKING_${username === '' ? 'USERNAME' : 'PASSWORD'} is not set, but MLFLOW_TRACKING_${username === '' ? 'PASSWORD' : 'USERNAME'} is: ` +
        'basic authentication needs both.',
    );
  }
  return { kind: 'none' };
}

export function authorizationHeader(credentials: Credentials): string | undefined {
  switch (credentials.kind) {
    case 'basic':
      return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
    case 'bearer':
      return `Bearer ${credentials.token}`;
    case 'none':
      return undefined;
  }
}

/** For messages: which kind of credentials were sent, never their value. */
export function describeCredentials(credentials: Credentials): string {
  switch (credentials.kind) {
    case 'basic':
      return `basic auth as user '${credentials.username}' (MLFLOW_TRACKING_USERNAME/PASSWORD)`;
    case 'bearer':
      return 'a bearer token (MLFLOW_TRACKING_TOKEN)';
    case 'none':
      return 'no credentials (set MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN)';
  }
}
