import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/core/error-message.js';

describe('errorMessage', () => {
  it('takes an Error’s message (not its name or stack) and anything else as text', () => {
    expect(errorMessage(new RangeError('size below the minimum'))).toBe('size below the minimum');
    expect(errorMessage('socket closed')).toBe('socket closed');
    expect(errorMessage(429)).toBe('429');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorMessage({ message: 'not an Error' })).toBe('[object Object]');
  });
});
