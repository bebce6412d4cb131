/** A line for the person at the terminal (a command's result), not a log record. */
export const print = (line: string) => process.stdout.write(`${line}\n`);

/** Exit codes of every command. */
export const EXIT = {
  ok: 0,
  /** The command could not do what was asked (not found, refused, source unreachable, sync failed). */
  failed: 1,
  /** The command line itself is wrong: unknown command or option, missing or malformed argument. */
  usage: 2,
} as const;

/** A failure the operator can act on: its message is printed alone, without a stack. */
export class CliFailure extends Error {
  override name = 'CliFailure';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}
