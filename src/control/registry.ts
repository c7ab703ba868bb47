/**
 * Components that registered through the control plane (legacy `Register`, v1
 * `RegisterComponent`) and their last heartbeat. Both services share this registry, so a
 * component shows up once whichever generation of the SDK it uses.
 *
 * Service ids follow flowctl: the request's component id, else the service/component id it
 * sent, else `<type>-<unix nanos>`. Heartbeats are keyed by service id and attributed to the
 * component id the service registered with (or the service id itself if it never registered:
 * flowctl accepts heartbeats from components that did not register).
 */

/** What the supervisor / `up` reads to show heartbeat metrics in component status. */
export interface HeartbeatSource {
  /** Last heartbeat of a pipeline component (by component id), with metrics rendered as text. */
  heartbeatOf(componentId: string): {at: number; metrics: Record<string, string>} | undefined;
  /** Called after every heartbeat or registration; returns an unsubscribe function. */
  onChange(listener: (componentId: string) => void): () => void;
}

export type RegisteredHealth = 'starting' | 'healthy' | 'degraded' | 'unhealthy' | 'stopping' | 'unknown';

export interface RegisteredService {
  serviceId: string;
  componentId: string;
  /** `source`, `processor`, `sink`, `consumer`, `pipeline` or `` (unspecified). */
  type: string;
  registeredAt: number;
  lastSeen: number;
  /** Health the component reported (v1) or `healthy` while heartbeats arrive (legacy). */
  reported: RegisteredHealth;
  metrics: Record<string, string>;
  /** Set only once a heartbeat arrived. */
  lastHeartbeat: number | undefined;
  inputEventTypes: string[];
  outputEventTypes: string[];
  endpoint: string;
  metadata: Record<string, string>;
  name: string;
  description: string;
  version: string;
  /** Legacy services report `map<string,double>` metrics; kept for ListServices. */
  numericMetrics: Record<string, number>;
}

export interface RegistryOptions {
  now?: () => number;
  /** A service not seen for this long is unhealthy (flowctl's `--heartbeat-ttl`, 30 s). */
  heartbeatTtlMs?: number;
}

export type RegistrationInput = Partial<Omit<RegisteredService, 'registeredAt' | 'lastSeen' | 'lastHeartbeat'>> & {
  /** Type prefix for generated ids. */
  type: string;
};

export class ComponentRegistry implements HeartbeatSource {
  readonly #services = new Map<string, RegisteredService>();
  readonly #listeners = new Set<(componentId: string) => void>();
  readonly #now: () => number;
  readonly heartbeatTtlMs: number;

  constructor(options: RegistryOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.heartbeatTtlMs = options.heartbeatTtlMs ?? 30_000;
  }

  /** Registers (or re-registers) a service and returns its record. */
  register(input: RegistrationInput): RegisteredService {
    const now = this.#now();
    const serviceId = nonEmpty(input.componentId) ?? nonEmpty(input.serviceId) ?? `${input.type || 'service'}-${now * 1_000_000}`;
    const previous = this.#services.get(serviceId);
    const service: RegisteredService = {
      serviceId,
      componentId: nonEmpty(input.componentId) ?? serviceId,
      type: input.type,
      registeredAt: previous?.registeredAt ?? now,
      lastSeen: now,
      reported: input.reported ?? 'healthy',
      metrics: previous?.metrics ?? {},
      numericMetrics: previous?.numericMetrics ?? {},
      lastHeartbeat: previous?.lastHeartbeat,
      inputEventTypes: input.inputEventTypes ?? [],
      outputEventTypes: input.outputEventTypes ?? [],
      endpoint: input.endpoint ?? '',
      metadata: input.metadata ?? {},
      name: input.name ?? '',
      description: input.description ?? '',
      version: input.version ?? '',
    };
    this.#services.set(serviceId, service);
    this.#emit(service.componentId);
    return service;
  }

  /** Records a heartbeat; an unknown service id is registered implicitly (as flowctl does). */
  heartbeat(serviceId: string, beat: {metrics: Record<string, string>; numeric?: Record<string, number>; reported?: RegisteredHealth}): RegisteredService {
    const now = this.#now();
    const service = this.#services.get(serviceId) ?? this.register({serviceId, type: ''});
    service.lastSeen = now;
    service.lastHeartbeat = now;
    service.metrics = {...beat.metrics};
    if (beat.numeric) service.numericMetrics = {...beat.numeric};
    if (beat.reported) service.reported = beat.reported;
    this.#emit(service.componentId);
    return service;
  }

  unregister(serviceId: string): boolean {
    const service = this.#services.get(serviceId);
    if (!service) return false;
    this.#services.delete(serviceId);
    this.#emit(service.componentId);
    return true;
  }

  get(serviceId: string): RegisteredService | undefined {
    return this.#services.get(serviceId);
  }

  list(): RegisteredService[] {
    return [...this.#services.values()];
  }

  /** Health as flowctl's janitor would see it: unhealthy once heartbeats stopped for the TTL. */
  healthOf(service: RegisteredService): RegisteredHealth {
    if (this.#now() - service.lastSeen > this.heartbeatTtlMs) return 'unhealthy';
    return service.reported;
  }

  /** The registered service of a component, newest heartbeat first. */
  byComponent(componentId: string): RegisteredService | undefined {
    let best: RegisteredService | undefined;
    for (const service of this.#services.values()) {
      if (service.componentId !== componentId) continue;
      if (!best || (service.lastHeartbeat ?? 0) > (best.lastHeartbeat ?? 0)) best = service;
    }
    return best;
  }

  heartbeatOf(componentId: string): {at: number; metrics: Record<string, string>} | undefined {
    const service = this.byComponent(componentId);
    if (service?.lastHeartbeat === undefined) return undefined;
    return {at: service.lastHeartbeat, metrics: {...service.metrics}};
  }

  onChange(listener: (componentId: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(componentId: string): void {
    for (const listener of this.#listeners) listener(componentId);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
