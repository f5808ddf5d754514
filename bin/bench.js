#!/usr/bin/env node
// Entry point of the `bench` binary: registers tsx so the TypeScript sources (and users' .ts specs) load
// without a build step, then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
