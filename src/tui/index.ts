/** The terminal UI's public surface: `runTui` and the two data sources. */
export {runTui, DEFAULT_MAX_FPS, type FrameInfo, type RunTuiOptions, type TuiResult} from './run.js';
export {createLocalTuiSource, type LocalTuiSourceOptions} from './local-source.js';
export type {TuiSource} from './source.js';
