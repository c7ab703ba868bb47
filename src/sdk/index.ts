/** The SDK: `Client` → `Pipeline` → logs, status and actions. */
export {Client, type ClientOptions} from './client.js';
export {Pipeline} from './pipeline.js';
export {FlowctlError, type FlowctlErrorCode} from './errors.js';
export type * from './types.js';
