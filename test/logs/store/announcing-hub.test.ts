import {describe, expect, it} from 'vitest';
import {Hub} from '../../../src/logs/hub.js';
import {Ring} from '../../../src/logs/ring.js';
import {announcingTo} from '../../../src/logs/store/announcing-hub.js';
import {entry} from './helpers.js';

function publishable(message: string) {
  const {seq: _seq, runId: _runId, ...rest} = entry({message});
  return rest;
}

describe('announcingTo', () => {
  it('tells the store the last published seq on each publish, synchronously, and is the hub otherwise', () => {
    const hub = new Hub({ring: new Ring({maxEntries: 100, maxBytes: 1 << 20}), runId: 'run'});
    const told: number[] = [];
    const producerHub = announcingTo({published: (seq) => told.push(seq)}, hub);
    const received: number[] = [];
    producerHub.subscribe({name: 't'}, (batch) => {
      received.push(...batch.map((e) => e.seq));
    });
    producerHub.publish([publishable('a'), publishable('b')]);
    expect(told).toEqual([2]);
    producerHub.publish([]);
    producerHub.publish([publishable('c')]);
    expect(told).toEqual([2, 3]);
    expect(producerHub.nextSeq).toBe(4);
    expect(producerHub.runId).toBe('run');
    expect(producerHub.ring.size).toBe(3);
    hub.countDropped(5);
    expect(producerHub.droppedTotal).toBe(5);
  });
});
