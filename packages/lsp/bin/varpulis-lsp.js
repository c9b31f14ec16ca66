#!/usr/bin/env node
// The VPL language server. Transport from the arguments, as LSP clients pass them: --stdio, --node-ipc, --socket=PORT.
import { main } from '../out/main.js';

main(process.argv.slice(2));
