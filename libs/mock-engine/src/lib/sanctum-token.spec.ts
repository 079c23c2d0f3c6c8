import { isSanctumToken, newSanctumToken, sanctumTokenOf } from './sanctum-token';

describe('Sanctum tokens', () => {
  it("computes the checksum as Sanctum does: the real service's example token holds", () => {
    expect(sanctumTokenOf(234, '3uB2pBST2H6If8twXIeUaeNu23VJ8XassYoOVJuv')).toBe(
      '234|3uB2pBST2H6If8twXIeUaeNu23VJ8XassYoOVJuva48388e1',
    );
    expect(isSanctumToken('234|3uB2pBST2H6If8twXIeUaeNu23VJ8XassYoOVJuva48388e1')).toBe(true);
  });

  it.each([
    ['234|3uB2pBST2H6If8twXIeUaeNu23VJ8XassYoOVJuva48388e2', 'a wrong checksum'],
    ['3uB2pBST2H6If8twXIeUaeNu23VJ8XassYoOVJuva48388e1', 'no id'],
    ['1|mock-3uB2pBSTq9Yw8c7Xr6Lk5Jh4Gf3Ds2Aa', 'the old mock format'],
  ])('refuses %s (%s)', (token) => {
    expect(isSanctumToken(token)).toBe(false);
  });

  it('makes new tokens in that format, each different', () => {
    const first = newSanctumToken(7);
    expect(first).toMatch(/^7\|[A-Za-z0-9]{40}[0-9a-f]{8}$/);
    expect(isSanctumToken(first)).toBe(true);
    expect(newSanctumToken(7)).not.toBe(first);
  });
});
