/**
 * The one place flowctl imports Ink (lint forbids it elsewhere), so that `hide-ci-env` is
 * evaluated before Ink is. ES modules evaluate their imports in source order: keep it first.
 */
import {restoreCiEnv} from './ink/hide-ci-env.js';
import {Box, Text, render, useInput, useStdout} from 'ink';

restoreCiEnv();

export {Box, Text, render, useInput, useStdout};
export type {Key} from 'ink';
