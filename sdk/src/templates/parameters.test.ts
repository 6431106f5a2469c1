import { describe, expect, it } from 'vitest';
import {
  formatParameterValue,
  parameterDefaults,
  parameterEnvironment,
  parseParameterValue,
} from './parameters.ts';
import type { TemplateParameters } from './schema.ts';

describe('parameter values', () => {
  it.each<[unknown, string]>([
    [null, ''],
    [undefined, ''],
    [true, '1'],
    [false, '0'],
    [25, '25'],
    [1.5, '1.5'],
    ['text', 'text'],
  ])('formats %j as %j', (value, text) => {
    expect(formatParameterValue(value as never)).toBe(text);
  });

  it.each<[unknown, string, unknown]>([
    ['integer', '42', 42],
    ['integer', ' -7 ', -7],
    ['integer', '4.2', '4.2'],
    ['integer', '99999999999999999999', '99999999999999999999'],
    ['number', '4.2', 4.2],
    ['number', '1e3', 1000],
    ['number', 'abc', 'abc'],
    ['boolean', '1', true],
    ['boolean', '0', false],
    ['boolean', 'true', 'true'],
    [['integer', 'null'], '', null],
    ['string', '42', '42'],
    [undefined, 'x', 'x'],
  ])('reads a %j value %j as %j', (type, raw, value) => {
    expect(parseParameterValue(type === undefined ? {} : { type }, raw)).toEqual(value);
  });

  const parameters: TemplateParameters = {
    type: 'object',
    properties: {
      A: {
        title: 'A',
        description: '',
        type: 'integer',
        default: 5,
        envVariable: 'A',
        userViewable: true,
        userEditable: true,
        rules: [],
      },
      B: {
        title: 'B',
        description: '',
        type: 'boolean',
        default: true,
        envVariable: 'B',
        userViewable: true,
        userEditable: true,
        rules: [],
      },
      C: {
        title: 'C',
        description: '',
        type: 'string',
        envVariable: 'C',
        userViewable: true,
        userEditable: true,
        rules: [],
      },
    },
    required: [],
  };

  it('collects defaults', () => {
    expect(parameterDefaults(parameters)).toEqual({ A: 5, B: true });
  });

  it('builds the environment from values over defaults', () => {
    expect(parameterEnvironment(parameters)).toEqual({ A: '5', B: '1', C: '' });
    expect(parameterEnvironment(parameters, { B: false, C: 'x' })).toEqual({
      A: '5',
      B: '0',
      C: 'x',
    });
  });
});
