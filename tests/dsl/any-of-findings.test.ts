// Fields that take one of several shapes (a number or a keyword, a keyword or an object): one finding per field,
// the matching alternative's complaint when the value has its shape, else every alternative named once.
import { describe, expect, it } from 'vitest';
import { schemaFindings } from '../../dsl/schema-findings.ts';

const messages = (document: unknown) => schemaFindings(document).map((f) => `${f.path}: ${f.message}`);

describe('anyOf fields in spec errors', () => {
  it('gives the range rule of the alternative whose type the value has', () => {
    expect(messages({ name: 'x', pretrain: { pool: { mriShare: 1.5 } } })).toEqual(['/pretrain/pool/mriShare: must be <= 1 (got 1.5)']);
    expect(messages({ name: 'x', pretrain: { optimizer: { weightDecayEnd: -1 } } })).toEqual(['/pretrain/optimizer/weightDecayEnd: must be >= 0 (got -1)']);
  });

  it('names every alternative once when the value fits none', () => {
    expect(messages({ name: 'x', pretrain: { pool: { mriShare: 'half' } } })).toEqual([
      '/pretrain/pool/mriShare: expected a number from 0 to 1 or "natural", got string "half"',
    ]);
    expect(messages({ name: 'x', pretrain: { freezeLastLayerSteps: 1.5 } })).toEqual([
      '/pretrain/freezeLastLayerSteps: expected an integer ≥ 0 or "epoch", got number 1.5',
    ]);
    expect(messages({ name: 'x', data: { window: 7 } })).toEqual(['/data/window: expected "file" or an object with center, width, got number 7']);
  });

  it('keeps the inner problems of an object alternative', () => {
    expect(messages({ name: 'x', data: { window: { center: 40 } } })).toEqual(['/data/window/width: missing required field "width"']);
    expect(messages({ name: 'x', data: { window: { center: 40, width: 0 } } })).toEqual(['/data/window/width: must be >= 1 (got 0)']);
  });

  it('accepts every alternative', () => {
    expect(messages({ name: 'x', pretrain: { pool: { mriShare: 'natural' }, freezeLastLayerSteps: 'epoch' }, data: { window: 'file' } })).toEqual([]);
    expect(messages({ name: 'x', pretrain: { pool: { mriShare: 0.3 }, freezeLastLayerSteps: 10 }, data: { window: { center: 40, width: 400 } } })).toEqual([]);
  });
});
