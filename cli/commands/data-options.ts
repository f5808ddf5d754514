// Flag parsing shared by the `bench data` subcommands: positive integers, and a task id that must be registered.
import { getTask } from '../../benchmarks/tasks/registry.ts';
import type { TaskDefinition } from '../../benchmarks/tasks/task.ts';
import { UsageError } from '../exit-codes.ts';

export function integerFlag(name: string, min: number): (text: string) => number {
  return (text: string) => {
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || value < min) throw new UsageError(`${name} expects an integer ≥ ${min} (got "${text}")`);
    return value;
  };
}

/** The registered task, or a UsageError with did-you-mean and the list (exit 2). */
export function taskFlag(id: string): TaskDefinition {
  try {
    return getTask(id);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
