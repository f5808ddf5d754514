// What the `bench data` subcommands share: the `data` command group they register under, positive-integer
// flags, a task id that must be registered, and the phantom commands' <task>, --size and --seed.
import { Option, type Command } from 'commander';
import { getTask } from '../../benchmarks/tasks/registry.ts';
import type { TaskDefinition } from '../../benchmarks/tasks/task.ts';
import { UsageError } from '../exit-codes.ts';

/** The `data` command group, created by whichever subcommand registers first. */
export function dataCommandGroup(program: Command): Command {
  return program.commands.find((c) => c.name() === 'data') ?? program.command('data').description('data sets: conversion, previews');
}

export function integerFlag(name: string, min: number): (text: string) => number {
  return (text: string) => {
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || value < min) throw new UsageError(`${name} expects an integer ≥ ${min} (got "${text}")`);
    return value;
  };
}

/** `bench data <name> <task>`: a subcommand of the data group that draws a task's synthetic phantoms. */
export function phantomCommand(program: Command, name: string, description: string): Command {
  return dataCommandGroup(program).command(name).description(description).argument('<task>', 'task id (see `bench tasks`)');
}

/** --size and --seed mean the same in every phantom command: the rendered image size and the phantom seed. */
export function phantomSizeOption(): Option {
  return new Option('--size <px>', 'phantom image size').argParser(integerFlag('--size', 16)).default(64);
}

export function phantomSeedOption(): Option {
  return new Option('--seed <n>', 'phantom seed').argParser(integerFlag('--seed', 0)).default(0);
}

/** The registered task, or a UsageError with did-you-mean and the list (exit 2). */
export function taskFlag(id: string): TaskDefinition {
  try {
    return getTask(id);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The registered task if it has a synthetic phantom to `verb` (e.g. "preview"), else a UsageError. */
export function phantomTaskFlag(id: string, verb: string): TaskDefinition {
  const task = taskFlag(id);
  if (task.phantom === undefined) throw new UsageError(`task "${task.id}" has no synthetic phantom to ${verb} (its data source is ${task.source})`);
  return task;
}
