import 'reflect-metadata';
import { runCli } from './cli/program';

// One binary, several roles: `node dist/src/main.js --help` lists the commands (src/cli/program.ts).
void runCli(process.argv.slice(2));
