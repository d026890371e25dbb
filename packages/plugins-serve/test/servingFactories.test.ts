// Specification of the factories a server loads models with: the project's classifier plugins first, then the built-in types they leave.

import type { ClassifierFactory } from '@skimmer/core';
import { describe, expect, it } from 'vitest';
import { SERVING_FACTORIES, servingFactories } from '../src/index.ts';

const factory = (type: string): ClassifierFactory => ({
  type,
  create: () => {
    throw new Error('unused');
  },
  load: () => Promise.reject(new Error('unused')),
});

describe('servingFactories', () => {
  it('is the built-in linear and tfjs factories when the project registers none', () => {
    expect(servingFactories().map((f) => f.type)).toEqual(['linear', 'tfjs']);
    expect(servingFactories([])).toEqual(SERVING_FACTORIES);
  });

  it("puts the project's factories first and drops the built-ins of the same type", () => {
    const mine = factory('mine');
    const linear = factory('linear');
    const all = servingFactories([mine, linear]);
    expect(all.map((f) => f.type)).toEqual(['mine', 'linear', 'tfjs']);
    expect(all[1]).toBe(linear);
  });
});
