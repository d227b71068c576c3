#!/usr/bin/env node
// The `tocsin` command: registers tsx's loader, then hands over to the CLI wired in src/main.ts.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
