/** A resolved component with the loader's defaults, for tests that build pipelines in code. */
import type {ResolvedComponent} from '../../src/config/model.js';

export function resolvedComponent(id: string, overrides: Partial<ResolvedComponent> = {}): ResolvedComponent {
  return {
    id,
    kind: 'processor',
    type: undefined,
    image: undefined,
    command: ['node', '-e', ''],
    workingDir: process.cwd(),
    env: {},
    inputs: [],
    dependsOn: [],
    healthCheck: undefined,
    healthPort: undefined,
    ports: [],
    restart: {policy: 'no', maxRestarts: undefined, backoff: {initialMs: 1000, maxMs: 30_000, multiplier: 2, resetAfterMs: 60_000}},
    stopSignal: 'SIGTERM',
    stopGracePeriodMs: 10_000,
    logging: {level: undefined, format: 'auto', multiline: {enabled: true, windowMs: 100}},
    replicas: undefined,
    inputEventTypes: [],
    outputEventTypes: [],
    volumes: [],
    secrets: [],
    resources: undefined,
    config: {},
    ...overrides,
  };
}
