import { describe, expect, it } from 'vitest';
import { type Mutation, mutate } from './arbitraries.js';

const base = { order: { price: '1.5', qty: '2' }, fills: [{ id: 1 }] };
const at = (pick: number, op: Mutation['op'], name = 'qty'): Mutation => ({ pick, op, value: 'X', name });

describe('reply mutations', () => {
  // Slots in walk order: order, order.price, order.qty, fills, fills[0], fills[0].id.
  it.each(['replace', 'delete', 'wrap', 'duplicate', 'stringify'] as const)(
    '%s changes an object branch and an array branch',
    (op) => {
      expect(mutate(base, [at(1, op)]), 'object').not.toEqual(base);
      expect(mutate(base, [at(4, op)]), 'array').not.toEqual(base);
    },
  );

  it('duplicate copies an object branch under a second key of the vocabulary', () => {
    expect(mutate(base, [at(1, 'duplicate', 'qty')])).toEqual({
      order: { price: '1.5', qty: '1.5' },
      fills: [{ id: 1 }],
    });
    expect(mutate(base, [at(1, 'duplicate', 'price')])).toEqual({
      order: { price: '1.5', qty: '2', price_: '1.5' },
      fills: [{ id: 1 }],
    });
    expect((mutate(base, [at(4, 'duplicate')]) as typeof base).fills).toEqual([{ id: 1 }, { id: 1 }]);
  });

  it('never touches the reply it starts from', () => {
    const copy = structuredClone(base);
    mutate(base, [at(0, 'delete'), at(2, 'wrap')]);
    expect(base).toEqual(copy);
  });
});
