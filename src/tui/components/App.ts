/**
 * The root: draws the frame the controller computes, re-rendering only when its version
 * moved, and hands every key to the controller. One resize listener for the whole UI.
 */
import {Box, Text, useInput, useStdout} from '../ink.js';
import {createElement, useEffect, useMemo, useSyncExternalStore} from 'react';
import type {TuiController} from '../controller.js';
import {measureDraw} from '../draw-cost.js';
import {drawFrame} from '../frame.js';

export interface AppProps {
  controller: TuiController;
}

export function App({controller}: AppProps): React.JSX.Element {
  const version = useSyncExternalStore(controller.subscribe, controller.getVersion);
  const {stdout} = useStdout();
  useInput(controller.handleInput);
  useEffect(() => {
    const onResize = (): void => controller.resize(stdout.columns || 80, stdout.rows || 24);
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [controller, stdout]);
  // The version is the real dependency: the controller is mutable and draws its current state.
  const lines = useMemo(() => measureDraw(controller, () => drawFrame(controller)), [controller, version]);
  // Rows are keyed by position: the screen is a fixed grid, not a list of items. Plain
  // `createElement` (no JSX) so the sources also run under a type-stripping loader.
  return createElement(
    Box,
    {flexDirection: 'column', height: lines.length},
    lines.map((line, index) => createElement(Text, {key: index, wrap: 'truncate-end'}, line === '' ? ' ' : line)),
  );
}
