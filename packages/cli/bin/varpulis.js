#!/usr/bin/env node
// Node's on-disk compile cache (Node >= 22.1; in the OS temporary directory unless NODE_COMPILE_CACHE names another,
// off with NODE_DISABLE_COMPILE_CACHE=1): later runs skip compiling the CLI's modules. Enabled before they load.
import module from 'node:module';

module.enableCompileCache?.();
const { main } = await import('../out/main.js');

process.exitCode = await main(process.argv.slice(2));
