import { QrIndex } from './qr-index';
import { TokenRegistry } from './token-registry';

describe('TokenRegistry', () => {
  it('knows what it was given, by hash, and forgets on clear', () => {
    const tokens = new TokenRegistry();
    tokens.add('1|abc');
    expect(tokens.has('1|abc')).toBe(true);
    expect(tokens.has('1|abd')).toBe(false);
    tokens.clear();
    expect(tokens.has('1|abc')).toBe(false);
  });
});

describe('QrIndex', () => {
  it('points each current QR at its instance, and drops a replaced one', () => {
    const index = new QrIndex();
    index.replace('a', undefined, '2@one');
    expect(index.ownerOf('2@one')).toBe('a');
    index.replace('a', '2@one', '2@two');
    expect(index.ownerOf('2@one')).toBeUndefined();
    expect(index.ownerOf('2@two')).toBe('a');
    index.forget('2@two');
    expect(index.ownerOf('2@two')).toBeUndefined();
  });
});
