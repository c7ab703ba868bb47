import {describe, expect, it} from 'vitest';
import {didYouMean, editDistance} from '../../src/config/did-you-mean.js';

const KEYS = ['id', 'type', 'image', 'command', 'args', 'env', 'env_file', 'working_dir', 'inputs', 'depends_on', 'health_check', 'health_port', 'ports', 'restart_policy', 'stop_signal'];

describe('didYouMean', () => {
  it.each([
    ['comand', 'command'],
    ['commnad', 'command'],
    ['healthCheck', 'health_check'],
    ['health-port', 'health_port'],
    ['depend_on', 'depends_on'],
    ['environment', 'env'],
    ['cwd', 'working_dir'],
    ['restart', 'restart_policy'],
    ['name', 'id'],
    ['input', 'inputs'],
  ])('%s → %s', (typo, suggestion) => {
    expect(didYouMean(typo, KEYS)).toBe(suggestion);
  });

  it('a shortened spelling finds its full form', () => {
    expect(didYouMean('TERM', ['SIGTERM', 'SIGINT'])).toBe('SIGTERM');
  });

  it('suggests nothing when nothing is close', () => {
    expect(didYouMean('banana', KEYS)).toBeUndefined();
    expect(didYouMean('xy', KEYS)).toBeUndefined();
    expect(didYouMean('anything', [])).toBeUndefined();
  });

  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
