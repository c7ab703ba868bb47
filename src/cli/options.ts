import {InvalidArgumentError} from 'commander';

/** Commander argument parser for TCP ports: 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a port: use 0 (any free port) or 1-65535.`);
  }
  return port;
}
