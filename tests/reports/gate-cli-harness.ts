// Runs one `bench compare` / `bench gate` command in-process for the gate and compare tests, capturing stdout
// and stderr and the exit code the command set (a UsageError, exit 2, rejects instead).
import { Command } from 'commander';

export interface BenchOutcome {
  code: number | undefined;
  out: string;
  err: string;
}

export async function bench(register: (program: Command) => void, args: string[]): Promise<BenchOutcome> {
  const program = new Command().exitOverride();
  register(program);
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => (out.push(chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => (err.push(chunk), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  process.exitCode = undefined;
  return { code, out: out.join(''), err: err.join('') };
}
